# Sourced by the scripts: sets $root and $jar, and builds the bundled jar on first use or when the
# sources are newer than it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/target/segmart-0.1.0-SNAPSHOT-bundled.jar"

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$jar" -print -quit)" ]]; then
  echo "segmart: building $jar (first use or sources changed) ..." >&2
  log="$(mktemp)"
  if ! mvn -q -B -f "$root/pom.xml" -DskipTests package >"$log" 2>&1; then
    cat "$log" >&2
    echo "segmart: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
fi

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
