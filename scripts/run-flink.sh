#!/usr/bin/env bash
# Runs SegMart on a Flink session cluster (Flink 1.19, such as scripts/flink-cluster.sh starts) and
# waits for the result: the same run summary and exit codes as scripts/run-local.sh (0 done, 1 the
# run failed, 2 a wrong option).
#   scripts/run-flink.sh --flinkMaster=HOST:PORT [--pipeline=pipelines/NAME.yaml] [--input=GLOB] [--output=DIR] [Beam options]
# The job jar (the bundled jar without Flink's own classes, which the cluster has) is the one file
# staged to the cluster; this client runs it on Flink's class path from Maven Central. The
# TaskManagers read the input and write the output themselves: on a cluster of several machines,
# give paths every machine sees (a shared folder or an object store). Relative paths are taken from
# the folder the script runs in.
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
source "$root/scripts/lib/flink.sh"
flink="$(flink_classpath)"
has --pipeline= || args+=("--pipeline=$root/pipelines/online-retail.yaml")
# No step mutates its input, so Flink may hand elements on without a defensive copy.
has --fasterCopy= || args+=("--fasterCopy=true")
has --filesToStage= || args+=("--filesToStage=$job_jar")
# Flink's DataStream API in batch mode, whatever the input's size: it chains steps into fewer tasks
# (71 against 153 on one month of Online Retail), and on a cluster every task is deployed over RPC:
# the month's job took 11.9 s against 18.5 s with the DataSet API.
has --useDataStreamForBatch= || args+=("--useDataStreamForBatch=true")

# The client only builds and submits the job, then waits: a small heap does.
# The job jar's logger comes first: the client logs as run-local.sh does, not through Flink's log4j.
exec java "-Xmx${SEGMART_HEAP:-1g}" ${SEGMART_LOG_OPTS:-} -cp "$job_jar:$flink" io.segmart.SegMart \
  --runner=FlinkRunner "${args[@]}"
