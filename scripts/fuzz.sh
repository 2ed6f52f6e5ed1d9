#!/usr/bin/env bash
# Runs each fuzz target (fuzz/: JSON Lines reader, HTML extractor, text stages, API query parsing, folder walk with
# links, issue 17) for a bounded time with cargo-fuzz and libFuzzer (issue 6). CI runs it (see
# .ci/run).
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]   # seconds per target (default 60), all targets by default
#
# Needs `cargo install cargo-fuzz`. cargo-fuzz wants a nightly compiler for its sanitizer flags;
# on a stable toolchain RUSTC_BOOTSTRAP=1 lets it build. The targets are built once, optimised
# with debug assertions and overflow checks on, and without a sanitizer by default (they are
# safe Rust: panics, overflows, hangs and memory blow-ups are what they hunt, and a build
# without ASan is about twice as quick to build and to run); FUZZ_SANITIZER=address puts ASan
# back.
#
# Inputs: the seeds committed in fuzz/seeds/TARGET, and the corpus libFuzzer grows in
# fuzz/corpus/TARGET (not committed). A crash fails the run; libFuzzer prints the input and the
# command that reproduces it, and keeps the input in fuzz/artifacts/TARGET. Build output goes to
# FUZZ_TARGET_DIR (default $CARGO_TARGET_DIR/fuzz, else target/fuzz).
set -euo pipefail

seconds=${1:-60}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}/fuzz}
sanitizer=${FUZZ_SANITIZER:-none}
cd "$root"
export RUSTC_BOOTSTRAP=1

flags=(-O --debug-assertions --sanitizer "$sanitizer" --target-dir "$target_dir")
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi

started=$(date +%s)
cargo fuzz build "${flags[@]}"
echo "== fuzz targets built in $(( $(date +%s) - started ))s"
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds}s"
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    seeds=()
    [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
    # libFuzzer's progress lines (#N NEW cov: ...) are left out of the log.
    set +e
    cargo fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | grep --line-buffered -v '^#[0-9]'
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then
        echo "FAIL fuzz $target (exit status $status): the input is in fuzz/artifacts/$target"
        exit 1
    fi
done
echo "== fuzzing done in $(( $(date +%s) - started ))s"
