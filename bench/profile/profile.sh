#!/usr/bin/env bash
# Where the proxy's CPU per query goes, per case (pass-through / sharded x --db-ps-mode disable / auto): one proxy
# (multiplexing on) over the ab.sh schemas and data, sysbench oltp_point_select at 8 threads. Per case: a warm-up,
# a measured run (proxy utime / stime from /proc over the queries: user and kernel µs per query), then, during a
# further run, `perf record -g` (kernel / JIT'd Java / JVM split, top kernel symbols) and `strace -c` (syscalls per
# query, divided by the backend's Questions over the same window). The proxy records JFR all along;
# bench/profile/JfrBreakdown.java sorts each case's event-loop samples (measured window only) into categories.
# A benchmark, not a test. Needs sysbench, perf and strace; run as a user allowed to attach them.
#
#   bench/profile/profile.sh                       # proxy/target/shardgate.jar; WARMUP=8 TIME=12
#   JAR=/tmp/x.jar OUT=/tmp/prof KEEP=1 bench/profile/profile.sh   # keep the recordings in OUT
#
# Knobs: JAR, OUT (default a temp dir, removed unless KEEP=1), WARMUP (8), TIME (12), THREADS (8), PS_MODES,
# LAYOUTS, PROXY_JAVA_OPTS (extra JVM options), JDK.
set -euo pipefail

WARMUP=${WARMUP:-8}
TIME=${TIME:-12}
THREADS=${THREADS:-8}
PS_MODES=${PS_MODES:-"disable auto"}
LAYOUTS=${LAYOUTS:-"passthrough sharded"}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
for tool in sysbench perf strace; do command -v $tool >/dev/null || die "$tool not installed"; done

make_work profile
OUT=${OUT:-$WORK/out}
mkdir -p "$OUT"
DB_PID=""
PROXY=""
KEEP_TMP=${KEEP:-${KEEP_TMP:-0}}
STOP=(PROXY DB_PID:300)

questions() { mariadb --socket="$DB_SOCK" -uroot -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{print $2}'; }
now_ms() { date +%s%3N; }

start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest; CREATE DATABASE sbtest_sh;'
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard \
    --mysql-db=sbtest --tables=1 --table-size=100000 prepare >"$WORK/prepare.txt" 2>&1 || die "prepare failed"
mariadb --socket="$DB_SOCK" -uroot sbtest_sh -e "
    CREATE TABLE sbtest1_0000 LIKE sbtest.sbtest1; CREATE TABLE sbtest1_0001 LIKE sbtest.sbtest1;
    INSERT INTO sbtest1_0000 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 0;
    INSERT INTO sbtest1_0001 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 1;"
port=$(free_port)
cat >"$WORK/proxy.yaml" <<EOF2
proxy:
  listen: 127.0.0.1:$port
  users: [{user: app, password: app}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
  - {name: ds1, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
schemas:
  - name: sbtest
    default-node: ds0
  - name: sbtest_sh
    default-node: ds0
    tables:
      - {name: sbtest1, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
EOF2
cp "$JAR" "$WORK/shardgate.jar"
# shellcheck disable=SC2086 # options are words
"$JDK/bin/java" ${PROXY_JAVA_OPTS:-} \
    "-XX:StartFlightRecording=filename=$OUT/proxy.jfr,settings=profile,jdk.ExecutionSample#period=1ms" \
    -jar "$WORK/shardgate.jar" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY=$!
for _ in $(seq 300); do
    mariadb -h127.0.0.1 -P"$port" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && break
    kill -0 "$PROXY" 2>/dev/null || { tail -20 "$WORK/proxy.log" >&2; die "proxy exited"; }
    sleep 0.1
done
log "proxy $JAR, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

windows=()
for layout in $LAYOUTS; do for mode in $PS_MODES; do
    case_name=$layout-$mode
    db=sbtest
    [[ $layout == sharded ]] && db=sbtest_sh
    sb() {
        sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=app --mysql-password=app \
            --mysql-db=$db --tables=1 --table-size=100000 --threads="$THREADS" --time="$1" --db-ps-mode="$mode" run
    }
    sb "$WARMUP" >/dev/null 2>&1
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$PROXY/stat")
    from=$(now_ms)
    sb "$TIME" >"$OUT/$case_name.sysbench" 2>&1
    to=$(now_ms)
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$PROXY/stat")
    windows+=("$case_name=$from-$to")
    queries=$(awk '/^ *queries:/ {print $2}' "$OUT/$case_name.sysbench")
    sb 24 >/dev/null 2>&1 &
    load=$!
    sleep 3
    perf record -F 1999 -g -o "$OUT/$case_name.perf" -p "$PROXY" -- sleep 8 >/dev/null 2>&1 || true
    sleep 1
    q0=$(questions)
    timeout -s INT 6 strace -c -f -p "$PROXY" -o "$OUT/$case_name.strace" 2>/dev/null || true
    q1=$(questions)
    wait "$load" || true
    echo
    echo "== $case_name: $queries queries in ${TIME}s, load $(cut -d' ' -f1 /proc/loadavg)"
    awk -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v hz="$(getconf CLK_TCK)" -v q="$queries" 'BEGIN {
        printf "proxy CPU per query: %.1f µs = %.1f user + %.1f kernel\n", (u + s) * 1e6 / hz / q, u * 1e6 / hz / q, s * 1e6 / hz / q }'
    awk -v q=$((q1 - q0)) '$NF ~ /^(read|recvfrom|write|writev|sendto|epoll_wait|epoll_pwait|epoll_pwait2|epoll_ctl|futex)$/ {
        printf "%s %.2f  ", $NF, $4 / q } END { print "(syscalls per query)" }' "$OUT/$case_name.strace"
    perf report -i "$OUT/$case_name.perf" --no-children --sort dso --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
        | head -4 | tr -s ' ' | tr '\n' ';' || true # head closes the pipe early
    echo
    perf report -i "$OUT/$case_name.perf" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' \
        | head -4 | tr -s ' ' | tr '\n' ';' || true # head closes the pipe early
    echo
done; done

"$JDK/bin/jcmd" "$PROXY" JFR.dump filename="$OUT/proxy.jfr" >/dev/null
echo
"$JDK/bin/java" "$REPO/bench/profile/JfrBreakdown.java" "$OUT/proxy.jfr" "${windows[@]}"
[[ ${KEEP:-} == 1 ]] && log "recordings kept in $OUT"
exit 0
