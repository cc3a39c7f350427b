#!/usr/bin/env bash
# A Parley cluster on loopback for tests and benchmarks: N server nodes sharing one PostgreSQL and one
# Redis, behind nginx with the production proxy settings (deploy/nginx/parley-proxy.conf).
# Everything it starts and writes lives in the run dir; `stop` leaves no process behind.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/cluster.sh [options] start | stop | status | kill-node I | start-node I

  start         start the nodes (the first alone, so it migrates the schema, then the others), wait
                until each answers GET /observe/health with 200, then start nginx and wait until it
                proxies that too; on any failure stop everything again
  stop          SIGTERM to nginx and every node, SIGKILL to what is left after --stop-timeout
  status        each node's pid and health, nginx's pid and proxied health (exit 0: all up)
  kill-node I   kill -9 node I (1-based)
  start-node I  start node I again with the settings `start` used, and wait for its health

Options (each also as an environment variable; `start` records them in the run dir, the other
commands read them from there, so only --run-dir needs repeating):
  --run-dir DIR        PARLEY_CLUSTER_RUN_DIR     default ./cluster-run
  --nodes N            PARLEY_CLUSTER_NODES       default 3
  --base-port P        PARLEY_CLUSTER_BASE_PORT   default 28081: node I listens on P+I-1
  --nginx-port P       PARLEY_CLUSTER_NGINX_PORT  default 28080: http://127.0.0.1:P is the cluster
  --jar FILE           PARLEY_CLUSTER_JAR         default server/target/parley-server.jar (libs/ beside it)
  --jvm-opts "OPTS"    PARLEY_CLUSTER_JVM_OPTS    default "-Xmx512m"
  --java FILE          JAVA                       default $JAVA_HOME/bin/java, Temurin 25, or java on PATH
  --nginx FILE         NGINX                      default nginx on PATH, or /usr/sbin/nginx
  --db-url URL         PARLEY_DB_URL              jdbc:postgresql://host:port/db, shared by all nodes
  --redis-url URL      PARLEY_REDIS_URL           redis://host:port, shared by all nodes
  --redis-prefix P     PARLEY_REDIS_PREFIX        default parley:
  --stop-timeout S     PARLEY_CLUSTER_STOP_TIMEOUT  default 20 (seconds before SIGKILL)
  --start-timeout S    PARLEY_CLUSTER_START_TIMEOUT default 120 (seconds for a node to become healthy)

More than one node needs PARLEY_DB_URL and PARLEY_REDIS_URL: nodes on their own H2 databases would not
see each other's accounts or messages. Every other PARLEY_* variable in the environment of `start`
(PARLEY_DB_USER, PARLEY_DB_PASSWORD, PARLEY_FRAMES_PER_SECOND, ...) reaches every node. Per node the
script sets PARLEY_HOST=127.0.0.1, PARLEY_PORT, PARLEY_DATA_DIR=<run dir>/node-I/data, and:
  PARLEY_MASTER_KEY      one key for all nodes: the caller's, else generated once into <run dir>/master.key
                         (a node left to itself generates its own and cannot read the others' messages)
  PARLEY_PUBLIC_URL      default http://127.0.0.1:<nginx port>
  PARLEY_TRUSTED_PROXIES default 127.0.0.1: nginx here; nodes read client addresses from X-Forwarded-For
  PARLEY_LOGIN_MAX_PER_ADDRESS  default 1000000: the load-test tool logs in many users from one address

Run dir: cluster.env (recorded settings), master.key, node-I/{pid,server.log,data/},
nginx/{nginx.conf,nginx.pid,logs/,temp/}.
EOF
}

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$deploy_dir")

run_dir=${PARLEY_CLUSTER_RUN_DIR:-./cluster-run}
nodes=${PARLEY_CLUSTER_NODES:-3}
base_port=${PARLEY_CLUSTER_BASE_PORT:-28081}
nginx_port=${PARLEY_CLUSTER_NGINX_PORT:-28080}
jar=${PARLEY_CLUSTER_JAR:-$root/server/target/parley-server.jar}
jvm_opts=${PARLEY_CLUSTER_JVM_OPTS:--Xmx512m}
java=${JAVA:-}
nginx=${NGINX:-}
stop_timeout=${PARLEY_CLUSTER_STOP_TIMEOUT:-20}
start_timeout=${PARLEY_CLUSTER_START_TIMEOUT:-120}

log() { printf '%s cluster: %s\n' "$(date '+%H:%M:%S.%3N')" "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------
# Arguments

command=""
command_arg=""
while [ $# -gt 0 ]; do
  case "$1" in
    --run-dir) run_dir=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --nginx-port) nginx_port=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    --jvm-opts) jvm_opts=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    --nginx) nginx=$2; shift 2 ;;
    --db-url) export PARLEY_DB_URL=$2; shift 2 ;;
    --redis-url) export PARLEY_REDIS_URL=$2; shift 2 ;;
    --redis-prefix) export PARLEY_REDIS_PREFIX=$2; shift 2 ;;
    --stop-timeout) stop_timeout=$2; shift 2 ;;
    --start-timeout) start_timeout=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      if [ -z "$command" ]; then command=$1
      elif [ -z "$command_arg" ]; then command_arg=$1
      else die "unexpected argument $1 (see --help)"
      fi
      shift ;;
  esac
done
[ -n "$command" ] || { usage >&2; exit 1; }

if [ "$command" = start ]; then
  mkdir -p "$run_dir"
elif [ ! -d "$run_dir" ]; then
  die "no cluster in $run_dir"
fi
run_dir=$(cd "$run_dir" && pwd)
state_file=$run_dir/cluster.env
nginx_dir=$run_dir/nginx

# ---------------------------------------------------------------------------------------------------
# Processes: every one is found again by the pid file it was started with, never by name.

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

pid_in() { [ -f "$1" ] && tr -dc '0-9' < "$1" || true; }

node_pid() {
  local pid
  pid=$(pid_in "$run_dir/node-$1/pid")
  # A recycled pid is not our node: it must be running the jar.
  if alive "$pid" && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "$jar"; then
    echo "$pid"
  fi
}

nginx_pid() {
  local pid
  pid=$(pid_in "$nginx_dir/nginx.pid")
  if alive "$pid" && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "$nginx_dir"; then
    echo "$pid"
  fi
}

# Children by parent pid (nginx's workers), from /proc with shell builtins only (no procps needed).
children_of() {
  local parent=$1 stat line rest
  for stat in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null < "$stat" || continue
    # The name (field 2) is in parentheses and may hold spaces: the fields after it start at the last ") ".
    rest=${line##*) }
    set -- $rest
    if [ "$2" = "$parent" ]; then echo "${stat//[!0-9]/}"; fi
  done
}

# Waits until none of the pids is alive, for at most $1 seconds; returns 1 if some are left.
wait_gone() {
  local seconds=$1; shift
  local deadline=$((SECONDS + seconds)) pid left
  while :; do
    left=""
    for pid in "$@"; do alive "$pid" && left="$left $pid"; done
    [ -z "$left" ] && return 0
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

# SIGTERM, then SIGKILL after $1 seconds.
terminate() {
  local seconds=$1; shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  if ! wait_gone "$seconds" "$@"; then
    log "still running after ${seconds} s, SIGKILL: $*"
    kill -KILL "$@" 2>/dev/null || true
    wait_gone 10 "$@" || die "processes survived SIGKILL: $*"
  fi
}

# The status code, or "refused" (nothing listens), "timeout" (no answer within 2 s), "error<curl exit>".
http_code() {
  local code rc=0
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null) || rc=$?
  case "$rc" in
    0) echo "$code" ;;
    7) echo refused ;;
    28) echo timeout ;;
    *) echo "error$rc" ;;
  esac
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

node_port() { echo $((base_port + $1 - 1)); }

# ---------------------------------------------------------------------------------------------------
# Settings recorded by `start`

find_java() {
  if [ -n "$java" ]; then return; fi
  if [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    java=$JAVA_HOME/bin/java
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif java -version 2>&1 | grep -q 'version "2[5-9]'; then
    java=$(command -v java)
  else
    die "no JDK 25 found: set JAVA or JAVA_HOME"
  fi
}

find_nginx() {
  if [ -n "$nginx" ]; then return; fi
  nginx=$(command -v nginx || true)
  if [ -z "$nginx" ] && [ -x /usr/sbin/nginx ]; then nginx=/usr/sbin/nginx; fi
  [ -n "$nginx" ] || die "nginx not found (apt-get install nginx, or set NGINX)"
}

save_state() {
  local name
  # It may hold PARLEY_DB_PASSWORD or PARLEY_MASTER_KEY: owner only, before anything is written.
  : > "$state_file"
  chmod 600 "$state_file"
  {
    printf '# Written by deploy/cluster.sh start; read by its other commands.\n'
    for name in nodes base_port nginx_port jar jvm_opts java nginx stop_timeout start_timeout; do
      printf '%s=%q\n' "$name" "${!name}"
    done
    # What the nodes get from the environment of `start`.
    printf 'node_env=('
    while IFS= read -r name; do
      printf ' %q' "$name=${!name}"
    done < <(compgen -e | grep '^PARLEY_' | grep -v '^PARLEY_CLUSTER_' | sort)
    printf ' )\n'
  } > "$state_file"
}

load_state() {
  [ -f "$state_file" ] || die "no cluster in $run_dir (no cluster.env): run start first"
  # shellcheck source=/dev/null
  source "$state_file"
}

# ---------------------------------------------------------------------------------------------------
# Nodes

declare -A node_started=()

start_node() {
  local i=$1 dir=$run_dir/node-$1 port
  port=$(node_port "$i")
  if [ -n "$(node_pid "$i")" ]; then
    log "node $i already running (pid $(node_pid "$i"))"
    return 0
  fi
  port_taken "$port" && die "port $port for node $i is taken by another process"
  mkdir -p "$dir/data"
  local -a env_args=(env)
  # Unset first, so only what `start` recorded reaches the node.
  local name
  while IFS= read -r name; do env_args+=(-u "$name"); done < <(compgen -e | grep '^PARLEY_' || true)
  env_args+=("${node_env[@]}")
  local key
  key=$(master_key)
  env_args+=("PARLEY_MASTER_KEY=$key" "PARLEY_HOST=127.0.0.1" "PARLEY_PORT=$port" "PARLEY_DATA_DIR=$dir/data")
  local has_public=0 has_login=0 has_proxies=0 entry
  for entry in "${node_env[@]}"; do
    case "$entry" in
      PARLEY_PUBLIC_URL=*) has_public=1 ;;
      PARLEY_LOGIN_MAX_PER_ADDRESS=*) has_login=1 ;;
      PARLEY_TRUSTED_PROXIES=*) has_proxies=1 ;;
    esac
  done
  [ $has_public = 1 ] || env_args+=("PARLEY_PUBLIC_URL=http://127.0.0.1:$nginx_port")
  [ $has_login = 1 ] || env_args+=("PARLEY_LOGIN_MAX_PER_ADDRESS=1000000")
  [ $has_proxies = 1 ] || env_args+=("PARLEY_TRUSTED_PROXIES=127.0.0.1")
  local -a jvm_args=()
  read -ra jvm_args <<< "$jvm_opts"

  printf '\n=== %s node %s starting on port %s\n' "$(date '+%F %T')" "$i" "$port" >> "$dir/server.log"
  rm -f "$dir/pid"
  # A session of its own: a Ctrl-C meant for the caller's terminal does not reach the node; `stop` does.
  # The small shell writes its own pid, then becomes the JVM (exec keeps the pid).
  (cd "$dir" && exec setsid "${env_args[@]}" bash -c 'echo $$ > "$1"; shift; exec "$@"' node-start "$dir/pid" \
      "$java" "${jvm_args[@]}" -jar "$jar") >> "$dir/server.log" 2>&1 < /dev/null &
  node_started[$i]=$SECONDS
  local deadline=$((SECONDS + 10))
  until [ -s "$dir/pid" ]; do
    [ $SECONDS -lt $deadline ] || die "node $i did not start; see $dir/server.log"
    sleep 0.05
  done
  log "node $i started: pid $(pid_in "$dir/pid"), port $port"
}

# Waits until node $1 answers its health check with 200.
await_node() {
  local i=$1 port pid code="" started=${node_started[$1]:-$SECONDS}
  port=$(node_port "$i")
  local deadline=$((SECONDS + start_timeout))
  while [ $SECONDS -lt $deadline ]; do
    pid=$(pid_in "$run_dir/node-$i/pid")
    if ! alive "$pid"; then
      tail -n 30 "$run_dir/node-$i/server.log" >&2
      die "node $i exited while starting; see $run_dir/node-$i/server.log"
    fi
    code=$(http_code "http://127.0.0.1:$port/observe/health")
    if [ "$code" = 200 ]; then
      log "node $i healthy, $((SECONDS - started)) s after its start"
      return 0
    fi
    sleep 0.25
  done
  tail -n 30 "$run_dir/node-$i/server.log" >&2
  die "node $i not healthy within ${start_timeout} s (last answer: ${code:-none}); see $run_dir/node-$i/server.log"
}

master_key() {
  local entry
  for entry in "${node_env[@]}"; do
    case "$entry" in PARLEY_MASTER_KEY=*) echo "${entry#PARLEY_MASTER_KEY=}"; return ;; esac
  done
  if [ ! -s "$run_dir/master.key" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 > "$run_dir/master.key")
  fi
  cat "$run_dir/master.key"
}

stop_nodes() {
  local i pids=() pid
  for i in $(seq 1 "$nodes"); do
    pid=$(node_pid "$i")
    [ -n "$pid" ] && pids+=("$pid")
  done
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping nodes (pids ${pids[*]})"
    terminate "$stop_timeout" "${pids[@]}"
  fi
  for i in $(seq 1 "$nodes"); do rm -f "$run_dir/node-$i/pid"; done
}

# ---------------------------------------------------------------------------------------------------
# nginx

write_nginx_conf() {
  mkdir -p "$nginx_dir/logs" "$nginx_dir/temp"
  local user_line="" servers="" i nofile connections hard
  if [ "$(id -u)" -eq 0 ]; then
    # nginx started by root runs its workers as an unprivileged user by default, and that user may not
    # be able to enter the run dir (under a 0700 temp dir, say). This config serves loopback tests
    # only; in production, workers run as www-data (Debian's default).
    user_line="user root;"
  fi
  for i in $(seq 1 "$nodes"); do
    servers+="        server 127.0.0.1:$(node_port "$i") max_fails=1 fail_timeout=3s;"$'\n'
  done
  hard=$(ulimit -Hn)
  nofile=20000
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$nofile" ]; then nofile=$hard; fi
  connections=$((nofile - 100))
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line//@USER_LINE@/$user_line}
    line=${line//@NOFILE@/$nofile}
    line=${line//@WORKER_CONNECTIONS@/$connections}
    line=${line//@NGINX_DIR@/$nginx_dir}
    line=${line//@PORT@/$nginx_port}
    line=${line//@PROXY_CONF@/$deploy_dir/nginx/parley-proxy.conf}
    line=${line//@UPSTREAM_SERVERS@/${servers%$'\n'}}
    printf '%s\n' "$line"
  done < "$deploy_dir/nginx/cluster.conf.in" > "$nginx_dir/nginx.conf"
}

nginx_cmd() {
  "$nginx" -p "$nginx_dir" -c "$nginx_dir/nginx.conf" -e "$nginx_dir/logs/error.log" "$@"
}

start_nginx() {
  if [ -n "$(nginx_pid)" ]; then
    log "nginx already running (pid $(nginx_pid))"
    return 0
  fi
  port_taken "$nginx_port" && die "port $nginx_port for nginx is taken by another process"
  write_nginx_conf
  nginx_cmd -t -q || die "nginx rejects $nginx_dir/nginx.conf"
  rm -f "$nginx_dir/nginx.pid"
  # The daemon keeps no descriptor of the caller's: a caller reading this script's output sees it end.
  nginx_cmd < /dev/null >> "$nginx_dir/logs/stderr.log" 2>&1 \
    || { cat "$nginx_dir/logs/stderr.log" >&2; die "nginx did not start"; }
  local deadline=$((SECONDS + 10)) code=""
  until [ -n "$(nginx_pid)" ]; do
    [ $SECONDS -lt $deadline ] || die "nginx did not start; see $nginx_dir/logs/error.log"
    sleep 0.05
  done
  deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    code=$(http_code "http://127.0.0.1:$nginx_port/observe/health")
    if [ "$code" = 200 ]; then
      log "nginx started: pid $(nginx_pid), http://127.0.0.1:$nginx_port proxies the health check"
      return 0
    fi
    sleep 0.2
  done
  die "nginx does not proxy the health check (last answer: ${code:-none}); see $nginx_dir/logs/error.log"
}

stop_nginx() {
  local pid workers
  pid=$(nginx_pid)
  [ -n "$pid" ] || { rm -f "$nginx_dir/nginx.pid"; return 0; }
  # Known before the master goes: workers whose master was SIGKILLed would live on.
  workers=$(children_of "$pid" | tr '\n' ' ')
  log "stopping nginx (pid $pid, workers ${workers% })"
  # SIGTERM to the master alone: it stops its workers (and respawns none while terminating).
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$stop_timeout" "$pid"; then
    workers=$(children_of "$pid" | tr '\n' ' ')
    log "nginx still running after ${stop_timeout} s, SIGKILL: $pid $workers"
    # shellcheck disable=SC2086
    kill -KILL "$pid" $workers 2>/dev/null || true
  fi
  # shellcheck disable=SC2086
  terminate 10 $workers
  rm -f "$nginx_dir/nginx.pid"
}

# ---------------------------------------------------------------------------------------------------
# Commands

anything_running() {
  local i
  [ -n "$(nginx_pid)" ] && return 0
  for i in $(seq 1 "$nodes"); do [ -n "$(node_pid "$i")" ] && return 0; done
  return 1
}

cmd_start() {
  if [ -f "$state_file" ]; then
    (load_state; anything_running) && die "a cluster is already running in $run_dir (status; stop first)"
  fi
  [[ "$nodes" =~ ^[1-9][0-9]*$ ]] || die "--nodes must be a positive number"
  if [ "$nodes" -gt 1 ] && { [ -z "${PARLEY_DB_URL:-}" ] || [ -z "${PARLEY_REDIS_URL:-}" ]; }; then
    die "$nodes nodes need one shared database and Redis: set PARLEY_DB_URL and PARLEY_REDIS_URL (or --db-url, --redis-url)"
  fi
  [ -f "$jar" ] || die "no server jar at $jar (./mvnw -B -q install -DskipTests)"
  [ -d "$(dirname "$jar")/libs" ] || die "no libs/ beside $jar (the jar's Class-Path needs it)"
  jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
  command -v curl >/dev/null || die "curl is needed"
  find_java
  find_nginx
  save_state
  load_state
  trap 'status=$?; if [ $status -ne 0 ]; then log "start failed: stopping what was started"; stop_nginx || true; stop_nodes || true; fi' EXIT
  start_node 1
  await_node 1
  local i
  for i in $(seq 2 "$nodes"); do start_node "$i"; done
  for i in $(seq 2 "$nodes"); do await_node "$i"; done
  start_nginx
  trap - EXIT
  log "cluster up: http://127.0.0.1:$nginx_port -> $nodes nodes on ports $base_port..$(node_port "$nodes"); run dir $run_dir"
}

cmd_stop() {
  load_state
  stop_nginx
  stop_nodes
  log "stopped"
}

cmd_status() {
  load_state
  local i pid code all_up=0
  for i in $(seq 1 "$nodes"); do
    pid=$(node_pid "$i")
    if [ -n "$pid" ]; then
      code=$(http_code "http://127.0.0.1:$(node_port "$i")/observe/health")
      printf 'node %s  pid %-8s port %s  health %s\n' "$i" "$pid" "$(node_port "$i")" "${code:-none}"
      [ "$code" = 200 ] || all_up=1
    else
      printf 'node %s  stopped          port %s\n' "$i" "$(node_port "$i")"
      all_up=1
    fi
  done
  pid=$(nginx_pid)
  if [ -n "$pid" ]; then
    code=$(http_code "http://127.0.0.1:$nginx_port/observe/health")
    printf 'nginx   pid %-8s port %s  proxied health %s\n' "$pid" "$nginx_port" "${code:-none}"
    [ "$code" = 200 ] || all_up=1
  else
    printf 'nginx   stopped          port %s\n' "$nginx_port"
    all_up=1
  fi
  return $all_up
}

node_index() {
  [[ "$command_arg" =~ ^[1-9][0-9]*$ ]] && [ "$command_arg" -le "$nodes" ] \
    || die "$command needs a node number 1..$nodes"
  echo "$command_arg"
}

cmd_kill_node() {
  load_state
  local i pid
  i=$(node_index)
  pid=$(node_pid "$i")
  [ -n "$pid" ] || die "node $i is not running"
  kill -KILL "$pid"
  wait_gone 10 "$pid" || die "node $i (pid $pid) survived SIGKILL"
  rm -f "$run_dir/node-$i/pid"
  printf '\n=== %s node %s killed with SIGKILL\n' "$(date '+%F %T')" "$i" >> "$run_dir/node-$i/server.log"
  log "node $i killed with SIGKILL (pid $pid)"
}

cmd_start_node() {
  load_state
  local i
  i=$(node_index)
  start_node "$i"
  await_node "$i"
}

case "$command" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill-node) cmd_kill_node ;;
  start-node) cmd_start_node ;;
  *) die "unknown command $command (see --help)" ;;
esac
