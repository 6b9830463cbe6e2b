#!/usr/bin/env bash
# c10k: CLIENTS client connections (default 10,000) open to the proxy at once over backend pools of POOL_MAX (32)
# per node. Reports the idle proxy's RSS and heap and the backend connections with every client logged in, then
# drives point selects from all connections for TIME seconds (bench/c10k/C10k.java: NIO, a few threads, not one
# thread per connection) and reports QPS, p50/p99, errors (should be 0) and the most backend connections seen
# (sampled every second; should stay <= POOL_MAX per node). A benchmark, not a test: it exits non-zero only when
# MariaDB or the proxy cannot start.
#
#   bench/c10k/c10k.sh                                    # 10,000 clients, sharded, 30 s
#   CLIENTS=500 TIME=5 WARMUP=2 bench/c10k/c10k.sh        # a quick check
#   LAYOUT=passthrough MULTIPLEXING=false CLIENTS=200 bench/c10k/c10k.sh
#   THINK_MS=2000 bench/c10k/c10k.sh                      # each client pauses ~2 s between queries: ~5,000 QPS offered
#
# Knobs: CLIENTS (10000), TIME (30), WARMUP (15: seconds of load not recorded; a loaded machine needs them for the
# JIT, see bench/README.md), LAYOUT (sharded: sbtest1 hash-mod over ds0/ds1 | passthrough),
# MULTIPLEXING (true), POOL_MAX (32), TABLE_SIZE (100000), CLIENT_THREADS (1: selector threads of the load client),
# THINK_MS (0: closed loop, each client sends its next query as soon as the answer came; N: it pauses
# 0.5-1.5 x N ms first, so about CLIENTS x 1000 / N queries per second are offered and the latency is the proxy's,
# not the pool queue's), SOURCES (4: client source addresses 127.0.0.2..; each has its own ephemeral ports),
# CONNECT_BATCH (200 logins in flight per client thread), PROXY_HEAP (the proxy's -Xmx; default: the JVM's),
# IO_THREADS (auto: the proxy's io-threads), PROXY_JAVA_OPTS, JDK, JAR (default proxy/target/shardgate.jar), RESULTS (a file that receives one "key=value ..." summary line),
# KEEP_TMP (1 keeps the temp dir with the logs).
#
# Limits: the client and the proxy each need CLIENTS + ~200 file descriptors (`ulimit -n`; the script raises the
# soft limit to the hard one). Both nodes are databases of one local mariadbd, logged in as different users
# (node0, node1), so the processlist tells each pool's connections apart.
set -euo pipefail

CLIENTS=${CLIENTS:-10000}
TIME=${TIME:-30}
WARMUP=${WARMUP:-15}
LAYOUT=${LAYOUT:-sharded}
MULTIPLEXING=${MULTIPLEXING:-true}
POOL_MAX=${POOL_MAX:-32}
TABLE_SIZE=${TABLE_SIZE:-100000}
CLIENT_THREADS=${CLIENT_THREADS:-1}
SOURCES=${SOURCES:-4}
CONNECT_BATCH=${CONNECT_BATCH:-200}
THINK_MS=${THINK_MS:-0}
PROXY_HEAP=${PROXY_HEAP:-}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RESULTS=${RESULTS:-}
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"

ulimit -n "$(ulimit -Hn)"
(( $(ulimit -n) > CLIENTS + 200 )) || die "ulimit -n is $(ulimit -n): too few file descriptors for $CLIENTS clients"
need_jar

make_work c10k
DB_PID="" PROXY_PID="" CLIENT_PID="" SAMPLER_PID=""
STOP=(SAMPLER_PID:10 CLIENT_PID PROXY_PID DB_PID:300)

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
sql() { mariadb --socket="$DB_SOCK" -uroot -N -B -e "$1"; }
# backend connections of each pool (user node0 = ds0, node1 = ds1), and Threads_connected without this query's own
backends() {
    sql "SELECT SUM(user = 'node0'), SUM(user = 'node1') FROM information_schema.PROCESSLIST;
         SHOW STATUS LIKE 'Threads_connected'" | awk 'NR == 1 {a = $1 + 0; b = $2 + 0} NR == 2 {t = $2 - 1}
         END {printf "%d %d %d\n", a, b, t}'
}
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
heap_used_mib() { "$JDK/bin/jcmd" "$1" GC.heap_info 2>/dev/null | awk '/used/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.0f", v / 1024; exit } }'; }

start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2 max_connections=1000
sql "CREATE DATABASE sbtest; CREATE DATABASE sbtest_sh;
     CREATE USER node0@'127.0.0.1' IDENTIFIED BY 'node0'; GRANT ALL ON *.* TO node0@'127.0.0.1';
     CREATE USER node1@'127.0.0.1' IDENTIFIED BY 'node1'; GRANT ALL ON *.* TO node1@'127.0.0.1';"
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard \
    --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" prepare >"$WORK/prepare.txt" 2>&1 || die "prepare failed"
sql "USE sbtest_sh; CREATE TABLE sbtest1_0000 LIKE sbtest.sbtest1; CREATE TABLE sbtest1_0001 LIKE sbtest.sbtest1;
     INSERT INTO sbtest1_0000 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 0;
     INSERT INTO sbtest1_0001 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 1;"

PORT=$(free_port)
cat >"$WORK/proxy.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$PORT
  users: [{user: app, password: app}]
  max-connections: $((CLIENTS + 100))
  max-handshakes: $((CLIENTS + 100))
  io-threads: ${IO_THREADS:-auto}
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB_PORT, user: node0, password: node0, pool: {max: $POOL_MAX}}
  - {name: ds1, primary: 127.0.0.1:$DB_PORT, user: node1, password: node1, pool: {max: $POOL_MAX}}
schemas:
  - name: sbtest
    default-node: ds0
    multiplexing: $MULTIPLEXING
  - name: sbtest_sh
    default-node: ds0
    multiplexing: $MULTIPLEXING
    tables:
      - {name: sbtest1, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
EOF
DB=sbtest
[[ $LAYOUT == sharded ]] && DB=sbtest_sh
cp "$JAR" "$WORK/shardgate.jar"
# shellcheck disable=SC2086 # options are words
"$JDK/bin/java" ${PROXY_HEAP:+-Xmx$PROXY_HEAP} $PROXY_JAVA_OPTS -jar "$WORK/shardgate.jar" serve \
    --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 300); do
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$WORK/proxy.log" >&2; die "proxy exited"; }
    mariadb -h127.0.0.1 -P"$PORT" -uapp -papp "$DB" -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
done
log "proxy $PROXY_PID up on $PORT; $LAYOUT, multiplexing $MULTIPLEXING, pools of $POOL_MAX; load $(loadavg)"
read -r b0 b1 _ < <(backends)
log "before the clients: proxy RSS $(rss_mib "$PROXY_PID") MiB, heap used $(heap_used_mib "$PROXY_PID") MiB," \
    "backend connections ds0 $b0 ds1 $b1"

"$JDK/bin/java" -Xss256k -Dport="$PORT" -Ddb="$DB" -Dclients="$CLIENTS" -Dseconds="$TIME" -Dwarmup="$WARMUP" \
    -DtableSize="$TABLE_SIZE" -Dthreads="$CLIENT_THREADS" -Dsources="$SOURCES" -DconnectBatch="$CONNECT_BATCH" \
    -DthinkMs="$THINK_MS" \
    -DgoFile="$WORK/go" "$REPO/bench/c10k/C10k.java" >"$WORK/client.out" 2>"$WORK/client.err" &
CLIENT_PID=$!
until grep -q '^OPENED' "$WORK/client.out"; do
    kill -0 "$CLIENT_PID" 2>/dev/null || { cat "$WORK/client.err" >&2; die "load client exited"; }
    sleep 0.5
done
OPENED=$(grep '^OPENED' "$WORK/client.out")
log "$OPENED"
sleep 2 # let the last logins settle
IDLE_RSS=$(rss_mib "$PROXY_PID")
IDLE_HEAP=$(heap_used_mib "$PROXY_PID")
"$JDK/bin/jcmd" "$PROXY_PID" GC.run >/dev/null
IDLE_LIVE=$(heap_used_mib "$PROXY_PID")
read -r IB0 IB1 ITC < <(backends)
log "idle with the clients: proxy RSS $IDLE_RSS MiB, heap used $IDLE_HEAP MiB ($IDLE_LIVE MiB after a full GC)," \
    "backend connections ds0 $IB0 ds1 $IB1, Threads_connected $ITC"

# during the load: the most backend connections per pool, sampled every second
( while sleep 1; do backends; done ) >"$WORK/backends.txt" 2>/dev/null &
SAMPLER_PID=$!
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS_BEFORE=$(cpu_ticks "$PROXY_PID")
touch "$WORK/go"
LOAD_START=$(date +%s)
wait "$CLIENT_PID" || true
CLIENT_PID=""
TICKS=$(($(cpu_ticks "$PROXY_PID") - TICKS_BEFORE))
stop_pid "$SAMPLER_PID" 10
SAMPLER_PID=""
LOAD_RSS=$(rss_mib "$PROXY_PID")
read -r MB0 MB1 MTC < <(awk '$1 > a {a = $1} $2 > b {b = $2} $3 > t {t = $3} END {printf "%d %d %d\n", a, b, t}' \
    "$WORK/backends.txt")
RESULT=$(grep '^RESULT' "$WORK/client.out" || echo "RESULT missing")
grep -q '^RESULT' "$WORK/client.out" || tail -20 "$WORK/client.err" >&2
grep '^ERROR' "$WORK/client.out" >&2 || true
LOAD=$(loadavg)
# proxy CPU (utime + stime) over the load phase, per statement answered in it (warm-up, drain and errors included)
CPU_US=$(awk -v t="$TICKS" -v hz="$(getconf CLK_TCK)" -v r="$RESULT" 'BEGIN { n = split(r, f, " ");
    for (i = 1; i <= n; i++) if (f[i] ~ /^answered_all=/) { sub(/.*=/, "", f[i]); a = f[i] }
    printf "%s", (a > 0 ? sprintf("%.1f", t * 1e6 / hz / a) : "NA") }')

SUMMARY="layout=$LAYOUT multiplexing=$MULTIPLEXING pool_max=$POOL_MAX think_ms=$THINK_MS ${RESULT#RESULT } idle_rss_mib=$IDLE_RSS"
SUMMARY+=" idle_heap_mib=$IDLE_HEAP idle_live_heap_mib=$IDLE_LIVE idle_backends=$IB0+$IB1 idle_threads_connected=$ITC"
SUMMARY+=" proxy_cpu_us_per_answer=$CPU_US load_rss_mib=$LOAD_RSS max_backends=$MB0+$MB1 max_threads_connected=$MTC loadavg=${LOAD// /,}"
echo "# c10k $(date -u +%FT%TZ), $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null), $(nproc) cores, load $LOAD," \
    "load phase $(($(date +%s) - LOAD_START)) s"
tr ' ' '\n' <<<"$SUMMARY" | column -t -s= 
[[ -n $RESULTS ]] && echo "$SUMMARY" >>"$RESULTS"
exit 0
