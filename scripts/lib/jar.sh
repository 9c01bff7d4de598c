# Sourced by the scripts: sets $root, $jar, $job_jar and $archive, and builds the jars on first use
# or when the sources are newer than them, with the bundled jar's class-data-sharing archive.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Everything, embedded Flink included.
jar="$root/target/segmart-0.1.0-SNAPSHOT-bundled.jar"
# The same without Flink's own classes: what a Flink cluster is given to run.
job_jar="$root/target/segmart-0.1.0-SNAPSHOT-flink-job.jar"
archive="$root/target/segmart.jsa"


# Writes one day of the bundled data (2011-11-04, 3,011 lines) to the gzip file $1: the input of the
# archive's training run and the benchmark's smallest size.
write_one_day() {
  zcat "$root/data/online-retail/online-retail-2011-11.csv.gz" | awk 'NR == 1 || /,2011-11-04 /' | gzip >"$1"
}

# Writes $archive: the classes one short run on embedded Flink loads (one day of the bundled data),
# which later runs map from it instead of loading them from the jar. Optional: a run without it
# only starts slower.
build_archive() {
  local day
  day="$(mktemp -d)"
  write_one_day "$day/day.csv.gz"
  rm -f "$archive"
  java -Xmx2g -XX:+UseParallelGC "-XX:ArchiveClassesAtExit=$archive" -jar "$jar" \
    "--pipeline=$root/pipelines/online-retail.yaml" "--input=$day/day.csv.gz" "--output=$day/out" \
    --runner=FlinkRunner "--flinkMaster=[local]" --fasterCopy=true "--flinkConfDir=$root/src/main/flink-conf" \
    >"$day/log" 2>&1 || { echo "segmart: no class-data-sharing archive (log: $day/log)" >&2; return 0; }
  rm -rf "$day"
}

if [[ ! -f "$jar" || ! -f "$job_jar" ]] || [[ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "segmart: building $jar (first use or sources changed) ..." >&2
  log="$(mktemp)"
  if ! mvn -q -B -f "$root/pom.xml" -DskipTests package >"$log" 2>&1; then
    cat "$log" >&2
    echo "segmart: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  build_archive
fi

# Whether the script's own arguments (the array args) hold an option starting with $1.
has() { local prefix="$1" a; for a in "${args[@]+"${args[@]}"}"; do [[ "$a" == "$prefix"* ]] && return 0; done; return 1; }

# Prints the bytes (as stored) of the local files the run's --input names, or nothing for object
# stores, BigQuery, no --input or no match.
input_bytes() {
  local arg pattern="" total=0 file
  for arg in "$@"; do [[ "$arg" == --input=* ]] && pattern="${arg#--input=}"; done
  [[ -n "$pattern" && "$pattern" != *://* ]] || return 0
  shopt -s nullglob
  for file in $pattern; do total=$((total + $(stat -c %s "$file"))); done
  shopt -u nullglob
  [[ "$total" -gt 0 ]] && echo "$total"
  return 0
}

# The benchmark's own code (the invoice generator) is built with the tests, outside the production
# jar: bench_classpath builds it on first use and prints the class path that runs it.
bench_classpath() {
  local classes="$root/target/test-classes"
  local marker="$classes/io/segmart/tools/GenerateInvoices.class"
  if [[ ! -f "$marker" ]] || [[ -n "$(find "$root/src/bench" -newer "$marker" -print -quit)" ]]; then
    echo "segmart: building the benchmark's classes ..." >&2
    mvn -q -B -f "$root/pom.xml" test-compile >&2
  fi
  echo "$classes:$jar"
}
