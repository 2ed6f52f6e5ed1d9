#!/usr/bin/env bash
# Runs each fuzz target (fuzz/: JSON Lines reader, HTML extractor, text stages) for a bounded
# time with cargo-fuzz and libFuzzer (issue 6).
#
#   scripts/fuzz.sh [SECONDS]      # seconds per target, default 60
#
# Needs `cargo install cargo-fuzz`. cargo-fuzz wants a nightly compiler for its sanitizer
# flags; on a stable toolchain RUSTC_BOOTSTRAP=1 lets it build. Corpora and crash artifacts
# stay in fuzz/corpus/TARGET and fuzz/artifacts/TARGET (not committed); a crash fails the run
# and libFuzzer prints the input and the command that reproduces it. Build output goes to
# $CARGO_TARGET_DIR/fuzz (default target/fuzz).
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}/fuzz
cd "$root"
export RUSTC_BOOTSTRAP=1

RUSTC_BOOTSTRAP=1 cargo fuzz build -O --target-dir "$target_dir"
for target in $(cargo fuzz list); do
    echo "== fuzz $target for ${seconds}s"
    mkdir -p "fuzz/corpus/$target"
    # Seed an empty corpus with the repository's own inputs.
    if [ -z "$(ls -A "fuzz/corpus/$target")" ]; then
        case $target in
            jsonl) cp examples/*.jsonl "fuzz/corpus/$target/" ;;
            html) cp crates/dyad-core/tests/fixtures/html/*.htm* "fuzz/corpus/$target/" 2>/dev/null || true ;;
            text) cp examples/*.txt "fuzz/corpus/$target/" ;;
        esac
    fi
    cargo fuzz run -O --target-dir "$target_dir" "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
done
