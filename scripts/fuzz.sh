#!/usr/bin/env bash
# Runs SegMart's coverage-guided fuzz tests (Jazzer) for a given time each, one target after another,
# and prints per target how long it ran, how many inputs it tried and whether it found a crash.
#
#   scripts/fuzz.sh [--time=10m] [csv-reader] [line-rules] [config]     (default: all three)
#
# Targets: csv-reader (CsvRecordReader on any bytes), line-rules (the Online Retail cleaning rules on
# any line), config (the configuration loader on any YAML). An input that crashes a target is saved
# under src/test/resources/<package>/<Test>Inputs/<method>/, where `mvn verify` replays it from then
# on: fix the code, keep the input. The corpus each run grows is kept in .cifuzz-corpus/ (not
# committed) so that the next run starts from it. Logs go to target/fuzz/<target>.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

time_limit=10m
targets=()
for arg in "$@"; do
  case "$arg" in
    --time=*) time_limit="${arg#*=}" ;;
    csv-reader|line-rules|config) targets+=("$arg") ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(csv-reader line-rules config)

test_of() {
  case "$1" in
    csv-reader) echo "io.segmart.io.csv.CsvRecordReaderFuzzTest#everyLineIsAccountedFor" ;;
    line-rules) echo "io.segmart.staging.LineRulesFuzzTest#keptOrRejected" ;;
    config) echo "io.segmart.config.ConfigLoaderFuzzTest#loadsOrSaysWhy" ;;
  esac
}

# A configuration's `extends` may name a file in any folder, by design: the operator writes it. So
# Jazzer's path-traversal check is off for that target.
hooks_off() {
  [ "$1" != config ] || echo "-Djazzer.disabled_hooks=com.code_intelligence.jazzer.sanitizers.FilePathTraversal"
}

mkdir -p target/fuzz
mvn -q -B -ntp test-compile
status=0
for target in "${targets[@]}"; do
  log="target/fuzz/$target.log"
  echo "fuzz: $target for $time_limit (log: $log) ..." >&2
  start=$(date +%s)
  # Fuzzing runs inside one JUnit test; JUnit's own timeouts would stop it.
  if JAZZER_FUZZ=1 mvn -B -ntp surefire:test -Dtest="$(test_of "$target")" \
      -Djazzer.max_duration="$time_limit" $(hooks_off "$target") -Djunit.jupiter.execution.timeout.mode=disabled \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
    result="no crash"
  else
    result="CRASH (see $log; the input is saved under src/test/resources)"
    status=1
  fi
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  if [ -z "$runs" ] && [ "$result" = "no crash" ]; then
    result="DID NOT RUN (see $log)"
    status=1
  fi
  echo "fuzz: $target: $(( $(date +%s) - start )) s, ${runs:-?} inputs tried, $result"
done
exit $status
