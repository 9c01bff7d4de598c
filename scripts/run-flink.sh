#!/usr/bin/env bash
# Runs SegMart on a Flink session cluster (Flink 1.19, such as scripts/flink-cluster.sh starts) and
# waits for the result: the same run summary and exit codes as scripts/run-local.sh (0 done, 1 the
# run failed, 2 a wrong option).
#   scripts/run-flink.sh --flinkMaster=HOST:PORT [--pipeline=pipelines/NAME.yaml] [--input=GLOB] [--output=DIR] [Beam options]
# The bundled jar is the one file staged to the cluster. The TaskManagers read the input and write
# the output themselves: on a cluster of several machines, give paths every machine sees (a shared
# folder or an object store). Relative paths are taken from the folder the script runs in.
set -euo pipefail

args=()
master=""
for arg in "$@"; do
  case "$arg" in
    --flinkMaster=*) master="${arg#--flinkMaster=}" ;;
    --runner=*) echo "segmart: run-flink.sh runs on Flink; leave out $arg" >&2; exit 2 ;;
  esac
  # The TaskManagers do not run in this folder: relative local paths become absolute.
  if [[ "$arg" =~ ^--(input|output|pipeline)=([^/].*)$ && "${BASH_REMATCH[2]}" != *://* ]]; then
    arg="--${BASH_REMATCH[1]}=$PWD/${BASH_REMATCH[2]}"
  fi
  args+=("$arg")
done
if [[ -z "$master" || "$master" == "[local]" || "$master" == "[auto]" ]]; then
  echo "segmart: give the cluster's REST address, --flinkMaster=HOST:PORT (scripts/flink-cluster.sh start prints it)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"
has --pipeline= || args+=("--pipeline=$root/pipelines/online-retail.yaml")
# No step mutates its input, so Flink may hand elements on without a defensive copy.
has --fasterCopy= || args+=("--fasterCopy=true")

# The client only builds and submits the job, then waits: a small heap does.
exec java "-Xmx${SEGMART_HEAP:-1g}" ${SEGMART_LOG_OPTS:-} -jar "$jar" --runner=FlinkRunner "${args[@]}"
