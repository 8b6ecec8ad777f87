#!/usr/bin/env bash
# The streaming replica's entrypoint (docker-compose.yml, official postgres image): when its data
# folder is empty, copy the primary with `pg_basebackup -R` (which writes standby.signal and
# primary_conninfo) through its replication slot; then run PostgreSQL as a hot standby.
set -euo pipefail

: "${PGDATA:=/var/lib/postgresql/data}"
: "${PRIMARY_HOST:=postgres}"
: "${PRIMARY_PORT:=5432}"
: "${REPLICATION_USER:=replicator}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
: "${REPLICATION_SLOT:=replica1}"

mkdir -p "$PGDATA"
chown postgres:postgres "$PGDATA"
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until gosu postgres pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
        echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
        sleep 1
    done
    echo "replica: empty data folder; pg_basebackup from $PRIMARY_HOST through slot $REPLICATION_SLOT"
    gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" pg_basebackup \
        -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$REPLICATION_USER" -D "$PGDATA" \
        -R -X stream -S "$REPLICATION_SLOT" --checkpoint=fast --progress
fi

exec gosu postgres postgres -D "$PGDATA" -c hot_standby=on -c max_standby_streaming_delay=30s "$@"
