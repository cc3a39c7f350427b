#!/usr/bin/env bash
# Backs up a Parley server that runs on its embedded H2 database: the database (H2's BACKUP TO, taken
# inside the running server through its admin socket, or directly when it is stopped) and the master key
# that decrypts its messages, into one new timestamped directory.
set -euo pipefail
prog=backup-h2.sh

usage() {
  cat <<'USAGE'
Usage: backup-h2.sh --out DIR [--data-dir DIR] [--parley COMMAND] [--no-key]

Writes DIR/parley-h2-<UTC time>/ (mode 0700) holding
  parley-db.zip          the database (H2 BACKUP TO: consistent as of one moment, taken while it runs)
  master.key             the master key (base64), mode 0600
  SHA256SUMS, backup.txt checksums; what was backed up, when, from where
and prints its path last. The backup holds the master key: store it as carefully as the key itself.

  --out DIR          where the backup directory is made (created if missing)
  --data-dir DIR     the server's data dir (default: $PARLEY_DATA_DIR)
  --parley COMMAND   how to run parley-server (default: ../bin/parley-server of the release archive,
                     else the source tree's server/target/parley-server.jar)
  --no-key           back up the database alone (you keep the key some other way)
  -h, --help

Run it as the user the server runs as (or root): the admin socket <data dir>/admin.sock is theirs.
The server writes the database backup into its own data dir first (the systemd unit lets it write
nowhere else), and this script moves it into the backup directory.

  sudo -u parley env PARLEY_DATA_DIR=/var/lib/parley deploy/backup/backup-h2.sh --out /var/backups/parley
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=h2-common.sh
. "$here/h2-common.sh"

out=""
data_dir=${PARLEY_DATA_DIR:-}
parley_command=""
no_key=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift 2 ;;
    --parley) parley_command=${2:?--parley needs a command}; shift 2 ;;
    --no-key) no_key=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
[ -n "$out" ] || usage_error "no --out directory"
[ -n "$data_dir" ] || usage_error "no data dir: give --data-dir or set PARLEY_DATA_DIR"
[ -f "$data_dir/parley.mv.db" ] || die "$data_dir holds no embedded database (parley.mv.db)"
find_parley "$here"

key=""
key_source="none (--no-key)"
if [ "$no_key" = 0 ]; then
  key=$(key_of_server)
  [ -n "$key" ] || die "no master key: neither PARLEY_MASTER_KEY nor $data_dir/master.key (or give --no-key)"
  key_source=${PARLEY_MASTER_KEY:+PARLEY_MASTER_KEY}
  key_source=${key_source:-$data_dir/master.key}
fi

umask 077
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target=$out/parley-h2-$stamp
[ ! -e "$target" ] || die "$target exists already"
partial=$target.partial
in_data_dir=$data_dir/backup-in-progress-$stamp.zip
rm -rf "$partial"
mkdir "$partial"
trap 'rm -rf "$partial" "$in_data_dir"' EXIT

started=$(date +%s)
PARLEY_DATA_DIR=$data_dir "${parley[@]}" admin backup "$in_data_dir" >&2 \
  || die "parley-server admin backup failed (above)"
mv "$in_data_dir" "$partial/parley-db.zip"
if [ -n "$key" ]; then
  printf '%s' "$key" > "$partial/master.key"
fi
{
  echo "Parley backup $stamp"
  echo "database: embedded H2 in $data_dir"
  echo "server: $("${parley[@]}" version 2>/dev/null || echo unknown)"
  echo "master key: $key_source"
  echo "restore: deploy/backup/restore-h2.sh --backup <this directory> --data-dir ..."
} > "$partial/backup.txt"
(cd "$partial" && sha256sum -- * > SHA256SUMS)
mv "$partial" "$target"
trap - EXIT

printf '%s: %s in %s s, key from %s\n' "$prog" "$(du -sh "$target" | cut -f1)" \
  "$(( $(date +%s) - started ))" "$key_source" >&2
echo "$target"
