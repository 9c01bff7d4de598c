#!/usr/bin/env bash
# Benchmarks SegMart against its peers on the same inputs, alternating engines run by run, and writes
# bench/results.md: median wall time, CPU time (user + system) and peak memory (max RSS) per engine
# and size, throughput in lines per second, and the ratios to DuckDB and Spark; where SegMart's time
# goes (JVM start, graph construction, job planning and submission, execution); and the shape of the
# job on Flink (Beam steps, Flink operators, shuffles, tasks, and encodings per kept line).
#
#   scripts/bench.sh [--sizes=day,real,1000000,10000000] [--engines=flink,history,weekly,direct,duckdb,spark] [--runs=3]
#                    [--threads=2] [--direct-max-lines=1000000] [--timeout=1800] [--output=bench/results.md]
#
# Sizes: "day" is one day of the bundled data (2011-11-04, 3,011 lines), "real" all of it (541,909
# lines); a number is generated with
# scripts/generate-invoices.sh (seed 42) under bench/data/ once. The DirectRunner, Beam's test runner,
# is measured up to --direct-max-lines; a run longer than --timeout seconds is stopped and reported so.
# Engines: SegMart on embedded Flink ("flink"; "history" is the same run with the weekly segment
# history on; "weekly" the incremental weekly run over the last 7 daily files, continuing from the
# state of an unmeasured incremental run over the files before them, for inputs of daily files;
# neither in the default list), SegMart on the DirectRunner, DuckDB
# (bench/peers/duckdb.sql) and Spark in local mode (bench/peers/spark.sql; built with the Maven
# profile spark-peer).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/jar.sh"
cd "$root"

sizes="real,1000000,10000000" engine_names="flink,direct,duckdb,spark" runs=3 threads=2 direct_max=1000000 timeout_s=1800 output="bench/results.md"
for arg in "$@"; do
  case "$arg" in
    --sizes=*) sizes="${arg#*=}" ;;
    --engines=*) engine_names="${arg#*=}" ;;
    --runs=*) runs="${arg#*=}" ;;
    --threads=*) threads="${arg#*=}" ;;
    --direct-max-lines=*) direct_max="${arg#*=}" ;;
    --timeout=*) timeout_s="${arg#*=}" ;;
    --output=*) output="${arg#*=}" ;;
 -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

work="$root/bench/work"
mkdir -p "$work" "$root/bench/data"
echo "segmart bench: building the peers' class path (Maven profile spark-peer) ..." >&2
mvn -q -B -ntp -Pspark-peer test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
peer_cp="$root/target/test-classes:$root/target/classes:$(cat "$work/classpath.txt")"

input_of() {
  if [[ "$1" == real ]]; then
    echo "$root/data/online-retail/*.csv.gz"
  elif [[ "$1" == day ]]; then
    local file="$root/bench/data/day/online-retail-2011-11-04.csv.gz"
    if [[ ! -f "$file" ]]; then
      mkdir -p "$(dirname "$file")"
      write_one_day "$file"
    fi
    echo "$root/bench/data/day/*.csv.gz"
  else
    local folder="$root/bench/data/$1"
    if [[ ! -d "$folder" ]]; then
      java -Xmx2g -cp "$(bench_classpath)" io.segmart.tools.GenerateInvoices --lines="$1" --seed=42 --output="$folder" >&2
    fi
    echo "$folder/*.csv.gz"
  fi
}

lines_of() {
  local count=0
  for f in $1; do count=$((count + $(zcat "$f" | wc -l) - 1)); done
  echo "$count"
}

# For the weekly engine: links the last 7 daily files of $2 under $1/last and the others under
# $1/before, and runs the incremental run over the files before once, unmeasured, so that each
# measured run is a week's run continuing from its state. Prints the measured run's --asOf, or
# nothing when the input is not daily files.
weekly_setup() {
  local folder="$1" input="$2" days=() f
  for f in $input; do
    [[ "$f" =~ -([0-9]{4}-[0-9]{2}-[0-9]{2})\.csv\.gz$ ]] && days+=("${BASH_REMATCH[1]}")
  done
  [[ ${#days[@]} -gt 7 ]] || return 0
  local last="${days[-1]}" first
  first="$(date -u -d "$last - 6 days" +%F)"
  if [[ ! -f "$folder/ready" ]]; then
    rm -rf "$folder"
    mkdir -p "$folder/before" "$folder/last"
    for f in $input; do
      [[ "$f" =~ -([0-9]{4}-[0-9]{2}-[0-9]{2})\.csv\.gz$ ]] || continue
      if [[ "${BASH_REMATCH[1]}" < "$first" ]]; then ln -s "$f" "$folder/before/"; else ln -s "$f" "$folder/last/"; fi
    done
    echo "segmart bench: weekly: the state of the weeks before $first (unmeasured) ..." >&2
    "$root/scripts/run-local.sh" "--input=$folder/before/*.csv.gz" "--output=$folder/out" \
      "--parallelism=$threads" --incremental "--asOf=$first" >"$work/weekly-setup.log" 2>&1 ||
      { echo "segmart bench: weekly: the run before failed (bench/work/weekly-setup.log)" >&2; return 0; }
    touch "$folder/ready"
  fi
  date -u -d "$last + 1 day" +%F
}

# Runs one engine once; appends "engine size wall cpu rss_kb status" to the results file.
measure() {
  local engine="$1" size="$2" input="$3" out="$work/out-$engine"
  rm -rf "$out"
  local command
  case "$engine" in
    # SegMart as a user runs it: scripts/run-local.sh and its embedded Flink settings, with its phase
    # times logged.
    flink) command=(env "SEGMART_LOG_OPTS=$timing_logs" "$root/scripts/run-local.sh" "--input=$input"
                    "--output=$out" "--parallelism=$threads") ;;
    # The same with the weekly segment history on (segment_history, segment_migration).
    history) command=(env "SEGMART_LOG_OPTS=$timing_logs" "$root/scripts/run-local.sh" "--input=$input"
                    "--output=$out" "--parallelism=$threads" --history=true) ;;
    # The week's incremental run (weekly_setup); running the same week again replaces its folder.
    weekly) command=(env "SEGMART_LOG_OPTS=$timing_logs" "$root/scripts/run-local.sh"
                    "--input=$work/weekly-$size/last/*.csv.gz" "--output=$work/weekly-$size/out"
                    "--parallelism=$threads" --incremental "--asOf=${weekly_as_of[$size]}") ;;
    # The DirectRunner keeps every element in memory, so it gets more heap.
    direct) command=(env "SEGMART_LOG_OPTS=$timing_logs" "SEGMART_HEAP=6g" "$root/scripts/run-local.sh"
                    "--input=$input" "--output=$out" --runner=DirectRunner "--targetParallelism=$threads") ;;
    duckdb) command=(java -Xmx1g -cp "$peer_cp" io.segmart.peers.DuckDbPeer "$input" "$out" "$threads") ;;
    spark) command=(java "@$root/bench/peers/spark-jvm.args" -Xmx6g -cp "$peer_cp" io.segmart.peers.SparkPeer
                    "$input" "$out" "$threads") ;;
  esac
  local status=ok
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" timeout "$timeout_s" "${command[@]}" >"$work/$engine.log" 2>&1; then
    status=failed
    grep -q "Command exited with non-zero status 124" "$work/time.txt" && status=timeout
  fi
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  # The weekly run reads one week only: its counts are not comparable.
  [[ "$status" == ok && "$engine" != weekly ]] && echo "$size $engine $(counts "$engine" "$out")" >>"$work/counts.txt"
  echo "$engine $size $wall $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $rss $status $(phases "$engine")" \
    >>"$work/results.txt"
  echo "segmart bench: $engine $size: ${wall}s wall, ${rss} KB peak ($status)" >&2
}

# SegMart's phases in seconds, from its log: JVM start (to main), graph construction, planning and
# submission (Flink: the run less the job's own execution time), execution; "- - - -" for the peers.
timing_logs="-Dorg.slf4j.simpleLogger.log.io.segmart.timings=info -Dorg.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkPipelineExecutionEnvironment=info"
phases() {
  local log="$work/$1.log"
  if [[ "$1" != flink && "$1" != history && "$1" != weekly && "$1" != direct ]] || ! grep -q "segmart timings:" "$log"; then
    echo "- - - -"
    return
  fi
  local execution
  execution="$(grep -o 'Execution finished in [0-9]* msecs' "$log" | tr -dc '0-9')"
  grep -o 'segmart timings: .*' "$log" | awk -v e="${execution:--1}" '{
      for (i = 3; i <= NF; i++) { split($i, kv, "="); t[kv[1]] = kv[2] / 1000 }
      if (e < 0) { plan = 0; exec = t["run"] } else { exec = e / 1000; plan = t["run"] - exec }
      printf "%.2f %.2f %.2f %.2f\n", t["jvm_start"], t["graph"], plan, exec }'
}

# The job's shape on Flink's batch runner (FlinkPlanNumbers), and how many times each kept line is
# encoded and decoded as an InvoiceLine, counted on the one-day input by async-profiler's method
# tracing (from Maven Central) rather than by code in the product.
plan_numbers() {
  local api
  for api in false true; do
    java -cp "$(bench_classpath)" org.apache.beam.runners.flink.FlinkPlanNumbers "--input=$(input_of real)" \
      "--output=$work/plan" "--parallelism=$threads" "--useDataStreamForBatch=$api" 2>/dev/null | tail -1
  done
}
encodings() {
  local profiler="$work/async-profiler/linux-x64/libasyncProfiler.so"
  if [[ ! -f "$profiler" ]]; then
    mvn -q -B -ntp dependency:get -Dartifact=tools.profiler:async-profiler:4.0 >/dev/null 2>&1 || return 0
    (cd "$work" && mkdir -p async-profiler && cd async-profiler &&
      unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/4.0/async-profiler-4.0.jar" 'linux-x64/*') ||
      return 0
  fi
  local api method counts kept
  for api in false true; do
    counts=""
    for method in encode decode; do
      rm -rf "$work/out-calls"
      SEGMART_LOG_OPTS="-agentpath:$profiler=start,event=io.segmart.model.InvoiceLineCoder.$method,interval=1,file=$work/calls.txt,collapsed" \
        "$root/scripts/run-local.sh" "--input=$(input_of day)" "--output=$work/out-calls" "--parallelism=$threads" \
        "--useDataStreamForBatch=$api" >"$work/calls.log" 2>&1 || return 0
      # A call through Coder's generic bridge method is traced twice: count the outer one only.
      counts+=" $(awk -v m="InvoiceLineCoder.$method" '{n = split($1, f, ";");
          if (!(n > 1 && index(f[n], m) && index(f[n - 1], m))) calls += $NF} END {print calls + 0}' "$work/calls.txt")"
    done
    kept="$(grep -m1 '"kept" :' "$work/out-calls/run_summary.json" | tr -dc '0-9')"
    echo "$counts" | awk -v k="$kept" -v api="$([[ $api == true ]] && echo datastream || echo dataset)" \
      '{printf "api=%s encodes_per_kept_line=%.1f decodes_per_kept_line=%.1f\n", api, $1 / k, $2 / k}'
  done
}

# The value of key $2 in a line of key=value pairs $1.
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

# read, kept, rejected, duplicates as an engine reported them: every engine must agree.
counts() {
  case "$1" in
    flink|history|direct) for key in read kept rejected duplicates; do
                    grep -m1 "\"$key\" :" "$2/run_summary.json" | tr -dc '0-9'; echo -n " "; done ;;
    duckdb) sed -n 2p "$2/summary.csv" | cut -d, -f1-4 | tr , ' ' ;;
    spark) cat "$2"/summary/part-*.csv | sed -n 2p | cut -d, -f1-4 | tr , ' ' ;;
  esac
}

rm -f "$work/results.txt" "$work/counts.txt"
if [[ ",$engine_names," == *",flink,"* ]]; then
  echo "segmart bench: the job's shape on Flink, and encodings per kept line ..." >&2
  plan_numbers >"$work/plan.txt"
  encodings >"$work/encodings.txt"
fi
declare -A line_counts weekly_as_of
IFS=, read -ra size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  input="$(input_of "$size")"
  line_counts[$size]="$(lines_of "$input")"
  engines=()
  for engine in flink history weekly duckdb spark direct; do
    [[ ",$engine_names," == *",$engine,"* ]] || continue
    [[ "$engine" == direct && "${line_counts[$size]}" -gt "$direct_max" ]] && continue
    if [[ "$engine" == weekly ]]; then
      weekly_as_of[$size]="$(weekly_setup "$work/weekly-$size" "$input")"
      [[ -n "${weekly_as_of[$size]}" ]] || continue
    fi
    engines+=("$engine")
  done
  for ((run = 1; run <= runs; run++)); do
    for engine in "${engines[@]}"; do
      if [[ "$engine" == direct && "$run" -gt 1 ]] && grep -q "^direct $size .* timeout$" "$work/results.txt"; then
        continue
      fi
      measure "$engine" "$size" "$input"
    done
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b == "-" || b == 0) print "-"; else printf "%.2f×", a / b}'; }
median() { sort -n | awk '{v[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
stat() { awk -v e="$1" -v s="$2" -v c="$3" '$1==e && $2==s && $6=="ok" {print $c}' "$work/results.txt" | median; }
status() { awk -v e="$1" -v s="$2" '$1==e && $2==s && $6!="ok" {print $6 " after " $3 " s"; exit}' "$work/results.txt"; }

{
  echo "# SegMart benchmark"
  echo
  echo "Written by \`scripts/bench.sh $*\` on $(date -u +%Y-%m-%d). Medians of $runs runs per engine and size, run"
  echo "alternately on the same input; wall and CPU (user + system) in seconds, peak memory (max RSS) in MB."
  echo "A weekly row is the incremental run of the input's last 7 days from the state of the days before"
  echo "(its lines/s counts the whole input's lines, as the run stands for all of them)."
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM,"
  echo "$(java -version 2>&1 | head -1), $(uname -sr). Every engine uses $threads threads."
  echo
  echo "| lines | engine | wall s | CPU s | peak MB | lines/s | wall / DuckDB | wall / Spark |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  for size in "${size_list[@]}"; do
    n="${line_counts[$size]}"
    duck="$(stat duckdb "$size" 3)"
    spark="$(stat spark "$size" 3)"
    for engine in flink history weekly direct duckdb spark; do
      wall="$(stat "$engine" "$size" 3)"
      state="$(status "$engine" "$size")"
      if [[ "$wall" == "-" ]]; then
        [[ -n "$state" ]] && echo "| $n | $engine | $state (log: bench/work/$engine.log) | | | | | |"
        continue
      fi
      cpu="$(stat "$engine" "$size" 4)"
      rss="$(stat "$engine" "$size" 5)"
      echo "| $n | $engine | $wall | $cpu | $((${rss%.*} / 1024)) | $(awk -v n="$n" -v w="$wall" 'BEGIN {printf "%d", n / w}') |" \
        "$(ratio "$wall" "$duck") | $(ratio "$wall" "$spark") |"
    done
  done
  echo
  echo "Lines read, kept, rejected and dropped as duplicates, as each engine counted them (distinct answers per size):"
  echo
  echo "| lines | engines | read | kept | rejected | duplicates |"
  echo "|---:|---|---:|---:|---:|---:|"
  for size in "${size_list[@]}"; do
    awk -v s="$size" -v n="${line_counts[$size]}" '$1 == s {k = $3 " | " $4 " | " $5 " | " $6; if (!(k in seen)) order[++c] = k;
        if (index(" " seen[k] " ", " " $2 " ") == 0) seen[k] = seen[k] (seen[k] == "" ? "" : " ") $2}
      END {for (i = 1; i <= c; i++) print "| " n " | " seen[order[i]] " | " order[i] " |"}' "$work/counts.txt"
  done
  echo
  echo "Where SegMart's time goes (medians, seconds): JVM start to \`main\`, graph construction (options,"
  echo "configuration, building the Beam graph), job planning and submission (Flink: translation, optimizer,"
  echo "embedded cluster start, deployment; the run less the job's own execution time), execution, and the"
  echo "rest of the wall time (JVM exit, the launcher script):"
  echo
  echo "| lines | engine | JVM start | graph | planning + submission | execution | rest | wall |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  for size in "${size_list[@]}"; do
    for engine in flink history weekly direct; do
      wall="$(stat "$engine" "$size" 3)"
      [[ "$wall" == "-" ]] && continue
      jvm="$(stat "$engine" "$size" 7)" graph="$(stat "$engine" "$size" 8)"
      plan="$(stat "$engine" "$size" 9)" exec="$(stat "$engine" "$size" 10)"
      [[ "$jvm" == "-" ]] && continue
      # The rest is taken run by run, then its median.
      rest="$(awk -v e="$engine" -v s="$size" '$1 == e && $2 == s && $6 == "ok" {printf "%.2f\n", $3 - $7 - $8 - $9 - $10}' \
        "$work/results.txt" | median)"
      echo "| ${line_counts[$size]} | $engine | $jvm | $graph | $([[ $engine == direct ]] && echo "-" || echo "$plan") | $exec |" \
        "$rest | $wall |"
    done
  done
  echo
  echo "The job's shape on Flink (\`FlinkPlanNumbers\`, the same at every size): Beam steps (primitive transforms),"
  echo "Flink operators, shuffles (inputs repartitioned or broadcast), tasks after chaining and the edges between"
  echo "them; and how many times each kept line is encoded and decoded as an \`InvoiceLine\` from read to write"
  echo "(async-profiler's method tracing on the one-day input). \`scripts/run-local.sh\` uses the DataSet API for"
  echo "inputs up to 2 MB and the DataStream API above:"
  echo
  echo "| Flink API | Beam steps | operators | shuffles | tasks | task edges | translation ms | optimizer ms | job graph ms | encodes per kept line | decodes per kept line |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for api in dataset datastream; do
    shape="$(grep "^api=$api " "$work/plan.txt" || true)"
    calls="$(grep "^api=$api " "$work/encodings.txt" || true)"
    echo "| $api | $(field "$shape" beam_steps) | $(field "$shape" flink_operators) | $(field "$shape" shuffles) |" \
      "$(field "$shape" tasks) | $(field "$shape" task_edges) | $(field "$shape" translate_ms) |" \
      "$(field "$shape" optimize_ms) | $(field "$shape" job_graph_ms) | $(field "$calls" encodes_per_kept_line) |" \
      "$(field "$calls" decodes_per_kept_line) |"
  done
} >"$root/$output"
echo "segmart bench: wrote $output" >&2
