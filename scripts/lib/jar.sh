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
