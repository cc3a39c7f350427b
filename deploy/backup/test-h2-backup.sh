#!/usr/bin/env bash
# End-to-end test of backup-h2.sh and restore-h2.sh: a server on its embedded H2 database is filled
# through its real API (users, direct chats, messages over the WebSocket) and backed up WHILE IT RUNS
# (through its admin socket); restore is refused while it runs; then the data dir is lost entirely,
# key included, and the backup is restored into a new one; a server started on that must let every user
# log in and give back every message identical (decrypted with the restored key). Cleans up on exit.
# Exit status 0: passed; 1: failed; 2: could not run.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/backup/test-h2-backup.sh [--keep]

  --keep    keep the work directory (server logs, the backup, expected.json)

Environment: SERVER_JAR (default server/target/parley-server.jar, built by
./mvnw -B -pl server -am package -DskipTests). Needs Java 25, python3, curl and sha256sum.
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$(dirname "$here")")
test_name=test-h2-backup
# shellcheck source=test-support.sh
. "$here/test-support.sh"
begin_test "$@"
require_tools python3 curl sha256sum
find_java25
parley="$java -jar $server_jar"

work=$(mktemp -d "${TMPDIR:-/tmp}/parley-h2-backup-test.XXXXXX")
cleanup() {
  stop_server
  if [ "$keep" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "a server on its embedded database, filled through the API"
start_server "$work/data" "$work/server-before.log"
python3 "$here/parley_api_check.py" populate --url "http://127.0.0.1:$port" --out "$work/expected.json" \
  || fail "populating the server failed"
[ -S "$work/data/admin.sock" ] || fail "the running server has no admin socket in its data dir"

step "backup while the server runs"
"$here/backup-h2.sh" --out "$work/backups" --data-dir "$work/data" --parley "$parley" > "$work/backup-path" \
  || fail "backup-h2.sh failed"
backup=$(tail -n 1 "$work/backup-path")
for f in parley-db.zip master.key SHA256SUMS backup.txt; do [ -f "$backup/$f" ] || fail "the backup has no $f"; done
[ "$(tr -d ' \n' < "$backup/master.key")" = "$(tr -d ' \n' < "$work/data/master.key")" ] || fail "the backed-up key is not the server's"
if [ "$(stat -c %a "$backup")" != 700 ] || [ "$(stat -c %a "$backup/master.key")" != 600 ]; then
  fail "the backup is readable by others: $(stat -c '%a %n' "$backup" "$backup/master.key")"
fi
ls "$work/data"/backup-in-progress-* >/dev/null 2>&1 && fail "the backup left its file in the data dir"
grep -q 'Admin command from' "$work/server-before.log" || fail "the running server did not take the backup itself"
curl -sf --max-time 2 "http://127.0.0.1:$port/observe/health/ready" >/dev/null || fail "the server stopped serving after the backup"
echo "backup: $backup ($(du -sh "$backup" | cut -f1))"

step "restore is refused while the server runs on the data dir"
if "$here/restore-h2.sh" --backup "$backup" --data-dir "$work/data" --parley "$parley" 2>"$work/refusal"; then
  fail "restore-h2.sh restored under a running server"
fi
grep -q 'in use by a running Parley server' "$work/refusal" || fail "unclear refusal: $(cat "$work/refusal")"
stop_server
echo "refused"

step "the data dir is lost, key and all; restore into a new one"
rm -rf "$work/data"
"$here/restore-h2.sh" --backup "$backup" --data-dir "$work/data-restored" --parley "$parley" \
  || fail "restore-h2.sh failed"
[ "$(stat -c %a "$work/data-restored/master.key")" = 600 ] || fail "the restored key is not owner-only"
printf 'x' >> "$backup/parley-db.zip"
if "$here/restore-h2.sh" --backup "$backup" --data-dir "$work/data-other" --parley "$parley" 2>"$work/refusal"; then
  fail "restore-h2.sh restored a damaged backup"
fi
grep -q 'does not match its SHA256SUMS' "$work/refusal" || fail "unclear refusal of a damaged backup: $(cat "$work/refusal")"

step "a server on the restored data dir gives everything back"
start_server "$work/data-restored" "$work/server-after.log"
python3 "$here/parley_api_check.py" verify --url "http://127.0.0.1:$port" --expect "$work/expected.json" \
  || fail "the restored server does not give back what was stored (above)"
if grep -q 'Generated a new master key' "$work/server-after.log"; then
  fail "the restored server generated a new master key instead of using the restored one"
fi
stop_server

echo "H2 backup and restore OK in $(( $(date +%s) - started )) s"
