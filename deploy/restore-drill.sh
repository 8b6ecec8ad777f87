#!/usr/bin/env bash
# Point-in-time recovery drill, on loopback, with nothing but the PostgreSQL binaries:
#
#   1. a primary archiving its WAL (archive_command) into an archive folder;
#   2. rows written, then a base backup (pg_basebackup);
#   3. more rows written; the target noted (an LSN, and a checksum of the table as it stands);
#   4. more rows written after the target, the WAL switched so the archive holds it all; primary stopped;
#   5. the base backup restored into a new data folder with restore_command reading the archive and
#      recovery_target_lsn set, promoted at the target;
#   6. the restored table compared with the checksum noted at the target.
#
# It prints each step and `restore drill: OK ...` with the figures, and exits non-zero on any
# difference. The same steps restore production (docs/operations.md, "Backups and point-in-time
# recovery"): only the archive's location and the target differ.
#
# Environment: PG_BIN (default: the newest /usr/lib/postgresql/*/bin), DRILL_DIR (default: a new temporary
# folder, removed at the end unless KEEP=1), PG_OS_USER (the user the servers run as when this runs as
# root; default postgres), ROWS (rows per batch, default 1000).
set -euo pipefail

newest_bin() {  # the newest installed server's binaries (Debian: /usr/lib/postgresql/<major>/bin)
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    echo "${found:-$(dirname "$(command -v pg_basebackup || echo /usr/bin/pg_basebackup)")}"
}
PG_BIN=${PG_BIN:-$(newest_bin)}
ROWS=${ROWS:-1000}
PG_OS_USER=${PG_OS_USER:-postgres}
DRILL_DIR=${DRILL_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dateline-restore-drill.XXXXXX")}
PRIMARY="$DRILL_DIR/primary"
ARCHIVE="$DRILL_DIR/archive"
BASE="$DRILL_DIR/base"
RESTORED="$DRILL_DIR/restored"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PRIMARY_PORT=${PRIMARY_PORT:-$(free_port)}
RESTORED_PORT=${RESTORED_PORT:-$(free_port)}

as_server() {  # PostgreSQL refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}
sql() {  # sql PORT STATEMENT: one value, unaligned
    as_server "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d postgres -At -c "$2"
}
step() { echo "restore drill: $*"; }

cleanup() {
    for data in "$RESTORED" "$PRIMARY"; do
        if [ -f "$data/postmaster.pid" ]; then as_server "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    done
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$DRILL_DIR"; else step "kept $DRILL_DIR"; fi
}
trap cleanup EXIT

mkdir -p "$ARCHIVE"
if [ "$(id -u)" = 0 ]; then chown -R "$PG_OS_USER" "$DRILL_DIR"; chmod 700 "$DRILL_DIR"; fi

step "1. primary on 127.0.0.1:$PRIMARY_PORT archiving its WAL into $ARCHIVE"
as_server "$PG_BIN/initdb" -D "$PRIMARY" -U postgres -A trust -E UTF8 --no-locale >/dev/null
cat >>"$PRIMARY/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
max_wal_senders = 3
EOF
as_server "$PG_BIN/pg_ctl" -D "$PRIMARY" -l "$DRILL_DIR/primary.log" -w start >/dev/null

batch() {  # batch N: ROWS rows tagged with batch N
    sql "$PRIMARY_PORT" "INSERT INTO drill (batch, body) SELECT $1, md5(random()::text) FROM generate_series(1, $ROWS)" >/dev/null
}
checksum() {  # checksum PORT: the table's content, in a stable order
    sql "$1" "SELECT count(*) || ' ' || md5(coalesce(string_agg(id || ':' || batch || ':' || body, ',' ORDER BY id), '')) FROM drill"
}

sql "$PRIMARY_PORT" "CREATE TABLE drill (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, batch int NOT NULL, body text NOT NULL)"
batch 1

step "2. base backup into $BASE"
as_server "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$BASE" -X none --checkpoint=fast

step "3. more writes after the backup; the target noted"
batch 2
TARGET_SUM=$(checksum "$PRIMARY_PORT")
TARGET_LSN=$(sql "$PRIMARY_PORT" "SELECT pg_current_wal_insert_lsn()")
step "   target LSN $TARGET_LSN, table at the target: $TARGET_SUM (rows, md5)"

step "4. writes after the target; WAL switched and archived; primary stopped"
batch 3
FINAL_SUM=$(checksum "$PRIMARY_PORT")
sql "$PRIMARY_PORT" "SELECT pg_switch_wal()" >/dev/null
as_server "$PG_BIN/pg_ctl" -D "$PRIMARY" -m fast -w stop >/dev/null  # archives the last segment first
ARCHIVED=$(find "$ARCHIVE" -type f | wc -l)

step "5. restore: base backup + archive, up to $TARGET_LSN, on 127.0.0.1:$RESTORED_PORT"
as_server cp -a "$BASE" "$RESTORED"
cat >>"$RESTORED/postgresql.conf" <<EOF
port = $RESTORED_PORT
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_lsn = '$TARGET_LSN'
recovery_target_action = 'promote'
EOF
as_server touch "$RESTORED/recovery.signal"
started=$(date +%s.%N)
as_server "$PG_BIN/pg_ctl" -D "$RESTORED" -l "$DRILL_DIR/restored.log" -w -t 120 start >/dev/null
for _ in $(seq 1 600); do
    [ "$(sql "$RESTORED_PORT" "SELECT pg_is_in_recovery()")" = f ] && break
    sleep 0.1
done
[ "$(sql "$RESTORED_PORT" "SELECT pg_is_in_recovery()")" = f ] || { step "FAILED: still in recovery"; exit 1; }
seconds=$(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')")

step "6. compare"
RESTORED_SUM=$(checksum "$RESTORED_PORT")
step "   restored table: $RESTORED_SUM; at the target: $TARGET_SUM; latest (not wanted): $FINAL_SUM"
if [ "$RESTORED_SUM" != "$TARGET_SUM" ]; then
    step "FAILED: the restored table is not the table at the target"
    exit 1
fi
step "OK: restored to $TARGET_LSN in ${seconds} s from a base backup and $ARCHIVED archived files; rows ${RESTORED_SUM%% *} of ${FINAL_SUM%% *}"
