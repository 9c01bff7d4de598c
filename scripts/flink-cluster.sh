#!/usr/bin/env bash
# A Flink session cluster on this machine's loopback, as an on-premises deployment runs one: one
# JobManager process and one or more TaskManager processes, started from Maven Central's Flink
# artifacts at the version of Beam's Flink runner (there is no Flink distribution to download).
#
#   scripts/flink-cluster.sh start [--taskmanagers=1] [--slots=2] [--port=8081] [--dir=target/flink-cluster]
#   scripts/flink-cluster.sh add-taskmanager [--dir=...]    # one more TaskManager (to replace a lost one)
#   scripts/flink-cluster.sh status [--dir=...]
#   scripts/flink-cluster.sh stop [--dir=...]
#
# start writes the cluster's configuration (src/main/flink-cluster/flink-conf.yaml with the ports and
# slots given), computes each process's JVM memory settings as Flink's own scripts do (BashJavaUtils),
# and reports the pids, the log files and the web UI's address. status says which of the processes it
# started still run; stop ends those processes by pid, and only those, and may be called twice.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/lib/flink.sh"
command="${1:-}"
[[ $# -gt 0 ]] && shift
dir="$root/target/flink-cluster"
taskmanagers=1
slots=2
port=8081
for arg in "$@"; do
  case "$arg" in
    --dir=*) dir="${arg#--dir=}" ;;
    --taskmanagers=*) taskmanagers="${arg#--taskmanagers=}" ;;
    --slots=*) slots="${arg#--slots=}" ;;
    --port=*) port="${arg#--port=}" ;;
    *) echo "flink-cluster: unknown option $arg (see the first lines of $0)" >&2; exit 2 ;;
  esac
done
pids="$dir/pids"

running() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

# The body of a GET of the JobManager's REST path $1, with bash alone (no curl on every machine).
rest() {
  local reply
  reply="$( (exec 3<>"/dev/tcp/localhost/$port" && printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" >&3 && cat <&3) 2>/dev/null)" || return 0
  printf '%s' "${reply#*$'\r\n\r\n'}"
}

# The lines BashJavaUtils prints as results: JVM options, then the dynamic settings.
memory_settings() {
  java -cp "$classpath" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$dir/conf" 2>>"$dir/log/memory.log" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

# Starts one process of the cluster: $1 its role (jobmanager, taskmanager), $2 its main class,
# $3 the BashJavaUtils command that sizes it.
launch() {
  local role="$1" main="$2" sizing="$3" n log settings jvm dynamic pid
  n=$(($(grep -c "^$role " "$pids" 2>/dev/null || true) + 1))
  log="$dir/log/$role-$n.log"
  mapfile -t settings < <(memory_settings "$sizing")
  jvm="${settings[0]:-}"
  dynamic="${settings[1]:-}"
  [[ -n "$jvm" ]] || { echo "flink-cluster: Flink could not size the $role (see $dir/log/memory.log)" >&2; exit 1; }
  # shellcheck disable=SC2086 # the settings are lists of options
  nohup java $jvm -Dlog.file="$log" "-Dlog4j.configurationFile=$dir/conf/log4j.properties" \
    -cp "$classpath" "$main" --configDir "$dir/conf" $dynamic >"$log.out" 2>&1 &
  pid=$!
  echo "$role $pid $log" >>"$pids"
  echo "  $role $n: pid $pid, log $log"
}

write_conf() {
  mkdir -p "$dir/conf" "$dir/log"
  sed -e "s/^rest.port: .*/rest.port: $port/" \
    -e "s/^taskmanager.numberOfTaskSlots: .*/taskmanager.numberOfTaskSlots: $slots/" \
    "$root/src/main/flink-cluster/flink-conf.yaml" >"$dir/conf/flink-conf.yaml"
  cp "$root/src/main/flink-cluster/log4j.properties" "$dir/conf/log4j.properties"
}

start() {
  local role pid log
  if [[ -f "$pids" ]]; then
    while read -r role pid log; do
      if running "$pid"; then
        echo "flink-cluster: a cluster started from $dir still runs ($role pid $pid); stop it first" >&2
        exit 1
      fi
    done <"$pids"
  fi
  rm -f "$pids"
  write_conf
  echo "flink-cluster: starting (configuration $dir/conf/flink-conf.yaml)"
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint GET_JM_RESOURCE_PARAMS
  for ((i = 0; i < taskmanagers; i++)); do add_taskmanager; done
  # Ready once the JobManager's REST endpoint counts every TaskManager's slots.
  local expected=$((taskmanagers * slots)) deadline=$((SECONDS + 120)) overview=""
  while ((SECONDS < deadline)); do
    overview="$(rest /overview)"
    [[ "$overview" == *"\"slots-total\":$expected"* ]] && break
    sleep 1
  done
  if [[ "$overview" != *"\"slots-total\":$expected"* ]]; then
    echo "flink-cluster: the cluster did not get $expected slots within 120 s; logs under $dir/log" >&2
    exit 1
  fi
  echo "flink-cluster: ready, $taskmanagers TaskManager(s) with $slots slots each"
  echo "  web UI and REST: http://localhost:$port   submit with --flinkMaster=localhost:$port"
}

add_taskmanager() {
  launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS
}

status() {
  [[ -f "$pids" ]] || { echo "flink-cluster: no cluster started from $dir"; return 0; }
  local role pid log
  while read -r role pid log; do
    if running "$pid"; then echo "  $role pid $pid runs (log $log)"; else echo "  $role pid $pid has ended (log $log)"; fi
  done <"$pids"
}

stop() {
  [[ -f "$pids" ]] || { echo "flink-cluster: nothing to stop in $dir"; return 0; }
  local role pid log
  # TaskManagers first, so that the JobManager does not restart jobs on a cluster going away.
  while read -r role pid log; do
    [[ "$role" == taskmanager ]] && running "$pid" && kill "$pid" || true
  done <"$pids"
  while read -r role pid log; do
    [[ "$role" == jobmanager ]] && running "$pid" && kill "$pid" || true
  done <"$pids"
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    local alive=0
    while read -r role pid log; do running "$pid" && alive=1; done <"$pids"
    ((alive == 0)) && break
    sleep 1
  done
  while read -r role pid log; do running "$pid" && kill -9 "$pid" || true; done <"$pids"
  rm -f "$pids"
  echo "flink-cluster: stopped"
}

case "$command" in
  start) classpath="$(flink_classpath)"; start ;;
  add-taskmanager)
    [[ -f "$pids" ]] || { echo "flink-cluster: no cluster in $dir" >&2; exit 1; }
    classpath="$(flink_classpath)"
    add_taskmanager
    ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start|add-taskmanager|status|stop [--taskmanagers=N] [--slots=N] [--port=N] [--dir=DIR]" >&2; exit 2 ;;
esac
