#!/usr/bin/env bash
# Scores target/release/dyad on the gold sets in ../shared (when present).
# Usage: scripts/accuracy.sh [set...]   (default: seeds plover-gsr petr2-gsr)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${DYAD_SHARED:-$top/../shared}
bin=$top/target/release/dyad
sets=("$@"); [ ${#sets[@]} -gt 0 ] || sets=(seeds plover-gsr petr2-gsr)
out=$(mktemp -d)
for set in "${sets[@]}"; do
  "$bin" code "$shared/corpus/$set.jsonl" >"$out/$set.jsonl" 2>/dev/null || true
  printf '%-11s %s\n' "$set" "$(python3 "$shared/eval/score.py" "$shared/gold/$set.gold.jsonl" "$out/$set.jsonl" --quiet)"
done
# Real news sentences, one human-coded event each (score_plv.py): measured, never copied in.
if [ -f "$shared/corpus/plv-dev.jsonl" ]; then
  "$bin" code "$shared/corpus/plv-dev.jsonl" >"$out/plv-dev.jsonl" 2>/dev/null || true
  printf '%-11s %s\n' plv-dev "$(python3 "$shared/eval/score_plv.py" "$shared/gold/plv-dev.gold.jsonl" "$out/plv-dev.jsonl" --calibration | tail -1)"
fi
# The repository's own development sets (eval/README.md).
for dir in "$top"/eval/*/; do
  set=$(basename "$dir")
  "$bin" code "$dir/articles.jsonl" >"$out/$set.jsonl" 2>/dev/null || true
  printf '%-11s %s\n' "$set" "$(python3 "$shared/eval/score.py" "$dir/gold.jsonl" "$out/$set.jsonl" --quiet)"
done
echo "predictions in $out"
