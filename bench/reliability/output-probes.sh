#!/usr/bin/env bash
# Outputs Kenning cannot write, probed for real: a read-only --out, a disk without room for the
# run, and a disk that fills up during a run. Run as root: the read-only probes drop
# CAP_DAC_OVERRIDE (setpriv), so folder permissions bind as for any user while root's own files
# (~/.m2, the build) stay readable; the full disks are small tmpfs mounts. Prints each probe's
# exit code, message and what is left.
# Usage: output-probes.sh [WORKDIR]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="${1:-$(mktemp -d)}"
spec="$("$ROOT/bench/reliability/tiny-spec.sh" "$WORK")"
cd "$ROOT"
./kenning --help > /dev/null # build first, as root
as_user() { setpriv --bounding-set -dac_override,-dac_read_search -- "$@"; }

probe() { # name, --out, [setpriv]
  local name="$1" out="$2" how="$3" t0 code
  t0=$(date +%s.%N)
  if [[ "$how" == user ]]; then as_user ./kenning run "$spec" --out "$out" --workspace off > "$WORK/$name.log" 2>&1
  else ./kenning run "$spec" --out "$out" --workspace off > "$WORK/$name.log" 2>&1; fi
  code=$?
  echo "== $name: exit $code after $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}") s"
  grep -E '^(error|warning|» deriving)' "$WORK/$name.log" | head -3
  if [[ -d "$out" ]]; then
    echo "   left: $(cd "$out" && find . -type f -printf '%p %s\n' | sort | tr '\n' ';')"
    [[ -f "$out/status.json" ]] && echo "   status.json: $(tr -d '\n' < "$out/status.json" | cut -c1-240)"
  else
    echo "   left: no folder"
  fi
}

mkdir -p "$WORK/ro"; chmod 555 "$WORK/ro"
probe read-only-parent "$WORK/ro/run" user
mkdir -p "$WORK/ro-empty"; chmod 555 "$WORK/ro-empty"
probe read-only-empty-out "$WORK/ro-empty" user

# A disk with less room than the run's estimated size (360 KiB): refused before training.
# A disk that fills up mid-run: a 24 MiB tmpfs passes the check (the tiny run's estimate and the
# 16 MiB margin), then another writer fills it once the run has passed the check and written
# constraints.json.
mkdir -p "$WORK/full"
if mount -t tmpfs -o size=360k tmpfs "$WORK/full" 2>/dev/null; then
  probe full-before-start "$WORK/full/run" root
  umount "$WORK/full"
  mount -t tmpfs -o size=24m tmpfs "$WORK/full"
  ( for _ in $(seq 1 1200); do [[ -f "$WORK/full/run/constraints.json" ]] && break; sleep 0.05; done
    dd if=/dev/zero of="$WORK/full/filler" bs=64k 2>/dev/null ) &
  probe fills-during-run "$WORK/full/run" root
  wait
  umount "$WORK/full"
else
  echo "== full-disk: mount -t tmpfs not permitted here; not probed"
fi
