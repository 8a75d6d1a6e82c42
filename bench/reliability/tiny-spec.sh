#!/usr/bin/env bash
# Writes a 10-step free-fall spec (16 training, 8 test videos) into $1 and prints its path:
# a run of a few seconds, for the run-folder probes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$1"
sed -e "s#\.\./#$ROOT/#g; s#- free-fall-scene.ttl#- $ROOT/experiments/free-fall-scene.ttl#" \
    -e "s/train_videos: 256/train_videos: 16/; s/test_videos: 48/test_videos: 8/; s/steps: 400/steps: 10/" \
    "$ROOT/experiments/free-fall.yaml" > "$1/tiny.yaml"
echo "$1/tiny.yaml"
