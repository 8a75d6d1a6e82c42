#!/usr/bin/env bash
# Two runs started together into one --out, N trials (default 10): exactly one should complete,
# the other be refused at once (exit 2). Prints one line per trial. Usage: run-folder-race.sh [N] [WORKDIR]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-10}" WORK="${2:-$(mktemp -d)}"
spec="$("$ROOT/bench/reliability/tiny-spec.sh" "$WORK")"
cd "$ROOT"
for t in $(seq 1 "$N"); do
  out="$WORK/race-$t"
  ./kenning run "$spec" --seed 1 --out "$out" --workspace off > "$WORK/race-$t-a.log" 2>&1 & a=$!
  ./kenning run "$spec" --seed 2 --out "$out" --workspace off > "$WORK/race-$t-b.log" 2>&1 & b=$!
  wait $a; ea=$?; wait $b; eb=$?
  seed=$(grep -m1 '^seed' "$out/spec.yaml" 2>/dev/null); state=$(grep -o '"status" : "[a-z]*"' "$out/status.json" 2>/dev/null)
  refused=$(grep -h "^error" "$WORK/race-$t-a.log" "$WORK/race-$t-b.log" | head -1 | cut -c1-100)
  echo "trial $t: exit codes $ea $eb; folder: $seed, $state; $refused"
done
