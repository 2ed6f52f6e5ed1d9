#!/usr/bin/env bash
# End-to-end test of dyad's web page in headless Chromium (Debian's chromium).
#
# Builds the fixture server (a store of the fixture articles), starts it on a free loopback port,
# lets Chromium render the event table, an article view, an actor page, the network graph, the
# commitments view, the pair view of Vietnam and the UN and the actor search (actors and
# persons), and checks the rendered DOM with check.py; saves a screenshot of each under
# target/e2e/. Then drives the page through chromedriver (drive.py) for what the DOM alone cannot
# tell: the chosen event's card and sentence on screen, and a person typed into the actor box.
# Installs chromium and chromedriver when missing.
# Prints "N passed, N failed" and exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "installing chromium" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Release by default, to reuse what `cargo test --release` built; DYAD_E2E_PROFILE=debug for a
# quicker local build.
profile="${DYAD_E2E_PROFILE:-release}"
target="${CARGO_TARGET_DIR:-$root/target}"
server="$target/$profile/examples/fixture_server"
if [ "$profile" = release ]; then
    # The same build as `cargo test --workspace --release` (which builds examples too), so that
    # after CI's test step nothing is rebuilt with another feature set.
    cargo test -q --release --workspace --no-run >/dev/null 2>&1 || true
    [ -x "$server" ] || cargo build -q --release -p dyad-serve --example fixture_server
else
    cargo build -q -p dyad-serve --example fixture_server
fi

tmp="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$server" "$tmp/dyad.db" "127.0.0.1:$port" 2>"$tmp/server.log" &
pid=$!
for _ in $(seq 1 100); do
    if python3 -c "import urllib.request, sys; urllib.request.urlopen('$base/api/health', timeout=1)" 2>/dev/null; then
        break
    fi
    sleep 0.1
done

shots="$target/e2e"
mkdir -p "$shots"
render() { # name url
    local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
        --disable-background-networking --disable-component-update --disable-sync
        --user-data-dir="$tmp/profile-$1" --virtual-time-budget=10000)
    timeout 60 chromium "${flags[@]}" --dump-dom "$2" >"$tmp/$1.html" 2>"$tmp/$1.log" &&
        timeout 60 chromium "${flags[@]}" --window-size=1300,1000 --screenshot="$shots/$1.png" "$2" \
            >/dev/null 2>>"$tmp/$1.log"
}

passed=0
failed=0
check() { # name url check-args... (the name up to its first "-" is check.py's mode)
    local name="$1" url="$2"
    shift 2
    if render "$name" "$url" && python3 "$here/check.py" "${name%%-*}" "$tmp/$name.html" "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "--- $name: chromium log" >&2
        tail -5 "$tmp/$name.log" >&2 || true
    fi
}

check events "$base/#/events"
check article "$base/#/article/vn-lao-1?event=1" \
    "Vietnam and Laos signed a memorandum on education on Tuesday." \
    "Vietnamese Prime Minister Phạm Minh Chính praised Laos for its support." \
    "The United Nations welcomed the agreement."
# After an emoji (two UTF-16 units, one code point): spans must count code points.
check article-emoji "$base/#/article/us-cn-2?event=4" "China rejected the accusation in March 2024."
check actor "$base/#/actor/VNM"
check graph "$base/#/graph"
check commitments "$base/#/commitments"
# Issue 15's analyst question: what did Vietnam and the UN do together in 2023, and promise?
check pair "$base/#/pair/VNM/UN?since=2023&until=2023"
check found-viet-nam "$base/#/actors?q=viet%20nam" VNM
check found-united-nations "$base/#/actors?q=united%20nations" UN
# Persons as typed: a surname, and a name without its accents.
check person-lacroix "$base/#/actors?q=lacroix" "Jean-Pierre Lacroix" "UN the United Nations Organization, Under-Secretary-General"
check person-phuc "$base/#/actors?q=nguyen%20xuan%20phuc" "Nguyễn Xuân Phúc" "VNM Vietnam, President"
check nomatch "$base/#/actors?q=Atlantis"
check actors "$base/#/actors"

# In a live browser: the article card in view, a person typed into the actor box.
for name in article-in-view typed-person; do
    if timeout 120 python3 "$here/drive.py" "$base" "$name" "$shots"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done

echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
