#!/usr/bin/env bash
# Runs SegMart on this machine, on embedded Flink unless --runner says otherwise.
#   scripts/run-local.sh [--pipeline=pipelines/NAME.yaml] [--input=GLOB] [--output=DIR] [--asOf=YYYY-MM-DD] [Beam options]
# Builds the bundled jar on first use (or when the sources are newer than it).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"

args=("$@")
# Small local inputs, up to 2 MB as stored (about 150,000 lines gzipped), get the settings that
# start fastest (below); decided once from the files' sizes. Other inputs (object stores, BigQuery)
# count as large.
bytes="$(input_bytes "$@")"
small=false
[[ -n "$bytes" && "$bytes" -le $((2 * 1024 * 1024)) ]] && small=true
has --pipeline= || args+=("--pipeline=$root/pipelines/online-retail.yaml")
if ! has --runner=; then
  args+=("--runner=FlinkRunner")
  has --flinkMaster= || args+=("--flinkMaster=[local]")
  # No step mutates its input, so Flink may hand elements on without a defensive copy.
  has --fasterCopy= || args+=("--fasterCopy=true")
  if ! has --flinkConfDir=; then
    # Small inputs on up to 8 slots (one per core unless --parallelism says otherwise) start with less
    # network memory; see the two folders' flink-conf.yaml.
    slots="$(nproc)"
    for a in "${args[@]}"; do [[ "$a" == --parallelism=* ]] && slots="${a#--parallelism=}"; done
    if [[ "$small" == true && "$slots" -le 8 ]]; then
      args+=("--flinkConfDir=$root/src/main/flink-conf-small")
    else
      args+=("--flinkConfDir=$root/src/main/flink-conf")
    fi
  fi
  # Beyond small inputs, Flink's DataStream API in batch mode: it chains a step to every reader of
  # its output and keeps each output of a multi-output step apart, where the DataSet API encodes
  # every output for every reader; each kept line is then encoded about twice instead of about
  # twenty times. It takes longer to start, so small inputs keep the DataSet API.
  # Measured in the README's Benchmark section.
  if ! has --useDataStreamForBatch= && [[ "$small" == false ]]; then
    args+=(--useDataStreamForBatch=true)
  fi
fi
# Relative --input/--output and the configuration's relative input are taken from the project folder
# when the run starts there, as the README does; anywhere else, pass absolute paths.

# JVM settings, unless SEGMART_JAVA_OPTS gives them all:
# - 2 GB of heap ran 10M lines (SEGMART_HEAP changes it); the parallel collector, because on two cores
#   G1's concurrent work took about a sixth of a run's time;
# - the class-data-sharing archive written when the jar was built (scripts/lib/jar.sh), so the JVM
#   maps the classes a run loads instead of parsing them from the jar;
# - the JIT compilers: with their defaults, the optimizing compiler (C2) took 40% of the CPU of a
#   run on 1M lines and 16% at 10M, compiling Beam's and Flink's deep call paths. Small inputs get
#   only the quick compiler (C1); larger ones get C2 later (four times the calls before a method is
#   compiled) and inline smaller methods: faster than the defaults at every size measured, and than
#   C1 from 1M lines up (level on the real data). Measured in the README's Benchmark section.
# SEGMART_LOG_OPTS is added to either (the benchmark turns on phase times with it).
if [[ -n "${SEGMART_JAVA_OPTS:-}" ]]; then
  java_opts=(${SEGMART_JAVA_OPTS})
else
  java_opts=("-Xmx${SEGMART_HEAP:-2g}" -XX:+UseParallelGC)
  [[ -f "$archive" && "$archive" -nt "$jar" ]] && java_opts+=("-XX:SharedArchiveFile=$archive")
  if [[ "$small" == true ]]; then
    java_opts+=(-XX:TieredStopAtLevel=1)
  else
    java_opts+=(-XX:Tier4InvocationThreshold=20000 -XX:Tier4CompileThreshold=60000
      -XX:Tier4BackEdgeThreshold=160000 -XX:InlineSmallCode=1000 -XX:FreqInlineSize=150)
  fi
fi
exec java "${java_opts[@]}" ${SEGMART_LOG_OPTS:-} -jar "$jar" "${args[@]}"
