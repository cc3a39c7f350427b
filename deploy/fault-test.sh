#!/usr/bin/env bash
# The fault test: three Parley nodes behind nginx on a PRIVATE PostgreSQL and a PRIVATE Redis (so
# restarting them never disturbs the machine's shared services), the load-test tool's `direct`
# scenario with --reconnect through nginx, and during the run: one node killed with SIGKILL and
# restarted, Redis restarted, PostgreSQL restarted. Passes when nothing was lost, duplicated or
# reordered and messages were acknowledged. Always cleans up everything it started.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/fault-test.sh [options]

  --out DIR            where results go (default ./fault-test-out; emptied first, and only if it is
                       empty or an earlier fault test's)
  --pairs N            direct: pairs of users (default 50)
  --rate R             direct: messages per second in total (default 200)
  --duration S         direct: measured seconds of sending, at least 45 with faults (default 70)
  --warmup S           direct: unmeasured seconds before (default 5); faults come after it
  --drain S            direct: seconds to wait for late acks and deliveries (default 15)
  --nodes N            server nodes (default 3)
  --kill-node I        the node killed with SIGKILL (default 2)
  --node-down S        seconds the killed node stays down (default 10)
  --redis-down S       seconds Redis stays down (default 3)
  --pg-down S          seconds PostgreSQL stays down (default 5)
  --faults LIST        comma-separated, of node, redis, postgres; or none (default node,redis,postgres)
  --no-reconnect       run the tool without --reconnect (a baseline for a tool without it; faults
                       then cost connections and messages)
  --server-jar FILE    default server/target/parley-server.jar (with libs/ beside it)
  --loadtest-jar FILE  default loadtest/target/parley-loadtest.jar
  --check              only check the prerequisites: exit 0 when present, else 3 with what is missing
  -h, --help

Needs: JDK 25 (JAVA, JAVA_HOME or Temurin 25), nginx, PostgreSQL's server binaries
(/usr/lib/postgresql/<version>/bin, or PG_BIN), redis-server and redis-cli, curl, python3; as root also
the postgres user (the private PostgreSQL runs as it).

Schedule, in seconds after the warm-up (D = --duration): the node is killed at 0.15 D and started
again --node-down later; Redis stops at 0.40 D; PostgreSQL stops (pg_ctl -m fast) at 0.62 D. Each fault
waits for the previous one to recover. Every fault and each node's health changes are logged with
timestamps.

Output dir: loadtest.jsonl (the tool's JSON line), loadtest.log (its progress), faults.log,
health.log (each node's and nginx's /observe/health once a second), probes.log (REST answers while
PostgreSQL is down), summary.txt, cluster/ (node and nginx logs), postgres.log, redis.log.

Exit status: 0 passed; 1 failed (lost, duplicates or reordered above 0, nothing acknowledged, a fault not run, or the
tool failed); 2 the harness could not run; 3 prerequisites missing.
EOF
}

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$deploy_dir")

out=./fault-test-out
pairs=50
rate=200
duration=70
warmup=5
drain=15
nodes=3
kill_node=2
node_down=10
redis_down=3
pg_down=5
faults=node,redis,postgres
reconnect=1
check_only=0
server_jar=$root/server/target/parley-server.jar
loadtest_jar=$root/loadtest/target/parley-loadtest.jar

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --drain) drain=$2; shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --kill-node) kill_node=$2; shift 2 ;;
    --node-down) node_down=$2; shift 2 ;;
    --redis-down) redis_down=$2; shift 2 ;;
    --pg-down) pg_down=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --no-reconnect) reconnect=0; shift ;;
    --server-jar) server_jar=$2; shift 2 ;;
    --loadtest-jar) loadtest_jar=$2; shift 2 ;;
    --check) check_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) printf 'fault-test: unknown argument %s (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done

now_ms() { date +%s%3N; }
measure_file=""

# "12:00:01.234 t=+12.3s": wall clock, and seconds since measuring began once that is known.
stamp() {
  local now base="" wall
  now=$(now_ms)
  [ -n "$measure_file" ] && base=$(cat "$measure_file" 2>/dev/null || true)
  wall=$(date -d "@$((now / 1000))" '+%H:%M:%S').$(printf '%03d' $((now % 1000)))
  if [ -n "$base" ]; then
    printf '%s t=%s' "$wall" "$(awk -v d=$((now - base)) 'BEGIN { printf "%+6.1fs", d / 1000 }')"
  else
    printf '%s          ' "$wall"
  fi
}
say() { printf '%s  %s\n' "$(stamp)" "$*"; }
fault() { printf '%s  FAULT %s\n' "$(stamp)" "$*" | tee -a "$out/faults.log"; }
die() { printf 'fault-test: %s\n' "$*" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------------
# Prerequisites

is_root() { [ "$(id -u)" -eq 0 ]; }

find_java() {
  if [ -n "${JAVA:-}" ]; then java=$JAVA
  elif [ -n "${JAVA_HOME:-}" ] && "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then java=$JAVA_HOME/bin/java
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif java -version 2>&1 | grep -q 'version "2[5-9]'; then java=$(command -v java)
  else java=""
  fi
}

find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then pg_bin=$PG_BIN; return; fi
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
}

find_nginx() {
  nginx=${NGINX:-$(command -v nginx || true)}
  if [ -z "$nginx" ] && [ -x /usr/sbin/nginx ]; then nginx=/usr/sbin/nginx; fi
}

check_prerequisites() {
  local missing=()
  find_java
  find_pg_bin
  find_nginx
  [ -n "$java" ] || missing+=("JDK 25 (set JAVA or JAVA_HOME)")
  [ -n "$nginx" ] && [ -x "$nginx" ] || missing+=("nginx (apt-get install nginx, or set NGINX)")
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
    missing+=("PostgreSQL server binaries initdb and pg_ctl (apt-get install postgresql, or set PG_BIN)")
  fi
  command -v redis-server >/dev/null || missing+=("redis-server (apt-get install redis-server)")
  command -v redis-cli >/dev/null || missing+=("redis-cli (apt-get install redis-tools)")
  command -v curl >/dev/null || missing+=("curl")
  command -v python3 >/dev/null || missing+=("python3")
  if is_root; then
    id postgres >/dev/null 2>&1 || missing+=("the postgres user (as root the private PostgreSQL runs as it)")
    command -v runuser >/dev/null || missing+=("runuser")
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    printf 'fault-test: missing: %s\n' "${missing[@]}" >&2
    return 3
  fi
}

if [ $check_only = 1 ]; then
  check_prerequisites || exit 3
  echo "fault-test: prerequisites present (java $java, nginx $nginx, PostgreSQL $pg_bin, $(command -v redis-server))"
  exit 0
fi
check_prerequisites || exit 3

[ -f "$server_jar" ] || die "no server jar at $server_jar (./mvnw -B -q install -DskipTests)"
[ -f "$loadtest_jar" ] || die "no load-test jar at $loadtest_jar (./mvnw -B -q install -DskipTests)"
for n in "$pairs" "$rate" "$duration" "$warmup" "$drain" "$nodes" "$kill_node" "$node_down" "$redis_down" "$pg_down"; do
  [[ "$n" =~ ^[0-9]+$ ]] || die "numbers only: $n"
done
do_node=0; do_redis=0; do_pg=0
case ",$faults," in *,node,*) do_node=1 ;; esac
case ",$faults," in *,redis,*) do_redis=1 ;; esac
case ",$faults," in *,postgres,*) do_pg=1 ;; esac
[ "$faults" = none ] || [ $((do_node + do_redis + do_pg)) -gt 0 ] || die "--faults: node, redis, postgres or none"
if [ "$faults" != none ] && [ "$duration" -lt 45 ]; then die "--duration must be at least 45 s with faults"; fi
if [ $do_node = 1 ] && { [ "$kill_node" -lt 1 ] || [ "$kill_node" -gt "$nodes" ]; }; then
  die "--kill-node must be 1..$nodes"
fi

# The output dir is emptied: only when it is empty or an earlier run's.
if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] && [ ! -f "$out/.parley-fault-test" ]; then
  die "$out is not empty and not a fault test's output dir: choose another --out"
fi
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
touch "$out/.parley-fault-test" "$out/faults.log"

# ---------------------------------------------------------------------------------------------------
# Cleaning up, whatever happens

work=""
lt_pgid=""
health_pid=""
stream_pid=""
probe_pids=()
cluster_started=0
redis_started=0
pg_started=0
# Set once the figures are judged: any other way out is the harness failing (2), or an interrupt.
verdict=""

cluster() {
  "$deploy_dir/cluster.sh" --run-dir "$out/cluster" "$@"
}

# "pid parent-pid" of every process, from /proc with shell builtins only (no procps on minimal systems).
process_table() {
  local stat line rest
  for stat in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null < "$stat" || continue
    # The name (field 2) is in parentheses and may hold spaces: the fields after it start at the last ") ".
    rest=${line##*) }
    set -- $rest
    echo "${stat//[!0-9]/} $2"
  done
}

# Ends a background job of this script and every command under it.
end_job() {
  local table pids=("$1") i=0 pid parent
  table=$(process_table)
  while [ $i -lt ${#pids[@]} ]; do
    while read -r pid parent; do
      [ "$parent" = "${pids[$i]}" ] && pids+=("$pid")
    done <<< "$table"
    i=$((i + 1))
  done
  kill "${pids[@]}" 2>/dev/null
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$verdict" ]; then status=$verdict
  elif [ "$status" != 130 ] && [ "$status" != 143 ]; then status=2
  fi
  say "cleaning up"
  if [ -n "$lt_pgid" ] && kill -0 "$lt_pgid" 2>/dev/null; then
    kill -TERM -- "-$lt_pgid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$lt_pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$lt_pgid" 2>/dev/null
  fi
  [ -n "$health_pid" ] && end_job "$health_pid"
  local pid
  for pid in "${probe_pids[@]}"; do end_job "$pid"; done
  [ $cluster_started = 1 ] && cluster stop
  [ $redis_started = 1 ] && redis_stop
  [ $pg_started = 1 ] && pg_stop_for_good
  [ -n "$stream_pid" ] && wait "$stream_pid" 2>/dev/null
  [ -n "$health_pid" ] && wait "$health_pid" 2>/dev/null
  # The run's master key went with its database.
  rm -f "$out/cluster/master.key"
  if [ -n "$work" ]; then
    cp "$work/pg/postgres.log" "$out/postgres.log" 2>/dev/null
    cp "$work/redis/redis.log" "$out/redis.log" 2>/dev/null
    rm -rf "$work"
  fi
  say "done (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

work=$(mktemp -d "${TMPDIR:-/tmp}/parley-fault.XXXXXX")
# The private PostgreSQL runs as postgres when we are root: it must be able to enter this dir.
chmod 711 "$work"
measure_file=$work/measure.ms

# ---------------------------------------------------------------------------------------------------
# Ports: one block of free ones below the ephemeral range (32768+), so the tool's own outgoing
# connections cannot take them.

read -r pg_port redis_port nginx_port base_port < <(python3 - "$nodes" <<'PY'
import random, socket, sys
count = int(sys.argv[1]) + 3
for _ in range(200):
    base = random.randint(20000, 32000 - count)
    held = []
    try:
        for port in range(base, base + count):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", port))
            held.append(s)
    except OSError:
        continue
    finally:
        for s in held:
            s.close()
    print(base, base + 1, base + 2, base + 3)
    sys.exit(0)
sys.exit("no block of free ports found")
PY
) || die "no block of free ports"
say "ports: PostgreSQL $pg_port, Redis $redis_port, nginx $nginx_port, nodes $base_port..$((base_port + nodes - 1))"

# ---------------------------------------------------------------------------------------------------
# The private PostgreSQL

pg_dir=$work/pg
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w -t 60 start > /dev/null
}

pg_stop() {
  as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 60 stop > /dev/null
}

pg_stop_for_good() {
  pg_stop 2>/dev/null || as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop > /dev/null 2>&1
}

pg_setup() {
  mkdir -p "$pg_dir"
  if is_root; then chown postgres: "$pg_dir"; fi
  as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync > "$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; die "initdb failed"; }
  cat >> "$pg_dir/data/postgresql.conf" <<EOF

# The fault test's private server.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
max_connections = 100
shared_buffers = 64MB
EOF
  pg_started=1
  pg_start || { tail -n 20 "$pg_dir/postgres.log" >&2; die "PostgreSQL did not start"; }
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres parley || die "createdb failed"
  say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') up on port $pg_port (data in $pg_dir)"
}

# ---------------------------------------------------------------------------------------------------
# The private Redis

redis_dir=$work/redis

redis_pid() { tr -dc '0-9' 2>/dev/null < "$redis_dir/redis.pid" || true; }

redis_start() {
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir" > /dev/null
  local _
  for _ in $(seq 1 100); do
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  return 1
}

redis_stop() {
  local pid _
  pid=$(redis_pid)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

redis_setup() {
  mkdir -p "$redis_dir"
  redis_started=1
  redis_start || die "Redis did not start; see $redis_dir/redis.log"
  say "Redis $(redis-server --version | awk '{print $3}' | tr -d 'v=') up on port $redis_port"
}

# ---------------------------------------------------------------------------------------------------
# Health

node_port() { echo $((base_port + $1 - 1)); }

# 200, 503 ..., "refused" (nothing listens) or "timeout" (no answer within 2 s).
health_of() {
  local code rc=0
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/observe/health" 2>/dev/null) || rc=$?
  case "$rc" in
    0) echo "$code" ;;
    7) echo refused ;;
    28) echo timeout ;;
    *) echo "error$rc" ;;
  esac
}

# " node1=200 node2=refused ... nginx=200", asked in parallel (a node waiting for its database takes the
# whole 2 s).
health_line() {
  local dir i pids=() line=""
  dir=$(mktemp -d "$work/health.XXXXXX")
  for i in $(seq 1 "$nodes"); do health_of "$(node_port "$i")" > "$dir/node$i" & pids+=($!); done
  health_of "$nginx_port" > "$dir/nginx" & pids+=($!)
  wait "${pids[@]}"
  for i in $(seq 1 "$nodes"); do line+=" node$i=$(cat "$dir/node$i")"; done
  line+=" nginx=$(cat "$dir/nginx")"
  rm -rf "$dir"
  echo "$line"
}

# Once a second, every node's and nginx's health into health.log; changes also on stdout.
watch_health() {
  local previous="" line
  while :; do
    line=$(health_line)
    printf '%s %s\n' "$(stamp)" "$line" >> "$out/health.log"
    if [ "$line" != "$previous" ]; then say "health:$line"; fi
    previous=$line
    sleep 0.5
  done
}

# Waits until every node answers 200; logs how long that took after $1 (a description of what came back).
await_all_healthy() {
  local what=$1 since=$SECONDS i ok
  while [ $((SECONDS - since)) -lt 180 ]; do
    ok=1
    for i in $(seq 1 "$nodes"); do
      [ "$(health_of "$(node_port "$i")")" = 200 ] || { ok=0; break; }
    done
    if [ $ok = 1 ]; then
      fault "all $nodes nodes healthy $((SECONDS - since)) s after $what"
      return 0
    fi
    sleep 0.25
  done
  fault "nodes still not all healthy 180 s after $what"
}

# A REST request through nginx with one of the tool's sessions: what clients get while PostgreSQL is down.
probe_rest() {
  local label=$1 token
  token=$(python3 -c 'import json,sys; print(next(iter(json.load(open(sys.argv[1]))["users"].values()))["token"])' \
    "$work/users.json" 2>/dev/null) || { echo "$(stamp) $label: no token to probe with" >> "$out/probes.log"; return; }
  local started answer
  started=$(stamp)
  answer=$(curl -s -m 45 -w ' -> HTTP %{http_code} in %{time_total} s' -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$nginx_port/api/v1/conversations" 2>&1 | tail -c 400) || true
  printf '%s %s: GET /api/v1/conversations (sent %s): %s\n' "$(stamp)" "$label" "$started" "$answer" >> "$out/probes.log"
}

# ---------------------------------------------------------------------------------------------------
# Faults

tool_running() { [ -n "$lt_pgid" ] && kill -0 "$lt_pgid" 2>/dev/null; }

# Sleeps until $1 milliseconds after measuring began; false if the tool ended before.
sleep_until() {
  local target=$(($(cat "$measure_file") + $1))
  while [ "$(now_ms)" -lt "$target" ]; do
    tool_running || return 1
    sleep 0.2
  done
  tool_running
}

# A fault that would begin after 80 % of the sending (the previous one recovered slowly) is skipped, and
# the test fails: the messages sent after it recovered would be too few to show anything.
in_time() {
  if [ "$(now_ms)" -gt $(($(cat "$measure_file") + duration * 800)) ]; then
    fault "SKIPPED $1: too late in the run (the previous fault recovered slowly); try a longer --duration"
    return 1
  fi
}

fault_node() {
  fault "kill -9 node $kill_node"
  cluster kill-node "$kill_node" | sed 's/^/    /' || die "could not kill node $kill_node"
  sleep "$node_down"
  fault "starting node $kill_node after ${node_down} s down"
  local since=$SECONDS
  cluster start-node "$kill_node" | sed 's/^/    /' || die "node $kill_node did not start again"
  fault "node $kill_node healthy again, $((SECONDS - since)) s after its start"
  echo node >> "$work/faults.done"
}

fault_redis() {
  fault "stopping Redis (pid $(redis_pid))"
  redis_stop
  fault "Redis stopped"
  sleep "$redis_down"
  redis_start || die "Redis did not start again"
  fault "Redis started again after ${redis_down} s down (pid $(redis_pid)); it kept nothing"
  await_all_healthy "Redis came back"
  echo redis >> "$work/faults.done"
}

fault_pg() {
  fault "stopping PostgreSQL (pg_ctl stop -m fast)"
  pg_stop || die "PostgreSQL did not stop"
  fault "PostgreSQL stopped"
  probe_rest "while PostgreSQL is down" &
  probe_pids+=($!)
  sleep "$pg_down"
  pg_start || die "PostgreSQL did not start again"
  fault "PostgreSQL started again after ${pg_down} s down"
  probe_rest "right after PostgreSQL came back" &
  probe_pids+=($!)
  await_all_healthy "PostgreSQL came back"
  echo postgres >> "$work/faults.done"
}

# ---------------------------------------------------------------------------------------------------
# The run

pg_setup
redis_setup

# Only the settings below reach the nodes, whatever PARLEY_* the caller has set.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^PARLEY_' || true)
export PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/parley"
export PARLEY_DB_USER=postgres
export PARLEY_DB_PASSWORD=""
export PARLEY_REDIS_URL="redis://127.0.0.1:$redis_port"
export PARLEY_REDIS_PREFIX="fault:"
export PARLEY_LOGIN_MAX_PER_ADDRESS=1000000
cluster_started=1
cluster --nodes "$nodes" --base-port "$base_port" --nginx-port "$nginx_port" --jar "$server_jar" \
  --java "$java" --nginx "$nginx" start | sed 's/^/    /' || die "the cluster did not start"

watch_health &
health_pid=$!

tool_args=(direct --url "http://127.0.0.1:$nginx_port" --pairs "$pairs" --rate "$rate" --duration "$duration"
  --warmup "$warmup" --drain-seconds "$drain" --users-file "$work/users.json")
[ $reconnect = 1 ] && tool_args+=(--reconnect)
say "load test: java -jar $(basename "$loadtest_jar") ${tool_args[*]}"
# A session of its own (so its worker processes go with it), recording its exit status.
setsid bash -c 'echo $$ > "$0"; "$@"; echo $? > "$0.rc"' "$work/loadtest.pid" \
  "$java" -jar "$loadtest_jar" "${tool_args[@]}" > "$out/loadtest.jsonl" 2> "$out/loadtest.log" < /dev/null &
for _ in $(seq 1 100); do [ -s "$work/loadtest.pid" ] && break; sleep 0.05; done
lt_pgid=$(tr -dc '0-9' < "$work/loadtest.pid")
[ -n "$lt_pgid" ] || die "the load-test tool did not start"
tail -n +1 -F --pid="$lt_pgid" "$out/loadtest.log" 2>/dev/null | sed -u 's/^/    loadtest | /' &
stream_pid=$!

# Faults are timed from the start of the measured phase: the first progress line that counts a sent
# message (the warm-up's are not counted; the warm-up ends once its messages are delivered, or after 5 s).
say "waiting for the tool's setup (registering and logging in $((pairs * 2)) users) and warm-up"
until grep -qE '[|] sent [1-9]' "$out/loadtest.log" 2>/dev/null; do
  tool_running || break
  sleep 0.2
done
if tool_running; then
  echo $(($(now_ms) - 1000)) > "$measure_file"
  say "measuring since t=0 (the progress line's second)"
  if [ "$faults" != none ]; then
    # Per mille of the duration, in milliseconds.
    if [ $do_node = 1 ] && sleep_until $((duration * 150)) && in_time node; then fault_node; fi
    if [ $do_redis = 1 ] && sleep_until $((duration * 400)) && in_time redis; then fault_redis; fi
    if [ $do_pg = 1 ] && sleep_until $((duration * 620)) && in_time postgres; then fault_pg; fi
    if tool_running; then say "faults done; sending goes on until t=${duration}s, then a ${drain} s drain"; fi
  fi
fi

# The tool ends by itself: measured phase, drain, final sync.
deadline=$((SECONDS + duration + warmup + drain + 300))
while tool_running; do
  [ $SECONDS -lt $deadline ] || { say "the tool is still running long after its end: stopping it"; break; }
  sleep 0.5
done
tool_rc=$(cat "$work/loadtest.pid.rc" 2>/dev/null || echo killed)
wait "$stream_pid" 2>/dev/null || true
stream_pid=""
[ -f "$out/probes.log" ] && sed 's/^/    probe | /' "$out/probes.log"

# ---------------------------------------------------------------------------------------------------
# The verdict

touch "$work/faults.done"
if python3 - "$out/loadtest.jsonl" "$tool_rc" "$out/summary.txt" "$out/faults.log" "$faults" "$work/faults.done" <<'PY'
import json, sys
jsonl, tool_rc, summary_file, faults_log, faults, faults_done = sys.argv[1:7]
report = None
for line in open(jsonl, encoding="utf-8"):
    line = line.strip()
    if line.startswith("{"):
        report = json.loads(line)
fields = [
    ("sent", "sent"), ("acked", "acked"), ("delivered", "delivered"), ("lost", "lost"),
    ("duplicates", "duplicates"), ("reordered", "reordered"), ("unacked", "unacked"),
    ("rejected", "rejected"), ("drops", "drops"), ("reconnects", "reconnects"),
    ("reconnect p50 ms", "reconnect_p50_ms"), ("reconnect max ms", "reconnect_max_ms"),
    ("resends", "resends"), ("redelivered", "redelivered"), ("synced deliveries", "synced_deliveries"),
    ("deliver p50 ms", "deliver_p50_ms"), ("deliver p99 ms", "deliver_p99_ms"), ("deliver max ms", "deliver_max_ms"),
]
lines = ["Fault test (faults: %s)" % faults, ""]
problems = []
if tool_rc != "0":
    problems.append("the load-test tool exited with %s" % tool_rc)
if report is None:
    problems.append("no JSON line from the tool")
else:
    for label, key in fields:
        value = report.get(key, "(not reported)")
        lines.append("  %-18s %s" % (label, "null" if value is None else value))
    for key in ("lost", "duplicates", "reordered"):
        if report.get(key) != 0:
            problems.append("%s = %s" % (key, report.get(key)))
    if not isinstance(report.get("acked"), int) or report["acked"] <= 0:
        problems.append("nothing acknowledged")
done = {l.strip() for l in open(faults_done, encoding="utf-8")}
not_run = [f for f in faults.split(",") if f != "none" and f not in done]
if not_run:
    problems.append("faults not run: " + ", ".join(not_run))
lines.append("")
lines.append("Faults:")
fault_lines = [l.rstrip("\n") for l in open(faults_log, encoding="utf-8")]
if fault_lines:
    lines.extend("  " + l for l in fault_lines)
else:
    lines.append("  none")
lines.append("")
lines.append("PASSED: lost 0, duplicates 0, reordered 0, acked > 0" if not problems else "FAILED: " + "; ".join(problems))
text = "\n".join(lines) + "\n"
open(summary_file, "w", encoding="utf-8").write(text)
print(text, end="")
sys.exit(0 if not problems else 1)
PY
then verdict=0; else verdict=1; fi
exit $verdict
