# shellcheck shell=bash disable=SC2154,SC2034
# Shared by the backup tests (sourced, not run): their common start, Java 25, a free port, and one server
# process at a time started from $server_jar. The caller sets test_name and root, and defines usage().

server_pid=""
started=$(date +%s)
step() { printf '== %s\n' "$*"; }
fail() { printf '%s: FAILED: %s\n' "$test_name" "$*" >&2; exit 1; }
die() { printf '%s: cannot run: %s\n' "$test_name" "$*" >&2; exit 2; }

# begin_test "$@": reads --keep / --help into keep, drops the caller's PARLEY_* settings (the scripts
# under test take defaults from them), and finds the server jar ($SERVER_JAR, else the built one).
begin_test() {
  keep=0
  case "${1:-}" in
    --keep) keep=1 ;;
    -h|--help) usage; exit 0 ;;
    "") ;;
    *) usage >&2; exit 2 ;;
  esac
  while read -r name; do unset "$name"; done < <(compgen -e | grep '^PARLEY_' || true)
  server_jar=${SERVER_JAR:-$root/server/target/parley-server.jar}
  [ -f "$server_jar" ] || die "no $server_jar: build it with ./mvnw -B -pl server -am package -DskipTests"
}

# require_tools TOOL...: dies (exit 2) naming the first one missing.
require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is missing"
  done
}

# find_java25: sets java, or dies (exit 2: the test cannot run here).
find_java25() {
  is_java25() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -q 'version "\(2[5-9]\|[3-9][0-9]\)'; }
  if [ -n "${JAVA_HOME:-}" ] && is_java25 "$JAVA_HOME"; then java=$JAVA_HOME/bin/java
  elif is_java25 /usr/lib/jvm/temurin-25-jdk-amd64; then java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
  elif command -v java >/dev/null && java -version 2>&1 | grep -q 'version "\(2[5-9]\|[3-9][0-9]\)'; then java=$(command -v java)
  else die "no Java 25 found: set JAVA_HOME"
  fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server DATA_DIR LOG [NAME=VALUE...]: a server with only these settings, ready on $port when this returns.
start_server() {
  local data_dir=$1 log=$2
  shift 2
  port=$(free_port)
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" PARLEY_HOST=127.0.0.1 PARLEY_PORT="$port" PARLEY_DATA_DIR="$data_dir" \
    "$@" "$java" -jar "$server_jar" > "$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$log" >&2; server_pid=""; fail "the server exited while starting (log above)"; }
    if curl -sf --max-time 2 "http://127.0.0.1:$port/observe/health/ready" >/dev/null; then return 0; fi
    sleep 0.5
  done
  tail -n 30 "$log" >&2
  fail "the server did not become ready within 60 s"
}

stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
