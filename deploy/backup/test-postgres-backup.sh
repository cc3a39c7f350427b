#!/usr/bin/env bash
# End-to-end test of backup-postgres.sh and restore-postgres.sh on the machine's PostgreSQL: a server on
# a new database is filled through its real API (users, direct chats, messages over the WebSocket), stopped
# and backed up; the database is dropped and created again empty, the backup restored into it and its
# master key into a new data dir; a server started on that must let every user log in and give back every
# message identical (decrypted with the restored key). Also checks that restore refuses a non-empty
# database and a data dir holding another key. Cleans up its databases, servers and files on exit.
# Exit status 0: passed; 1: failed; 2: could not run.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/backup/test-postgres-backup.sh [--keep]

  --keep    keep the work directory (server logs, the backup, expected.json)

Environment: PGHOST (default 127.0.0.1), PGPORT (5432), PGUSER (postgres; it must be allowed to create
databases; password from PGPASSWORD or ~/.pgpass); SERVER_JAR (default server/target/parley-server.jar,
built by ./mvnw -B -pl server -am package -DskipTests). Needs Java 25, python3, curl, psql, createdb,
dropdb, pg_dump and pg_restore.
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$(dirname "$here")")
test_name=test-postgres-backup
# shellcheck source=test-support.sh
. "$here/test-support.sh"
begin_test "$@"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
require_tools python3 curl psql createdb dropdb pg_dump pg_restore
find_java25
psql -X -q -d postgres -c 'select 1' >/dev/null 2>&1 || die "PostgreSQL at $PGHOST:$PGPORT does not answer as $PGUSER"

work=$(mktemp -d "${TMPDIR:-/tmp}/parley-backup-test.XXXXXX")
db=parley_backup_test_$$_$RANDOM
db_url="jdbc:postgresql://$PGHOST:$PGPORT/$db"
cleanup() {
  stop_server
  dropdb --if-exists --force "$db" 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The server reads a key file stripped of whitespace; so are they compared.
same_key() { [ "$(tr -d ' \n\r\t' < "$1")" = "$(tr -d ' \n\r\t' < "$2")" ]; }

step "a server on the new database $db, filled through the API"
createdb "$db"
start_server "$work/data-before" "$work/server-before.log" \
  PARLEY_DB_URL="$db_url" PARLEY_DB_USER="$PGUSER" PARLEY_DB_PASSWORD="${PGPASSWORD:-}"
python3 "$here/parley_api_check.py" populate --url "http://127.0.0.1:$port" --out "$work/expected.json" \
  || fail "populating the server failed"
stop_server
[ -f "$work/data-before/master.key" ] || fail "the server generated no master.key in its data dir"

step "backup"
t0=$(date +%s)
"$here/backup-postgres.sh" --out "$work/backups" --db-url "$db_url" --db-user "$PGUSER" \
  --data-dir "$work/data-before" > "$work/backup-path" || fail "backup-postgres.sh failed"
backup=$(tail -n 1 "$work/backup-path")
for f in parley.dump master.key SHA256SUMS backup.txt; do [ -f "$backup/$f" ] || fail "the backup has no $f"; done
same_key "$backup/master.key" "$work/data-before/master.key" || fail "the backed-up key is not the server's"
if [ "$(stat -c %a "$backup")" != 700 ] || [ "$(stat -c %a "$backup/master.key")" != 600 ]; then
  fail "the backup is readable by others: $(stat -c '%a %n' "$backup" "$backup/master.key")"
fi
echo "backup: $backup ($(du -sh "$backup" | cut -f1), $(( $(date +%s) - t0 )) s)"
if "$here/backup-postgres.sh" --out "$work/backups" --db-url "$db_url" >/dev/null 2>"$work/refusal"; then
  fail "backup-postgres.sh ran without any master key"
fi
grep -q 'no master key' "$work/refusal" || fail "unclear refusal without a key: $(cat "$work/refusal")"

step "restore refuses a database that is not empty, and a data dir with another key"
if "$here/restore-postgres.sh" --backup "$backup" --db-url "$db_url" --db-user "$PGUSER" \
    --data-dir "$work/data-after" 2>"$work/refusal"; then
  fail "restore-postgres.sh restored into the populated database"
fi
grep -q 'is not empty' "$work/refusal" || fail "unclear refusal of a non-empty database: $(cat "$work/refusal")"
mkdir -p "$work/data-other" && head -c 32 /dev/urandom | base64 > "$work/data-other/master.key"
if "$here/restore-postgres.sh" --backup "$backup" --db-url "$db_url" --db-user "$PGUSER" \
    --data-dir "$work/data-other" 2>"$work/refusal"; then
  fail "restore-postgres.sh went on over a different key"
fi
grep -q 'holds a different key' "$work/refusal" || fail "unclear refusal of another key: $(cat "$work/refusal")"
echo "both refused"

step "drop the database, create it empty, restore"
dropdb --force "$db"
createdb "$db"
t0=$(date +%s)
"$here/restore-postgres.sh" --backup "$backup" --db-url "$db_url" --db-user "$PGUSER" \
  --data-dir "$work/data-after" || fail "restore-postgres.sh failed"
same_key "$work/data-after/master.key" "$work/data-before/master.key" || fail "the restored key differs"
[ "$(stat -c %a "$work/data-after/master.key")" = 600 ] || fail "the restored key is not owner-only"
echo "restored in $(( $(date +%s) - t0 )) s"

step "a server on the restored database and key gives everything back"
start_server "$work/data-after" "$work/server-after.log" \
  PARLEY_DB_URL="$db_url" PARLEY_DB_USER="$PGUSER" PARLEY_DB_PASSWORD="${PGPASSWORD:-}"
python3 "$here/parley_api_check.py" verify --url "http://127.0.0.1:$port" --expect "$work/expected.json" \
  || fail "the restored server does not give back what was stored (above)"
if grep -q 'Generated a new master key' "$work/server-after.log"; then
  fail "the restored server generated a new master key instead of using the restored one"
fi
stop_server

echo "backup and restore OK in $(( $(date +%s) - started )) s"
