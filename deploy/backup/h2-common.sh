# shellcheck shell=bash disable=SC2154,SC2034
# Shared by backup-h2.sh and restore-h2.sh (sourced, not run): how to run the parley-server command.

die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s\n\n' "$prog" "$*" >&2; usage >&2; exit 2; }

# find_parley: sets the array parley to the command that runs parley-server: --parley if given, else the
# release archive's bin/parley-server next to this directory, else the source tree's built jar.
find_parley() {
  local here=$1
  if [ -n "$parley_command" ]; then
    read -r -a parley <<< "$parley_command"
  elif [ -x "$here/../bin/parley-server" ]; then
    parley=("$here/../bin/parley-server")
  elif [ -f "$here/../../server/target/parley-server.jar" ]; then
    local java=java
    if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java
    elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
    fi
    parley=("$java" -jar "$here/../../server/target/parley-server.jar")
  else
    die "cannot find parley-server: give --parley '/opt/parley/bin/parley-server'"
  fi
}

# The key as the server picks it: PARLEY_MASTER_KEY if set, else <data dir>/master.key.
key_of_server() {
  if [ -n "${PARLEY_MASTER_KEY:-}" ]; then
    printf '%s' "$PARLEY_MASTER_KEY"
  elif [ -f "$data_dir/master.key" ]; then
    tr -d ' \n\r\t' < "$data_dir/master.key"
  fi
}
