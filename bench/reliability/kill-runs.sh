#!/usr/bin/env bash
# A run killed with -9 at N moments (default 10) drawn in 0.5-9.5 s after launch: what its
# status.json says, what `kenning runs record` makes of it, the run's status in `kenning runs list`
# (runs are recorded as they start) and whether the workspace opens.
# Usage: kill-runs.sh [N] [WORKDIR]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-10}" WORK="${2:-$(mktemp -d)}"
spec="$("$ROOT/bench/reliability/tiny-spec.sh" "$WORK")"
ws="$WORK/workspace"
cd "$ROOT"
RANDOM=7
for t in $(seq 1 "$N"); do
  out="$WORK/kill-$t"
  delay=$(( RANDOM % 9000 + 500 ))
  ./kenning run "$spec" --out "$out" --workspace "$ws" > "$WORK/kill-$t.log" 2>&1 & pid=$!
  sleep "$(awk "BEGIN{print $delay/1000}")"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  state=$(grep -o '"status" : "[a-z]*"' "$out/status.json" 2>/dev/null || echo "no status.json")
  record=$(./kenning runs record "$out" --workspace "$ws" 2>&1 | head -1 | cut -c1-110)
  listing=$(./kenning runs list --workspace "$ws" 2>&1); opened=$?
  # the row of this trial's folder (its label is the folder's name): the status column
  list=$(awk -v run="kill-$t" '$1 == run { for (i = 2; i <= NF; i++) if ($i ~ /^(running|interrupted|completed|failed|cancelled|missing)$/) { print $i; exit } }' <<< "$listing")
  echo "trial $t: killed after $delay ms; status.json: $state; runs record: $record; runs list (exit $opened): ${list:-not listed}"
done
