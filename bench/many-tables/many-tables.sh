#!/usr/bin/env bash
# Many tables: a schema of TABLES logical tables x SHARDS shards (default 200 x 64 = 12,800 physical tables) hash-mod
# over two nodes. Measures, against a one-table config as the baseline:
#   - proxy start: from launching `java -jar shardgate.jar serve` until a client gets an answer to SELECT 1;
#   - heap in use after a full GC (jcmd), and RSS, with the proxy idle after start;
#   - config reload through the admin interface (`RELOAD CONFIG`, unchanged file and one added table), measured
#     as the admin client's wall time, beside a trivial admin command's (`SHOW NODES`) for the client's own cost;
#   - planning in a fresh JVM (bench/many-tables/RouteTimes.java): config load, router construction, first route,
#     uncached and cached route times;
#   - the wall time of the `shardgate route` CLI (a JVM start, config load and one route).
# A point select through the proxy checks that a routed statement reaches a real shard. A benchmark, not a test.
#
#   bench/many-tables/many-tables.sh
#   TABLES=20 SHARDS=8 bench/many-tables/many-tables.sh        # a quick check
#
# Knobs: TABLES (200), SHARDS (64, split evenly over the 2 nodes), CREATE_ALL (0: create only t0's physical tables
# for the point select; 1: all TABLES x SHARDS, slow), RELOADS (3, median), JDK, JAR (proxy/target/shardgate.jar),
# PROXY_JAVA_OPTS, RESULTS (a file that receives the summary as "key=value" lines).
set -euo pipefail

TABLES=${TABLES:-200}
SHARDS=${SHARDS:-64}
CREATE_ALL=${CREATE_ALL:-0}
RELOADS=${RELOADS:-3}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${RESULTS:-}
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
(( SHARDS % 2 == 0 )) || die "SHARDS must be even (split over 2 nodes)"
need_jar

make_work many
DB_PID="" PROXY_PID=""
STOP=(PROXY_PID DB_PID:300)

ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
live_heap_mib() {
    "$JDK/bin/jcmd" "$1" GC.run >/dev/null
    "$JDK/bin/jcmd" "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") {
        v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f", v / 1024; exit } }'
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# write_config FILE TABLES: the proxy config with TABLES sharded tables t0.. (SHARDS physical tables each)
write_config() {
    local file=$1 n=$2 half=$((SHARDS / 2))
    {
        cat <<EOF
proxy:
  listen: 127.0.0.1:$PORT
  users: [{user: app, password: app}]
admin:
  listen: 127.0.0.1:$ADMIN_PORT
  users: [{user: admin, password: admin}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
  - {name: ds1, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
schemas:
  - name: many
    default-node: ds0
    tables:
EOF
        for ((i = 0; i < n; i++)); do
            echo "      - {name: t$i, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [$half, $half]}"
        done
    } >"$file"
}

# create_physical N: t0..t(N-1)'s physical tables, each with one row per shard-key id 0..SHARDS-1 it owns
create_physical() {
    local n=$1
    for ((i = 0; i < n; i++)); do
        for ((s = 0; s < SHARDS; s++)); do
            printf 'CREATE TABLE t%d_%04d (id BIGINT PRIMARY KEY, k INT, c VARCHAR(32));' "$i" "$s"
            printf 'INSERT INTO t%d_%04d VALUES (%d, %d, "row %d");\n' "$i" "$s" "$s" "$s" "$s"
        done
    done | mariadb --socket="$DB_SOCK" -uroot many
}

admin() { mariadb -h127.0.0.1 -P"$ADMIN_PORT" -uadmin -padmin -N -B -e "$1"; }

# measure NAME CONFIG TABLES: start the proxy on CONFIG, report start, heap, reloads; leaves it stopped
measure() {
    local name=$1 config=$2 n=$3 t0 started reloads="" adds="" nodes="" out
    cp "$config" "$WORK/live.yaml"
    t0=$(ms)
    # shellcheck disable=SC2086 # options are words
    "$JDK/bin/java" $PROXY_JAVA_OPTS -jar "$WORK/shardgate.jar" serve --config "$WORK/live.yaml" \
        >"$WORK/$name.log" 2>&1 &
    PROXY_PID=$!
    for _ in $(seq 1200); do
        kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "proxy exited"; }
        mariadb -h127.0.0.1 -P"$PORT" -uapp -papp many -e 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.05
    done
    started=$(($(ms) - t0))
    out=$(mariadb -h127.0.0.1 -P"$PORT" -uapp -papp many -N -B -e "SELECT c FROM t0 WHERE id = 5") \
        || die "point select through the proxy failed"
    [[ $out == "row 5" ]] || die "point select answered '$out', expected 'row 5'"
    sleep 1
    echo "${name}_start_ms=$started"
    echo "${name}_live_heap_mib=$(live_heap_mib "$PROXY_PID")"
    echo "${name}_rss_mib=$(rss_mib "$PROXY_PID")"
    for _ in $(seq "$RELOADS"); do
        t0=$(ms); admin 'SHOW NODES' >/dev/null; nodes+=" $(($(ms) - t0))"
        t0=$(ms); out=$(admin 'RELOAD CONFIG'); reloads+=" $(($(ms) - t0))"
        [[ $out == yes* ]] || die "reload refused: $out"
    done
    # one more logical table: its layout is new, so the reload checks it (and only it) against the backends
    write_config "$WORK/live.yaml" $((n + 1))
    t0=$(ms); out=$(admin 'RELOAD CONFIG'); adds=$(($(ms) - t0))
    [[ $out == yes* ]] || die "reload with an added table refused: $out"
    echo "${name}_admin_show_nodes_ms=$(median <<<"${nodes# }")"
    echo "${name}_reload_unchanged_ms=$(median <<<"${reloads# }")"
    echo "${name}_reload_add_table_ms=$adds"
    echo "${name}_live_heap_after_reloads_mib=$(live_heap_mib "$PROXY_PID")"
    stop_pid "$PROXY_PID"
    PROXY_PID=""
}

start_local_mariadb "$WORK/db" innodb_buffer_pool_size=128M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE many'
t0=$(ms)
create_physical "$([[ $CREATE_ALL == 1 ]] && echo "$TABLES" || echo 1)"
log "physical tables created in $(($(ms) - t0)) ms ($([[ $CREATE_ALL == 1 ]] && echo all || echo "t0's $SHARDS"))"
cp "$JAR" "$WORK/shardgate.jar"
PORT=$(free_port)
ADMIN_PORT=$(free_port)
write_config "$WORK/small.yaml" 1
write_config "$WORK/big.yaml" "$TABLES"

{
    echo "# many tables $(date -u +%FT%TZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null), $(nproc) cores"
    echo "tables=$TABLES shards_per_table=$SHARDS physical_tables=$((TABLES * SHARDS)) config_lines=$(wc -l <"$WORK/big.yaml")"
    echo "loadavg_before=$(loadavg | tr ' ' ',')"
    measure one_table "$WORK/small.yaml" 1
    measure many "$WORK/big.yaml" "$TABLES"
    "$JDK/bin/java" -cp "$WORK/shardgate.jar" "$REPO/bench/many-tables/RouteTimes.java" "$WORK/big.yaml" many \
        "$TABLES" | sed 's/^/many_/'
    t0=$(ms)
    "$JDK/bin/java" -jar "$WORK/shardgate.jar" route --config "$WORK/big.yaml" \
        "SELECT c FROM t7 WHERE id = 42" >/dev/null
    echo "many_cli_route_wall_ms=$(($(ms) - t0))"
    echo "loadavg_after=$(loadavg | tr ' ' ',')"
} | tee "$WORK/summary.txt"
[[ -n $RESULTS ]] && cp "$WORK/summary.txt" "$RESULTS"
exit 0
