#!/usr/bin/env bash
# Hostile input for `dyad code` (issue 17): each case run with /usr/bin/time -v, reporting the
# wall time, the peak memory and the exit code. Targets: every case done in seconds; the 2 GB
# line and /dev/zero refused under 300 MB; the page with 160k attributes on one element coded
# in under 2 s.
#
#   scripts/hostile.sh            # all cases; SKIP_BIG=1 leaves out the 2 GB file
#
# Environment: CARGO_TARGET_DIR (build here), STRICT=1 (exit 1 when a target is missed).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cd "$root"
cargo build --release --quiet -p dyad --bin dyad
dyad="$target/release/dyad"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
missed=0

story='China and Japan signed a trade agreement in Tokyo on Monday.'
mkdir -p "$work/loop/a/b"
echo "$story" > "$work/loop/a/b/story.txt"
ln -s .. "$work/loop/a/b/up"
ln -s . "$work/loop/a/self"
ln -s /dev/zero "$work/zero.jsonl"
mkfifo "$work/fifo.jsonl"
python3 - "$work" "$story" "${SKIP_BIG:-0}" <<'PY'
import sys
work, story, skip_big = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
attrs = "".join(f' data-a{k}="{k}"' for k in range(160_000))
with open(f"{work}/attrs.html", "w") as f:
    f.write(f"<html><head><title>Trade</title></head><body><p{attrs}>{story}</p></body></html>")
if not skip_big:
    with open(f"{work}/big.jsonl", "wb") as f:
        f.write(b'{"id":"big","text":"')
        chunk = b"a" * (1 << 20)
        for _ in range(2048):
            f.write(chunk)
        f.write(b'"}\n{"id":"ok","text":"' + story.encode() + b'"}\n')
PY

# case NAME MAX_SECONDS MAX_MB PATH
case_() {
  local name=$1 max_s=$2 max_mb=$3 path=$4 rc=0
  [ -e "$path" ] || [ -L "$path" ] || return 0
  timeout 120 /usr/bin/time -v "$dyad" code "$path" > "$work/out" 2> "$work/err" || rc=$?
  local secs kb
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/err")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/err")
  local mb=$((kb / 1024)) verdict=ok
  if awk -v s="$secs" -v m="$max_s" 'BEGIN {exit !(s > m)}' || [ "$mb" -gt "$max_mb" ]; then
    verdict=MISSED
    missed=1
  fi
  printf '%-14s %6.2f s %5d MB  exit %d  %s (targets %s s, %s MB)\n' "$name" "$secs" "$mb" "$rc" "$verdict" "$max_s" "$max_mb"
  grep '^dyad: skipped' "$work/err" | head -3 | sed 's/^/    /'
}

case_ "symlink loop" 10 300 "$work/loop"
case_ "fifo" 5 300 "$work/fifo.jsonl"
case_ "/dev/zero" 5 300 "$work/zero.jsonl"
case_ "2 GB line" 30 300 "$work/big.jsonl"
case_ "160k attrs" 2 300 "$work/attrs.html"

if [ "${STRICT:-0}" = 1 ] && [ "$missed" = 1 ]; then
  exit 1
fi
