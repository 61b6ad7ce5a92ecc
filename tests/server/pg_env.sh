#!/bin/sh
# Runs a command against a throwaway PostgreSQL 15 cluster made with Debian's binaries:
#   tests/server/pg_env.sh COMMAND [ARGS…]
# initdb in a temp directory, unix socket in that directory (no TCP listener), random port number for the
# socket name, trust authentication. As root the cluster runs as the "postgres" user. The command sees
#   FIELDSYNC_TEST_DATABASE   postgresql URL of the database "fieldsync"
#   FIELDSYNC_TEST_PG_HOST, FIELDSYNC_TEST_PG_PORT, FIELDSYNC_TEST_PG_USER
#   FIELDSYNC_TEST_PG_STOP, FIELDSYNC_TEST_PG_START   shell commands that stop and start the cluster
# The cluster and its directory are removed afterwards, also when the command fails.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
    echo "pg_env.sh: $PGBIN/initdb not found (install Debian's postgresql-15)" >&2
    exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/fieldsync-pg.XXXXXX")
chmod 755 "$dir"
as_pg=""
if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as_pg="runuser -u postgres --"
fi

# A free socket name: the port only names the socket file, so any unused number works.
port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))

cleanup() {
    $as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

$as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
opts="-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
start="$as_pg $PGBIN/pg_ctl -D $dir/data -w -t 30 -l $dir/server.log -o \"$opts\" start"
stop="$as_pg $PGBIN/pg_ctl -D $dir/data -w -t 30 -m fast stop"
sh -c "$start" >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
$as_pg "$PGBIN/createdb" -h "$dir" -p "$port" -U postgres fieldsync

export FIELDSYNC_TEST_PG_HOST="$dir"
export FIELDSYNC_TEST_PG_PORT="$port"
export FIELDSYNC_TEST_PG_USER=postgres
export FIELDSYNC_TEST_DATABASE="postgresql:///fieldsync?host=$dir&port=$port&user=postgres"
export FIELDSYNC_TEST_PG_STOP="$stop"
export FIELDSYNC_TEST_PG_START="$start"

status=0
"$@" || status=$?
exit $status
