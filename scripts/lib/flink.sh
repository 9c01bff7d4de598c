# Sourced by the Flink cluster scripts: flink_classpath prints the class path of Flink 1.19 (the
# version of Beam's Flink runner) from Maven Central, resolved once from src/main/flink-cluster/pom.xml
# (there is no Flink distribution to download). The cluster's processes run on it, and so does the
# client that submits a job to the cluster.
flink_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

flink_classpath() {
  local file="$flink_root/target/flink-cluster.classpath" pom="$flink_root/src/main/flink-cluster/pom.xml"
  if [[ ! -s "$file" || "$pom" -nt "$file" ]]; then
    mkdir -p "$flink_root/target"
    mvn -q -B -f "$pom" dependency:build-classpath "-Dmdep.outputFile=$file" >"$file.log" 2>&1 \
      || { cat "$file.log" >&2; echo "segmart: cannot resolve Flink's artifacts from Maven Central (above)" >&2; exit 1; }
  fi
  cat "$file"
}
