#!/usr/bin/env bash
# The few-shot semantics grid (docs/sweeps.md) run the way one would without a sweep: each
# configuration and seed a separate `./kenning run`, one after another. Prints each run's wall time
# and metric, then the total, to set beside
#   ./kenning sweep experiments/fewshot-fashion.yaml --set knowledge.semantics=product,godel,lukasiewicz --seeds 0..4 --master 'local[2]'
# Usage: bench/fewshot-sequential.sh [OUT_DIR]   (SEMANTICS="product godel" SEEDS="0 1" narrow it;
# OMP_NUM_THREADS as for ./kenning: unset means one thread per core)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/.kenning/fewshot-sequential}"
SEMANTICS="${SEMANTICS:-product godel lukasiewicz}"
SEEDS="${SEEDS:-0 1 2 3 4}"
METRIC="${METRIC:-knowledge.acc_5way1shot}"
SPEC="$ROOT/experiments/fewshot-fashion.yaml"
mkdir -p "$OUT"

# Build first, so the first run's time is a run's, not a build's.
"$ROOT/kenning" constraints "$SPEC" >/dev/null

# kenning run has no --set: one spec per semantics, beside the original so its relative paths hold.
specs=()
trap 'rm -f "${specs[@]}"' EXIT
for sem in $SEMANTICS; do
  s="$ROOT/experiments/.fewshot-fashion-$sem.yaml"
  sed "s/^  semantics: [a-z]*/  semantics: $sem/" "$SPEC" > "$s"
  grep -q "^  semantics: $sem" "$s" || { echo "error: could not set semantics in $s" >&2; exit 2; }
  specs+=("$s")
done

echo "commit $(git -C "$ROOT" rev-parse --short HEAD), OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset (one per core: $(nproc))}"
printf '%-12s %4s %9s %s\n' semantics seed seconds "$METRIC"
total_start=$(date +%s.%N)
for sem in $SEMANTICS; do
  for seed in $SEEDS; do
    dir="$OUT/$sem-seed$seed"
    rm -rf "$dir"
    t0=$(date +%s.%N)
    "$ROOT/kenning" run "$ROOT/experiments/.fewshot-fashion-$sem.yaml" --seed "$seed" --out "$dir" \
        --workspace off > "$dir.log" 2>&1
    t1=$(date +%s.%N)
    printf '%-12s %4s %9.1f %.17g\n' "$sem" "$seed" "$(echo "$t1 - $t0" | bc)" "$(jq -r ".\"$METRIC\"" "$dir/metrics.json")"
  done
done
total_end=$(date +%s.%N)
printf 'total wall time: %.1f s\n' "$(echo "$total_end - $total_start" | bc)"
