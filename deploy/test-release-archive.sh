#!/usr/bin/env bash
# Checks the server release archive the way an operator uses it: unpacks it into a temporary directory,
# checks its layout, runs bin/parley-server from another working directory and through a symbolic link,
# checks the messages when Java is missing or too old, starts the server on a free port set in the
# archive's config/application.yaml (so the file is proven to be read) with a temporary data dir and
# JAVA_OPTS, asks /observe/health and the healthcheck command, stops it with SIGTERM, and verifies
# the systemd unit with systemd-analyze when it is installed. Exit status 0: passed; 1: failed; 2: could not run.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/test-release-archive.sh [--archive FILE] [--keep]

  --archive FILE   the archive to test (default: server/target/parley-server-*.tar.gz; build it with
                   ./mvnw -B package -DskipTests -pl server -am)
  --keep           keep the temporary directory (unpacked archive, server.log) for a look afterwards
  -h, --help

Needs: Java 25 (JAVA_HOME, /usr/lib/jvm/temurin-25-jdk-amd64 or java on PATH), curl, tar; python3 to pick
a free port (else a random one); systemd-analyze to verify the unit (else that check is skipped).
USAGE
}

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$deploy_dir")
archive=""
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --archive) archive=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "test-release-archive: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

started=$(date +%s)
step() { printf '== %s\n' "$*"; }
fail() { printf 'test-release-archive: FAILED: %s\n' "$*" >&2; exit 1; }
die() { printf 'test-release-archive: cannot run: %s\n' "$*" >&2; exit 2; }

if [ -z "$archive" ]; then
  archive=$(ls -t "$root"/server/target/parley-server-*.tar.gz 2>/dev/null | head -n 1 || true)
  [ -n "$archive" ] || die "no server/target/parley-server-*.tar.gz: build it with ./mvnw -B package -DskipTests -pl server -am"
fi
[ -f "$archive" ] || die "no archive at $archive"
name=$(basename "$archive" .tar.gz)
version=${name#parley-server-}

is_java25() { "$1/bin/java" -version 2>&1 | grep -q 'version "\(2[5-9]\|[3-9][0-9]\)'; }
if [ -n "${JAVA_HOME:-}" ] && is_java25 "$JAVA_HOME"; then java_home=$JAVA_HOME
elif is_java25 /usr/lib/jvm/temurin-25-jdk-amd64; then java_home=/usr/lib/jvm/temurin-25-jdk-amd64
elif command -v java >/dev/null && is_java25 "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
else die "no Java 25 found: set JAVA_HOME"
fi
command -v curl >/dev/null || die "curl is missing"

work=$(mktemp -d "${TMPDIR:-/tmp}/parley-release-test.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}

# The server and the launcher get a clean environment: no PARLEY_* of the caller may hide what the
# config file says.
clean_env=(env -i "PATH=$PATH" "HOME=${HOME:-/tmp}" "LANG=C.UTF-8")

step "unpack $(basename "$archive") ($(du -h "$archive" | cut -f1))"
tar -xzf "$archive" -C "$work"
tops=$(tar -tzf "$archive" | cut -d/ -f1 | sort -u)
[ "$tops" = "$name" ] || fail "the archive should hold one directory $name, it holds: $tops"
home=$work/$name
for f in parley-server.jar README.txt bin/parley-server config/application.yaml systemd/parley.service systemd/parley.env \
    backup/backup-h2.sh backup/restore-h2.sh backup/backup-postgres.sh backup/restore-postgres.sh backup/pg-common.sh \
    backup/h2-common.sh; do
  [ -f "$home/$f" ] || fail "$f is missing"
done
[ -x "$home/bin/parley-server" ] || fail "bin/parley-server is not executable"
# Every library the jar's manifest names is in libs/.
classpath=$(unzip -p "$home/parley-server.jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' \
  | awk '/^Class-Path:/ { on = 1; sub(/^Class-Path: /, ""); printf "%s", $0; next } on && /^ / { sub(/^ /, ""); printf "%s", $0; next } { on = 0 }')
[ -n "$classpath" ] || fail "the jar's manifest has no Class-Path (or unzip is missing)"
libs=0
for lib in $classpath; do
  [ -f "$home/$lib" ] || fail "the jar needs $lib, which is not in the archive"
  libs=$((libs + 1))
done
echo "layout OK: jar, $libs libraries, bin, config, systemd, README.txt"

step "launcher: sh syntax, version from another directory and through a symbolic link"
sh -n "$home/bin/parley-server" || fail "bin/parley-server is not valid sh"
mkdir -p "$work/cwd" "$work/links"
out=$(cd "$work/cwd" && "${clean_env[@]}" JAVA_HOME="$java_home" "$home/bin/parley-server" version) \
  || fail "bin/parley-server version failed: $out"
[ "$out" = "Parley server $version" ] || fail "bin/parley-server version said '$out', expected 'Parley server $version'"
echo "$out"
ln -s "$home/bin/parley-server" "$work/links/parley-server"
out=$(cd / && "${clean_env[@]}" JAVA_HOME="$java_home" "$work/links/parley-server" version) \
  || fail "the launcher through a symbolic link failed: $out"
[ "$out" = "Parley server $version" ] || fail "through a symbolic link: '$out'"

step "launcher: clear messages without Java 25"
if out=$("${clean_env[@]}" JAVA_HOME=/nonexistent-java "$home/bin/parley-server" version 2>&1); then
  fail "a JAVA_HOME without java was accepted"
fi
case $out in *JAVA_HOME*Java\ 25*) echo "JAVA_HOME wrong: $out" ;; *) fail "unclear message for a bad JAVA_HOME: $out" ;; esac
# A PATH with the tools the launcher uses, and no java.
mkdir -p "$work/nojava"
for tool in dirname readlink sed head; do ln -s "$(command -v "$tool")" "$work/nojava/$tool"; done
if out=$(env -i PATH="$work/nojava" "$(command -v sh)" "$home/bin/parley-server" version 2>&1); then
  fail "the launcher ran without any java"
fi
case $out in *"no Java found"*) echo "no java: $out" ;; *) fail "unclear message without java: $out" ;; esac
old_java=$(ls -d /usr/lib/jvm/*-1[1-7]* /usr/lib/jvm/*-21* 2>/dev/null | head -n 1 || true)
if [ -n "$old_java" ] && [ -x "$old_java/bin/java" ]; then
  if out=$("${clean_env[@]}" JAVA_HOME="$old_java" "$home/bin/parley-server" version 2>&1); then
    fail "the launcher accepted $old_java"
  fi
  case $out in *"needs Java 25"*) echo "old java: $out" ;; *) fail "unclear message for $old_java: $out" ;; esac
else
  echo "(no Java older than 25 installed: that message is not checked)"
fi

step "serve on a free port set in config/application.yaml, with JAVA_OPTS and a temporary data dir"
port=$(free_port)
sed -i "s/^  port: 8080\$/  port: $port/" "$home/config/application.yaml"
grep -q "^  port: $port\$" "$home/config/application.yaml" || fail "config/application.yaml has no '  port: 8080' line to change"
data=$work/data
(cd "$work/cwd" && exec "${clean_env[@]}" JAVA_HOME="$java_home" PARLEY_DATA_DIR="$data" \
  JAVA_OPTS="-Xmx256m -Dparley.release-test=$port" "$home/bin/parley-server") >"$work/server.log" 2>&1 &
server_pid=$!
up=0
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 30 "$work/server.log" >&2
    fail "the server exited while starting (log above)"
  fi
  if health=$(curl -sf --max-time 2 "http://127.0.0.1:$port/observe/health"); then up=1; break; fi
  sleep 0.5
done
[ "$up" = 1 ] || { tail -n 30 "$work/server.log" >&2; fail "no answer on port $port (from config/application.yaml) within 60 s"; }
case $health in *'"status":"UP"'*) echo "/observe/health: $health" ;; *) fail "/observe/health is not UP: $health" ;; esac
args=$(ps -o args= -p "$server_pid")
case $args in *"-Dparley.release-test=$port"*) echo "JAVA_OPTS passed on" ;; *) fail "JAVA_OPTS did not reach the JVM: $args" ;; esac
case $args in *"-Dparley.config=$home/config/application.yaml"*) ;; *) fail "the JVM was not pointed at config/application.yaml: $args" ;; esac
[ -f "$data/master.key" ] || fail "no master.key in the data dir $data"
[ "$(stat -c %a "$data/master.key")" = 600 ] || fail "master.key is not owner-only: $(stat -c %a "$data/master.key")"
[ ! -e "$work/cwd/data" ] || fail "the server wrote ./data into its working directory despite PARLEY_DATA_DIR"
out=$("${clean_env[@]}" JAVA_HOME="$java_home" "$home/bin/parley-server" healthcheck) \
  || fail "healthcheck (port from config/application.yaml) failed: $out"
echo "healthcheck: $out"
out=$("${clean_env[@]}" JAVA_HOME="$java_home" PARLEY_DATA_DIR="$data" "$home/bin/parley-server" admin registration) \
  || fail "bin/parley-server admin registration failed: $out"
[ "$out" = "Registration: open" ] || fail "admin registration said '$out'"
backup=$("${clean_env[@]}" JAVA_HOME="$java_home" "$home/backup/backup-h2.sh" --out "$work/backups" --data-dir "$data" \
  2>"$work/backup.log" | tail -n 1) || { cat "$work/backup.log" >&2; fail "backup/backup-h2.sh (with ../bin/parley-server) failed"; }
[ -f "$backup/parley-db.zip" ] && [ -f "$backup/master.key" ] || fail "backup/backup-h2.sh made no backup in $backup"
echo "admin through the socket: $out; backup/backup-h2.sh while serving: $(basename "$backup")"

step "stop with SIGTERM"
kill -TERM "$server_pid"
status=0
for _ in $(seq 1 60); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
if kill -0 "$server_pid" 2>/dev/null; then fail "the server did not stop within 30 s of SIGTERM"; fi
wait "$server_pid" || status=$?
server_pid=""
# 143 = 128 + SIGTERM: the JVM's exit status after running its shutdown hooks.
case $status in 0|143) echo "stopped (exit status $status)" ;; *) tail -n 30 "$work/server.log" >&2; fail "exit status $status after SIGTERM" ;; esac
if out=$("${clean_env[@]}" JAVA_HOME="$java_home" "$home/bin/parley-server" healthcheck); then
  fail "healthcheck passed with the server stopped: $out"
fi
echo "healthcheck with the server stopped: $out"

step "systemd unit"
if command -v systemd-analyze >/dev/null; then
  # The unit names /opt/parley; verify a copy that names the unpacked archive (ExecStart must exist).
  sed "s|/opt/parley|$home|g" "$home/systemd/parley.service" > "$work/parley.service"
  # systemd-analyze verify exits 0 even for unknown keys or bad values: any message is a failure.
  if ! verify=$(systemd-analyze verify "$work/parley.service" 2>&1) || [ -n "$verify" ]; then
    fail "systemd-analyze verify: $verify"
  fi
  echo "systemd-analyze verify: no complaints"
else
  echo "(systemd-analyze is not installed: the unit was not verified)"
fi

echo "release archive $name OK in $(( $(date +%s) - started )) s"
