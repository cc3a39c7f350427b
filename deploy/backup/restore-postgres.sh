#!/usr/bin/env bash
# Restores a backup made by backup-postgres.sh into an empty PostgreSQL database and puts its master key
# back where the server will read it. Stop every Parley server on the database first.
set -euo pipefail
prog=restore-postgres.sh

usage() {
  cat <<'USAGE'
Usage: restore-postgres.sh --backup DIR [--db-url URL] [--db-user USER]
                           [--key-file FILE | --data-dir DIR | --no-key] [--force]

  --backup DIR       a directory written by backup-postgres.sh
  --db-url URL       the target: jdbc:postgresql://host:port/database (default: $PARLEY_DB_URL). The
                     database must exist (createdb) and be empty; the restoring user owns what is restored
  --db-user USER     (default: $PARLEY_DB_USER, else postgres); password from PGPASSWORD, else
                     $PARLEY_DB_PASSWORD, else ~/.pgpass
  --key-file FILE    write the backed-up master key to FILE (mode 0600)
  --data-dir DIR     write it to DIR/master.key, where the server looks without PARLEY_MASTER_KEY
                     (default: $PARLEY_DATA_DIR)
  --no-key           do not put the key anywhere (you set PARLEY_MASTER_KEY yourself)
  --force            restore into a database that is not empty (objects of the backup are dropped and
                     recreated), while other sessions are connected, and over a different key file
                     (the old one is kept as master.key.replaced-<time>)
  -h, --help

When PARLEY_MASTER_KEY is set, it must equal the backed-up key (else the server could not read the
restored messages) and no key file is written. Then start the server and check it:
  curl http://127.0.0.1:8080/observe/health

Needs pg_restore (client version at least the one that made the dump) and psql.
USAGE
}

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg-common.sh
. "$deploy_dir/pg-common.sh"

backup=""
db_url=${PARLEY_DB_URL:-}
db_user=${PARLEY_DB_USER:-postgres}
key_file=""
data_dir=${PARLEY_DATA_DIR:-}
no_key=0
force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --backup) backup=${2:?--backup needs a directory}; shift 2 ;;
    --db-url) db_url=${2:?--db-url needs a URL}; shift 2 ;;
    --db-user) db_user=${2:?--db-user needs a name}; shift 2 ;;
    --key-file) key_file=${2:?--key-file needs a file}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift 2 ;;
    --no-key) no_key=1; shift ;;
    --force) force=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
[ -n "$backup" ] || usage_error "no --backup directory"
[ -f "$backup/parley.dump" ] || die "$backup has no parley.dump: not a backup-postgres.sh backup"
pg_connection
command -v pg_restore >/dev/null || die "pg_restore is not installed (Debian: apt install postgresql-client)"
if [ -f "$backup/SHA256SUMS" ]; then
  (cd "$backup" && sha256sum --quiet -c SHA256SUMS) || die "$backup does not match its SHA256SUMS: damaged?"
fi

# Where the key goes: decided, and checked, before anything is changed.
key=""
key_target=""
if [ -f "$backup/master.key" ]; then key=$(tr -d ' \n\r\t' < "$backup/master.key"); fi
if [ "$no_key" = 1 ]; then
  :
elif [ -z "$key" ]; then
  echo "$prog: the backup holds no master key (made with --no-key): configure the original key yourself" >&2
elif [ -n "$key_file" ]; then
  key_target=$key_file
elif [ -n "${PARLEY_MASTER_KEY:-}" ]; then
  [ "$PARLEY_MASTER_KEY" = "$key" ] \
    || die "PARLEY_MASTER_KEY is not the backed-up key: set it to the content of $backup/master.key (or unset it and give --data-dir)"
elif [ -n "$data_dir" ]; then
  key_target=$data_dir/master.key
else
  usage_error "where should the master key go? give --data-dir or --key-file, or --no-key if you set PARLEY_MASTER_KEY yourself"
fi
if [ -n "$key_target" ] && [ -f "$key_target" ] && [ "$(tr -d ' \n\r\t' < "$key_target")" != "$key" ] && [ "$force" = 0 ]; then
  die "$key_target holds a different key; move it away or use --force (it is then kept as $key_target.replaced-<time>)"
fi

psql_value 'select 1' >/dev/null || die "cannot connect to $pg_db on $pg_host:$pg_port as $db_user (create it first: createdb -h $pg_host -p $pg_port -U $db_user $pg_db)"
relations=$(user_relations)
others=$(other_connections)
if [ "$force" = 0 ]; then
  [ "$relations" = 0 ] || die "$pg_db is not empty ($relations tables, views or sequences): restore into a new database, or --force"
  [ "$others" = 0 ] || die "$others other sessions are connected to $pg_db: stop the Parley servers first, or --force"
fi

started=$(date +%s)
clean=()
[ "$relations" = 0 ] || clean=(--clean --if-exists)
pg_restore "${pg_args[@]}" -d "$pg_db" --no-owner --no-privileges --exit-on-error --single-transaction \
  "${clean[@]}" "$backup/parley.dump" || die "pg_restore into $pg_db failed (nothing was changed: one transaction)"

if [ -n "$key_target" ]; then
  umask 077
  mkdir -p "$(dirname "$key_target")"
  if [ -f "$key_target" ] && [ "$(tr -d ' \n\r\t' < "$key_target")" != "$key" ]; then
    mv "$key_target" "$key_target.replaced-$(date -u +%Y%m%dT%H%M%SZ)"
  fi
  printf '%s' "$key" > "$key_target.tmp" && chmod 600 "$key_target.tmp" && mv "$key_target.tmp" "$key_target"
  echo "$prog: master key written to $key_target (owned by $(id -un): chown it to the server's user if that differs)" >&2
fi
if [ -f "$backup/previous-master-keys" ]; then
  echo "$prog: the backup lists previous master keys ($backup/previous-master-keys): set PARLEY_PREVIOUS_MASTER_KEYS to them" >&2
fi
echo "$prog: restored $backup into $pg_db on $pg_host:$pg_port in $(( $(date +%s) - started )) s" >&2
