#!/usr/bin/env bash
# Runs each fuzz target with Jazzer for SECONDS (default 300), one after the other, and prints per
# target the runs, executions per second, the size of the generated corpus and any finding.
# A finding (an input that ends in anything but the one InputError) is saved by Jazzer under the
# target's src/test/resources/.../<Class>Inputs/<method>/ folder, where the build's regression
# run picks it up. Usage: bench/reliability/fuzz.sh [SECONDS] [module:Class#method ...]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_EACH="${1:-300}"; shift || true
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(kg:RdfImportFuzzTest#turtle kg:RdfImportFuzzTest#rdfXml rules:PackCheckFuzzTest#pack
           datasets:ImageReadersFuzzTest#png datasets:ImageReadersFuzzTest#idxImages
           datasets:ImageReadersFuzzTest#idxLabels workbench:SpecFileFuzzTest#spec export:BundleLoadFuzzTest#manifest)
fi
LOGS="${FUZZ_LOGS:-$(mktemp -d)}"
cd "$ROOT"
for t in "${TARGETS[@]}"; do
  module="${t%%:*}" test="${t#*:}" class="${test%%#*}" method="${test#*#}"
  log="$LOGS/$class-$method.log"
  # the annotation's maxDuration is the default; a later -max_total_time given to libFuzzer wins
  JAZZER_FUZZ=1 ./mvnw -B -o -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$SECONDS_EACH" > "$log" 2>&1
  code=$?
  done_line=$(grep -ao 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1)
  execs=$(grep -aoE 'exec/s: [0-9]+' "$log" | tail -1)
  corpus=$(find "$module/.cifuzz-corpus" -path "*$class*" -path "*$method*" -type f 2>/dev/null | wc -l)
  finding=$(grep -aE '== Java Exception|FuzzerSecurityIssue|crash-[0-9a-f]+' "$log" | head -2 | tr '\n' ' ')
  echo "$class#$method: maven exit $code; ${done_line:-no Done line}; last ${execs:-exec/s unknown}; corpus $corpus; ${finding:-no finding} (log $log)"
done
