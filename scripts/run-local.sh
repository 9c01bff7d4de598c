#!/usr/bin/env bash
# Runs SegMart on this machine, on embedded Flink unless --runner says otherwise.
#   scripts/run-local.sh [--pipeline=pipelines/NAME.yaml] [--input=GLOB] [--output=DIR] [--asOf=YYYY-MM-DD] [Beam options]
# Builds the bundled jar on first use (or when the sources are newer than it).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"

args=("$@")
has() { local prefix="$1"; for a in "${args[@]+"${args[@]}"}"; do [[ "$a" == "$prefix"* ]] && return 0; done; return 1; }
has --pipeline= || args+=("--pipeline=$root/pipelines/online-retail.yaml")
if ! has --runner=; then
  args+=("--runner=FlinkRunner")
  has --flinkMaster= || args+=("--flinkMaster=[local]")
  # No step mutates its input, so Flink may hand elements on without a defensive copy.
  has --fasterCopy= || args+=("--fasterCopy=true")
  has --flinkConfDir= || args+=("--flinkConfDir=$root/src/main/flink-conf")
fi
# Relative --input/--output and the configuration's relative input are taken from the project folder
# when the run starts there, as the README does; anywhere else, pass absolute paths.
# 2 GB of heap ran 10M lines; the parallel collector, because on two cores G1's concurrent work took
# about a sixth of a run's time. Set SEGMART_JAVA_OPTS to change both.
exec java ${SEGMART_JAVA_OPTS:--Xmx2g -XX:+UseParallelGC} -jar "$jar" "${args[@]}"
