#!/usr/bin/env bash
# Load test of `dyad serve` (issue 17): C parallel clients each asking for R pages of
# `/api/events?limit=1000` from a store whose merged events have hundreds of sources. Reports
# requests/s, the statuses, p50/p99/max latency and the server's peak memory (VmHWM).
# Targets: peak under 1 GB, every request answered (200 or 503) within 15 s.
#
#   scripts/loadtest.sh [C] [R]        # default 200 clients, 3 requests each
#
# Environment: CARGO_TARGET_DIR (build here), N (generated articles, default 1000), COPIES
# (copies of one story, default 300), STRICT=1 (exit 1 when a target is missed).
set -euo pipefail

clients=${1:-200}
rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cd "$root"
cargo build --release --quiet -p dyad --bin dyad
cargo build --release --quiet -p dyad-core --example gen_corpus
dyad="$target/release/dyad"
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$target/release/examples/gen_corpus" "${N:-1000}" > "$work/corpus.jsonl"
python3 - "$work/copies.jsonl" "${COPIES:-300}" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
text = ("China and Japan signed a trade agreement in Tokyo on Monday. "
        "Russia accused Ukraine of shelling a border town on Sunday.")
with open(path, "w") as f:
    for k in range(n):
        f.write(json.dumps({"id": f"copy-{k}", "published": "2024-03-04", "text": text}) + "\n")
PY
"$dyad" ingest -q --db "$work/dyad.db" "$work/corpus.jsonl" "$work/copies.jsonl" 2>&1 | tail -1

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$dyad" serve --db "$work/dyad.db" --addr "127.0.0.1:$port" 2> "$work/serve.log" &
server=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/api/health" > /dev/null && break
  sleep 0.1
done
one=$(curl -s "http://127.0.0.1:$port/api/events?limit=1000" | wc -c)
echo "store: $(du -k "$work/dyad.db" | cut -f1) KiB; one page of 1000 events: $((one / 1024)) KiB"

start=$(date +%s.%N)
seq $((clients * rounds)) | xargs -P "$clients" -I{} \
  curl -s -o /dev/null -m 15 -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/api/events?limit=1000" \
  > "$work/results" || true
end=$(date +%s.%N)
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$server/status")
kill -TERM "$server"
wait "$server" && stopped=0 || stopped=$?
server=

python3 - "$work/results" "$start" "$end" "$peak_kb" "$threads" "$stopped" "${STRICT:-0}" <<'PY'
import sys
path, start, end, peak_kb, threads, stopped, strict = sys.argv[1:]
rows = [line.split() for line in open(path) if line.strip()]
codes = {}
times = sorted(float(t) for _, t in rows)
for code, _ in rows:
    codes[code] = codes.get(code, 0) + 1
wall = float(end) - float(start)
pct = lambda p: times[min(len(times) - 1, int(p * len(times)))] if times else 0.0
peak_mb = int(peak_kb) // 1024
answered = sum(n for c, n in codes.items() if c in ("200", "503"))
print(f"{len(rows)} requests in {wall:.1f} s: {len(rows) / wall:.1f} requests/s; statuses {dict(sorted(codes.items()))}")
print(f"latency p50 {pct(0.5):.2f} s, p99 {pct(0.99):.2f} s, max {times[-1] if times else 0:.2f} s")
print(f"server peak memory {peak_mb} MB, {threads} threads; exit after SIGTERM: {stopped}")
ok = peak_mb < 1024 and answered == len(rows) and (not times or times[-1] < 15) and stopped == "0"
print("targets (peak < 1 GB, every request 200 or 503 within 15 s, clean stop):", "met" if ok else "MISSED")
if strict == "1" and not ok:
    sys.exit(1)
PY
