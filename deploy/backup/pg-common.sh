# shellcheck shell=bash disable=SC2154
# Shared by backup-postgres.sh and restore-postgres.sh (sourced, not run): the database connection from
# Parley's own settings, so both scripts can run with the server's environment file loaded.

die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
usage_error() { printf '%s: %s\n\n' "$prog" "$*" >&2; usage >&2; exit 2; }

# parse_db_url URL: sets pg_host, pg_port, pg_db (and PGSSLMODE from an sslmode parameter) from
# jdbc:postgresql://host[:port]/database[?params], the form PARLEY_DB_URL takes.
parse_db_url() {
  local url=$1 rest authority query
  case $url in
    jdbc:postgresql://*) rest=${url#jdbc:postgresql://} ;;
    postgresql://*|postgres://*) rest=${url#*://} ;;
    *) die "not a PostgreSQL URL: $url (expected jdbc:postgresql://host:port/database)" ;;
  esac
  query=""
  case $rest in *\?*) query=${rest#*\?}; rest=${rest%%\?*} ;; esac
  authority=${rest%%/*}
  pg_db=${rest#*/}
  if [ "$authority" = "$rest" ] || [ -z "$pg_db" ]; then die "no database name in $url"; fi
  case $authority in *,*) die "several hosts in one URL are not supported: $url" ;; esac
  case $authority in
    \[*\]:*) pg_host=${authority%%]:*}; pg_host=${pg_host#[}; pg_port=${authority##*]:} ;;
    \[*\]) pg_host=${authority#[}; pg_host=${pg_host%]}; pg_port=5432 ;;
    *:*) pg_host=${authority%%:*}; pg_port=${authority##*:} ;;
    *) pg_host=$authority; pg_port=5432 ;;
  esac
  [ -n "$pg_host" ] || pg_host=localhost
  local param
  for param in ${query//&/ }; do
    case $param in sslmode=*) export PGSSLMODE=${param#sslmode=} ;; esac
  done
}

# The connection for psql, pg_dump and pg_restore. The password comes from PGPASSWORD, else
# PARLEY_DB_PASSWORD, else ~/.pgpass.
pg_connection() {
  [ -n "$db_url" ] || usage_error "no database: give --db-url or set PARLEY_DB_URL"
  parse_db_url "$db_url"
  if [ -z "${PGPASSWORD:-}" ] && [ -n "${PARLEY_DB_PASSWORD:-}" ]; then export PGPASSWORD=$PARLEY_DB_PASSWORD; fi
  pg_args=(-h "$pg_host" -p "$pg_port" -U "$db_user")
}

psql_value() { psql -X -q -A -t -v ON_ERROR_STOP=1 "${pg_args[@]}" -d "$pg_db" -c "$1"; }

# Tables, views and sequences outside PostgreSQL's own schemas.
user_relations() {
  psql_value "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
                and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'"
}

other_connections() {
  psql_value "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
}
