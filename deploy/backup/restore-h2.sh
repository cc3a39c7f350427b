#!/usr/bin/env bash
# Restores a backup made by backup-h2.sh into the data dir of a stopped Parley server: the database and
# its master key. What the data dir held is renamed aside (*.before-restore-<time>), never deleted.
set -euo pipefail
prog=restore-h2.sh

usage() {
  cat <<'USAGE'
Usage: restore-h2.sh --backup DIR [--data-dir DIR] [--parley COMMAND] [--no-key]

  --backup DIR       a directory written by backup-h2.sh
  --data-dir DIR     the server's data dir (default: $PARLEY_DATA_DIR); created if missing
  --parley COMMAND   how to run parley-server (default: ../bin/parley-server of the release archive,
                     else the source tree's server/target/parley-server.jar)
  --no-key           do not put the key back (the server has PARLEY_MASTER_KEY, or the data dir kept it)
  -h, --help

Stop the server first (it refuses while one runs on the data dir). When PARLEY_MASTER_KEY is set it must
equal the backed-up key. Run as the server's user, or as root: then the restored files are given to the
data dir's owner. After it: start the server, and check it with parley-server healthcheck.
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=h2-common.sh
. "$here/h2-common.sh"

backup=""
data_dir=${PARLEY_DATA_DIR:-}
parley_command=""
no_key=0
while [ $# -gt 0 ]; do
  case "$1" in
    --backup) backup=${2:?--backup needs a directory}; shift 2 ;;
    --data-dir) data_dir=${2:?--data-dir needs a directory}; shift 2 ;;
    --parley) parley_command=${2:?--parley needs a command}; shift 2 ;;
    --no-key) no_key=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown argument: $1" ;;
  esac
done
[ -n "$backup" ] || usage_error "no --backup directory"
[ -n "$data_dir" ] || usage_error "no data dir: give --data-dir or set PARLEY_DATA_DIR"
[ -f "$backup/parley-db.zip" ] || die "$backup has no parley-db.zip: not a backup-h2.sh backup"
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) >&2 || die "$backup does not match its SHA256SUMS: damaged"
find_parley "$here"

key_args=()
if [ "$no_key" = 0 ]; then
  [ -f "$backup/master.key" ] || die "$backup holds no master.key (made with --no-key?): give --no-key"
  if [ -n "${PARLEY_MASTER_KEY:-}" ] && [ "$PARLEY_MASTER_KEY" != "$(tr -d ' \n\r\t' < "$backup/master.key")" ]; then
    die "PARLEY_MASTER_KEY is not the backed-up key: the server could not read the restored messages"
  fi
  if [ -z "${PARLEY_MASTER_KEY:-}" ]; then key_args=(--key "$backup/master.key"); fi
fi

umask 077
PARLEY_DATA_DIR=$data_dir "${parley[@]}" restore-backup --from "$backup/parley-db.zip" "${key_args[@]}" \
  || die "parley-server restore-backup failed (above)"
if [ "$(id -u)" = 0 ]; then
  owner=$(stat -c %U:%G "$data_dir")
  chown "$owner" "$data_dir/parley.mv.db"
  [ ! -f "$data_dir/master.key" ] || chown "$owner" "$data_dir/master.key"
fi
echo "$prog: restored $backup into $data_dir" >&2
