#!/usr/bin/env bash
# Backs up a Parley server that runs on PostgreSQL: the database (pg_dump, custom format: compressed,
# restorable table by table) and the master key that decrypts its messages, into one new timestamped
# directory. Safe while the server runs (pg_dump reads one consistent snapshot).
set -euo pipefail
prog=backup-postgres.sh

usage() {
  cat <<'USAGE'
Usage: backup-postgres.sh --out DIR [--db-url URL] [--db-user USER]
                          [--key-file FILE | --data-dir DIR | --no-key]

Writes DIR/parley-<database>-<UTC time>/ (mode 0700) holding
  parley.dump            pg_dump -Fc of the database
  master.key             the master key (base64), mode 0600
  previous-master-keys   PARLEY_PREVIOUS_MASTER_KEYS, when set
  SHA256SUMS, backup.txt checksums; what was backed up, when, from where
and prints its path last. The backup holds the master key: store it as carefully as the key itself.

  --out DIR          where the backup directory is made (created if missing)
  --db-url URL       jdbc:postgresql://host:port/database (default: $PARLEY_DB_URL)
  --db-user USER     (default: $PARLEY_DB_USER, else postgres); the password comes from PGPASSWORD,
                     else $PARLEY_DB_PASSWORD, else ~/.pgpass
  --key-file FILE    the master key file to save
  --data-dir DIR     the server's data dir: saves DIR/master.key (default: $PARLEY_DATA_DIR)
  --no-key           back up the database alone (you keep the key some other way)
  -h, --help

The key saved is the one the server uses: --key-file if given, else $PARLEY_MASTER_KEY if set, else
<data dir>/master.key. Without any, the script refuses (a database without its key cannot be read).
With the server's settings loaded, nothing else is needed:

  set -a; . /etc/parley/parley.env; set +a
  deploy/backup/backup-postgres.sh --out /var/backups/parley

Needs pg_dump (client version at least the server's) and psql.
USAGE
}

deploy_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=pg-common.sh
. "$deploy_dir/pg-common.sh"

out=""
db_url=${PARLEY_DB_URL:-}
db_user=${PARLEY_DB_USER:-postgres}
key_file=""
data_dir=${PARLEY_DATA_DIR:-}
no_key=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --db-url) db_url=${2:?--db-url needs a URL}; shift 2 ;;
    --db-user) db_user=${2:?--db-user needs a name}; shift 2 ;;
    --key-file) key_file=${2:?--key-file needs a file}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift 2 ;;
    --no-key) no_key=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
[ -n "$out" ] || usage_error "no --out directory"
pg_connection
command -v pg_dump >/dev/null || die "pg_dump is not installed (Debian: apt install postgresql-client)"

# The key, as the server would pick it.
key=""
key_source=""
if [ "$no_key" = 1 ]; then
  key_source="none (--no-key)"
elif [ -n "$key_file" ]; then
  [ -r "$key_file" ] || die "cannot read the key file $key_file"
  key=$(tr -d ' \n\r\t' < "$key_file"); key_source=$key_file
elif [ -n "${PARLEY_MASTER_KEY:-}" ]; then
  key=$PARLEY_MASTER_KEY; key_source="PARLEY_MASTER_KEY"
elif [ -n "$data_dir" ] && [ -f "$data_dir/master.key" ]; then
  [ -r "$data_dir/master.key" ] || die "cannot read $data_dir/master.key (run as the server's user or root)"
  key=$(tr -d ' \n\r\t' < "$data_dir/master.key"); key_source=$data_dir/master.key
else
  usage_error "no master key found: give --key-file or --data-dir, set PARLEY_MASTER_KEY, or --no-key"
fi
if [ -n "$key" ] && ! printf '%s' "$key" | base64 -d 2>/dev/null | wc -c | grep -qx 32; then
  die "the key from $key_source is not base64 of 32 bytes"
fi

umask 077
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=$out/parley-$pg_db-$stamp
[ ! -e "$target" ] || die "$target exists already"
partial=$target.partial
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial"' EXIT

started=$(date +%s)
pg_dump "${pg_args[@]}" -d "$pg_db" -Fc -f "$partial/parley.dump" \
  || die "pg_dump of $pg_db on $pg_host:$pg_port failed"
if [ -n "$key" ]; then
  printf '%s' "$key" > "$partial/master.key"
fi
if [ "$no_key" = 0 ] && [ -n "${PARLEY_PREVIOUS_MASTER_KEYS:-}" ]; then
  printf '%s\n' "$PARLEY_PREVIOUS_MASTER_KEYS" > "$partial/previous-master-keys"
fi
{
  echo "Parley backup $stamp"
  echo "database: $pg_db on $pg_host:$pg_port as $db_user"
  echo "pg_dump: $(pg_dump --version)"
  echo "server: $(psql_value 'show server_version')"
  echo "master key: $key_source"
  echo "restore: deploy/backup/restore-postgres.sh --backup <this directory> --db-url ... --data-dir ..."
} > "$partial/backup.txt"
(cd "$partial" && sha256sum -- * > SHA256SUMS)
mv "$partial" "$target"
trap - EXIT

printf '%s: %s of %s (%s s), key from %s\n' "$prog" "$(du -sh "$target" | cut -f1)" "$pg_db" \
  "$(( $(date +%s) - started ))" "$key_source" >&2
echo "$target"
