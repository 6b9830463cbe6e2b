#!/usr/bin/env bash
# RESHARD benchmark: two throwaway MariaDBs (ROW binlog), a hash-mod table of ROWS rows on 2 shards, resharded to 4
# through the admin interface (`shardgate reshard start`) while WRITERS clients insert and update through the
# proxy. Prints the copy rate, the cutover pause, the catch-up lag (the applier's delay from reading a change in
# the binlog to writing it, and the changes waiting) and what the writers saw. A benchmark, not a test: it exits
# non-zero only when something cannot start or the reshard fails.
#
#   bench/reshard/reshard.sh                          # defaults: ROWS=200000 WRITERS=8
#   ROWS=50000 WRITERS=0 MAX_ROWS_PER_SECOND=1000000 bench/reshard/reshard.sh
#
# Knobs (environment): ROWS, WRITERS (clients writing through the proxy during the reshard, 0 for none),
# MAX_ROWS_PER_SECOND (reshard.max-rows-per-second, default 1000000: unthrottled), CUTOVER_TIMEOUT (2s), JDK,
# JAR (default proxy/target/shardgate.jar, built when missing), KEEP_TMP (1 keeps the logs).
set -euo pipefail

ROWS=${ROWS:-200000}
WRITERS=${WRITERS:-8}
MAX_ROWS_PER_SECOND=${MAX_ROWS_PER_SECOND:-1000000}
CUTOVER_TIMEOUT=${CUTOVER_TIMEOUT:-2s}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
JAVA=$JDK/bin/java

make_work reshard
DB_PIDS=()
PROXY_PID=""
WRITER_PIDS=()

STOP=(WRITER_PIDS:20 PROXY_PID DB_PIDS:300)

[[ -f $JAR ]] || (cd "$REPO" && JAVA_HOME=$JDK ./mvnw -B -o -q package -pl proxy -am -DskipTests) \
    || die "cannot build $JAR"

PORTS=()
SOCKS=()
for i in 0 1; do
    start_local_mariadb "$WORK/db$i" "server-id=$((i + 1))" "log-bin=binlog" "binlog_format=ROW" \
        "innodb_buffer_pool_size=256M" "innodb_flush_log_at_trx_commit=2" "sync_binlog=0"
    DB_PIDS+=("$DB_PID")
    PORTS+=("$DB_PORT")
    SOCKS+=("$DB_SOCK")
done
log "MariaDB on ports ${PORTS[*]}"

PROXY_PORT=$(free_port)
ADMIN_PORT=$(free_port)
layout() {
    cat <<YAML
proxy:
  listen: 127.0.0.1:$PROXY_PORT
  users: [{user: app, password: app}]
admin:
  listen: 127.0.0.1:$ADMIN_PORT
  users: [{user: ops, password: ops}]
reshard: {max-rows-per-second: $MAX_ROWS_PER_SECOND, cutover-timeout: $CUTOVER_TIMEOUT}
nodes:
  - {name: ds0, primary: 127.0.0.1:${PORTS[0]}, user: shard, password: shard}
  - {name: ds1, primary: 127.0.0.1:${PORTS[1]}, user: shard, password: shard}
schemas:
  - name: shop
    default-node: ds0
    tables:
      - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: $1}
YAML
}
layout "[1, 1]" >"$WORK/sharding.yaml"
layout "[2, 2]" >"$WORK/target.yaml"

# rows straight into the physical tables (MariaDB's sequence engine), as hash-mod over 2 places them
for i in 0 1; do
    mariadb --socket="${SOCKS[$i]}" -uroot <<SQL
CREATE DATABASE shop;
USE shop;
CREATE TABLE shop.orders_000$i (id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, note VARCHAR(40),
    amount DECIMAL(10,2), created DATETIME DEFAULT CURRENT_TIMESTAMP, KEY (user_id));
INSERT INTO shop.orders_000$i (id, user_id, note, amount)
    SELECT seq, seq, CONCAT('order ', seq), seq % 1000 / 10 FROM seq_1_to_$ROWS WHERE seq % 2 = $i;
SQL
done
log "loaded $ROWS rows"

"$JAVA" -jar "$JAR" serve --config "$WORK/sharding.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 300); do
    mariadb -h127.0.0.1 -P"$PROXY_PORT" -uapp -papp shop -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
done

# writers: one mariadb client each, a stream of single-row inserts and updates through the proxy
for w in $(seq "$WRITERS"); do
    (
        i=0
        while :; do
            id=$((ROWS + 1000000 * w + i))
            echo "INSERT INTO orders (id, user_id, note, amount) VALUES ($id, $id, 'w$w', 1);"
            echo "UPDATE orders SET amount = amount + 1 WHERE user_id = $((1 + (i * 7919 + w) % ROWS));"
            i=$((i + 1))
        done | mariadb -h127.0.0.1 -P"$PROXY_PORT" -uapp -papp shop >"$WORK/writer$w.log" 2>&1
    ) &
    WRITER_PIDS+=("$!")
done
[[ $WRITERS -gt 0 ]] && sleep 3

export SHARDGATE_ADMIN_PASSWORD=ops
CLI=("$JAVA" -jar "$JAR" reshard --admin "127.0.0.1:$ADMIN_PORT" --user ops)
START=$(date +%s.%N)
"${CLI[@]}" start --detach shop.orders "$WORK/target.yaml"
max_pending=0
max_delay=0
phase=""
# polled with the mariadb client: a JVM per poll would take the CPU the reshard is measured on
admin_status() {
    mariadb -h127.0.0.1 -P"$ADMIN_PORT" -uops -pops -e 'SHOW RESHARD STATUS\G' | sed -n 's/^ *\([a-z_]*\): /\1: /p'
}
while :; do
    status=$(admin_status)
    phase=$(sed -n 's/^phase: //p' <<<"$status")
    pending=$(sed -n 's/^changes_pending: //p' <<<"$status")
    delay=$(sed -n 's/^apply_delay_ms: //p' <<<"$status")
    [[ $delay == NULL ]] && delay=""
    [[ ${pending:-0} -gt $max_pending ]] && max_pending=$pending
    [[ -n $delay && $delay -gt $max_delay ]] && max_delay=$delay
    [[ $phase == done || $phase == failed || $phase == cancelled ]] && break
    sleep 0.5
done
END=$(date +%s.%N)
for pid in "${WRITER_PIDS[@]}"; do stop_pid "$pid" 20; done
WRITER_PIDS=()
errors=$(cat "$WORK"/writer*.log 2>/dev/null | grep -c ERROR || true)

echo "$status"
echo "---"
printf 'rows %d, writers %d, total %.1f s\n' "$ROWS" "$WRITERS" "$(echo "$END - $START" | bc)"
echo "copy: $(sed -n 's/^copy_rows_per_second: //p' <<<"$status") rows/s"
echo "cutover pause: $(sed -n 's/^cutover_pause_ms: //p' <<<"$status") ms"
echo "catch-up lag (sampled every 0.5 s): at most $max_pending changes waiting, apply delay at most $max_delay ms"
echo "writer errors: $errors"
rows_new=0
for t in 0 1 2 3; do
    n=$(mariadb --socket="${SOCKS[$((t / 2))]}" -uroot -N -e "SELECT COUNT(*) FROM shop.orders_g1_000$t")
    rows_new=$((rows_new + n))
done
echo "rows in the new layout: $rows_new"
[[ $phase == done ]] || die "the reshard ended $phase"
