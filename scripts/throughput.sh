#!/usr/bin/env bash
# Throughput of `dyad code` on generated wire articles (issue 6): articles/s, MB/s, peak memory
# and the speed-up from one to two threads, with the full pipeline (tagger and parser included),
# plus start-up (loading lexicons and models).
#
#   scripts/throughput.sh [N]          # N articles, default 5000
#
# The corpus comes from crates/dyad-core/examples/gen_corpus.rs (the generator of the criterion
# benches). Environment: CARGO_TARGET_DIR (build here), RUNS (timed runs per thread count, the
# best is kept; default 1), STRICT=1 (exit 1 when a target of issue 6 is missed).
set -euo pipefail

n=${1:-5000}
runs=${RUNS:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cd "$root"

cargo build --release --quiet -p dyad --bin dyad
dyad="$target/release/dyad"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus.jsonl"
cargo run --release --quiet -p dyad-core --example gen_corpus -- "$n" > "$corpus"
echo "corpus: $n articles, $(du -k "$corpus" | cut -f1) KiB of JSON Lines ($corpus)"

# One timed run: prints the --stats JSON object of dyad code, with the CPU seconds it used
# (user + system; on a busy machine articles per CPU-second tells more than wall time) and the
# load average when it ended.
run() {
    local threads=$1
    /usr/bin/time -f '%U %S' -o "$work/cpu" "$dyad" code --stats --threads "$threads" "$corpus" > "$work/events.jsonl" 2> "$work/stderr" || {
        cat "$work/stderr" >&2
        echo "dyad code failed" >&2
        exit 1
    }
    local cpu load
    cpu=$(awk '{print $1 + $2}' "$work/cpu")
    load=$(cut -d' ' -f1 /proc/loadavg)
    grep '^dyad: {' "$work/stderr" | tail -1 | sed 's/^dyad: //' | jq -c --argjson cpu "$cpu" --argjson load "$load" \
        '. + {cpu_seconds: $cpu, articles_per_cpu_second: ((.articles / $cpu * 10 | round) / 10), load_average: $load}'
}

best() {
    local threads=$1 line best_line="" best_rate=0
    for _ in $(seq "$runs"); do
        line=$(run "$threads")
        rate=$(jq -r .articles_per_second <<< "$line")
        if jq -e -n "$rate > $best_rate" > /dev/null; then
            best_rate=$rate
            best_line=$line
        fi
    done
    echo "$best_line"
}

one=$(best 1)
two=$(best 2)
events=$(wc -l < "$work/events.jsonl")

# Start-up: a whole process coding one short article, best of five.
printf '%s\n' '{"id":"s","published":"2023-01-17","text":"Japan praised Vietnam on January 16."}' > "$work/one.jsonl"
startup_ms=""
for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    "$dyad" code "$work/one.jsonl" > /dev/null 2>&1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$startup_ms" ] || [ "$ms" -lt "$startup_ms" ]; then startup_ms=$ms; fi
done

jq -n --argjson one "$one" --argjson two "$two" --argjson startup "$startup_ms" --argjson events "$events" '
  def mark(ok): if ok then "ok" else "MISSED" end;
  ($two.articles_per_second / $one.articles_per_second) as $speedup
  | ([$one.peak_rss_mb, $two.peak_rss_mb] | max) as $peak
  | "threads  articles/s  MB/s  peak MiB  seconds  CPU s  articles/CPU-s  load ms  load avg",
    ([$one, $two][] | "\(.threads)  \(.articles_per_second)  \(.mb_per_second)  \(.peak_rss_mb)  \(.seconds)  \(.cpu_seconds)  \(.articles_per_cpu_second)  \(.startup_ms)  \(.load_average)"),
    "events: \($one.events) (1 thread), \($two.events) (2 threads) \(mark($one.events == $two.events))",
    "",
    "target                         measured     ",
    "articles/s >= 400 (2 threads)  \($two.articles_per_second)  \(mark($two.articles_per_second >= 400))",
    "peak memory < 1024 MiB         \($peak)  \(mark($peak < 1024))",
    "speed-up 1->2 threads >= 1.7   \($speedup * 100 | round / 100)  \(mark($speedup >= 1.7))",
    "start-up < 300 ms (process)    \($startup)  \(mark($startup < 300))",
    "",
    ({articles: $one.articles, events: $one.events, one_thread: $one, two_threads: $two,
      speedup: ($speedup * 100 | round / 100), peak_rss_mb: $peak, startup_process_ms: $startup,
      met: ($one.events == $two.events and $two.articles_per_second >= 400 and $peak < 1024 and $speedup >= 1.7 and $startup < 300)} | tojson)
' -r | tee "$work/report"

if [ "${STRICT:-0}" = 1 ] && ! tail -1 "$work/report" | jq -e .met > /dev/null; then
    exit 1
fi
