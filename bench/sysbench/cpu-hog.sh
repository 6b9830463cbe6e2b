#!/usr/bin/env bash
# Does anything in the proxy starve under CPU contention? sysbench oltp_point_select through shardgate with HOGS
# busy-loop processes beside it (same priority) and without, interleaved, for the sharded layout (sbtest1
# hash-mod over two nodes) and pass-through, both --db-ps-modes. Per run: QPS, p99, max latency, the proxy's CPU
# per query and its threads' run-queue wait (/proc/<pid>/task/*/schedstat: time runnable but not running), in
# total per query and for the threads that waited most (Java thread names from jcmd Thread.print). A thread that
# waits far longer than it runs, or a path whose QPS falls much further than the other's, points at a hop or a
# lock; the same fall in both layouts is plain CPU sharing. Also per run: methods the JIT compiled during the run
# and compile tasks still queued at its end (jstat -compiler, jcmd Compiler.queue): a proxy whose hot path is not
# compiled yet runs it interpreted, at many times the CPU per query. A benchmark, not a test.
#
#   bench/sysbench/cpu-hog.sh                               # HOGS=8 TIME=10 RUNS=1
#   HOGS=4 TIME=5 LAYOUTS=sharded bench/sysbench/cpu-hog.sh
#
# Knobs: HOGS (8), TIME (10), RUNS (1), THREADS (8), TABLE_SIZE (100000), PS_MODES ("disable auto"), LAYOUTS
# ("passthrough sharded"), WARMUP (5 s per layout and mode before measuring, without hogs; 0 = a cold proxy),
# MULTIPLEXING (true), TOP (3 threads listed per run), JDK, JAR, RESULTS (a file that receives the run table),
# PROXY_JAVA_OPTS (e.g. -Xlog:safepoint:file=/tmp/sp.log to see time-to-safepoint under contention).
# The hogs starve everything else on the machine too: keep TIME short on a shared machine.
set -euo pipefail

HOGS=${HOGS:-8}
TIME=${TIME:-10}
RUNS=${RUNS:-1}
THREADS=${THREADS:-8}
TABLE_SIZE=${TABLE_SIZE:-100000}
PS_MODES=${PS_MODES:-"disable auto"}
LAYOUTS=${LAYOUTS:-"passthrough sharded"}
WARMUP=${WARMUP:-5}
MULTIPLEXING=${MULTIPLEXING:-true}
TOP=${TOP:-3}
RESULTS=${RESULTS:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
need_jar

make_work hog
DB_PID="" PROXY_PID=""
# the hogs' pids go to a file, so the exit trap finds hogs started inside a subshell; each hog also ends by itself
stop_hogs() { [[ -f $WORK/hogs ]] && while read -r p; do stop_pid "$p" 10; done <"$WORK/hogs"; rm -f "$WORK/hogs"; }
before_stop() { stop_hogs; }
STOP=(PROXY_PID DB_PID:300)

loadavg() { cut -d' ' -f1 /proc/loadavg; }
start_hogs() {
    for _ in $(seq "$1"); do timeout $((TIME + 120)) bash -c 'while :; do :; done' & echo $! >>"$WORK/hogs"; done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# schedstat PID: "tid run_ns wait_ns" per thread of the process
schedstat() { for t in /proc/"$1"/task/*; do echo "${t##*/} $(cat "$t/schedstat" 2>/dev/null)"; done; }
jit_compiled() { "$JDK/bin/jstat" -compiler "$1" 2>/dev/null | awk 'NR == 2 {print $1}'; }
jit_queued() { "$JDK/bin/jcmd" "$1" Compiler.queue 2>/dev/null | grep -c '::' || true; }
# thread_names PID: "tid name" from jcmd (nid is the native thread id: decimal in JDK 25, hex before)
thread_names() {
    "$JDK/bin/jcmd" "$1" Thread.print 2>/dev/null | gawk -F'"' '/^"/ && match($0, / nid=(0x)?[0-9a-f]+/) {
        v = substr($0, RSTART + 5, RLENGTH - 5); printf "%d %s\n", v ~ /^0x/ ? strtonum(v) : v, $2 }'
}

start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest; CREATE DATABASE sbtest_sh;'
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard \
    --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" prepare >"$WORK/prepare.txt" 2>&1 || die "prepare failed"
mariadb --socket="$DB_SOCK" -uroot sbtest_sh -e "
    CREATE TABLE sbtest1_0000 LIKE sbtest.sbtest1; CREATE TABLE sbtest1_0001 LIKE sbtest.sbtest1;
    INSERT INTO sbtest1_0000 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 0;
    INSERT INTO sbtest1_0001 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 1;"
PORT=$(free_port)
cat >"$WORK/proxy.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$PORT
  users: [{user: app, password: app}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
  - {name: ds1, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard}
schemas:
  - {name: sbtest, default-node: ds0, multiplexing: $MULTIPLEXING}
  - name: sbtest_sh
    default-node: ds0
    multiplexing: $MULTIPLEXING
    tables:
      - {name: sbtest1, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
EOF
cp "$JAR" "$WORK/shardgate.jar"
# shellcheck disable=SC2086 # options are words
"$JDK/bin/java" ${PROXY_JAVA_OPTS:-} -jar "$WORK/shardgate.jar" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 300); do
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$WORK/proxy.log" >&2; die "proxy exited"; }
    mariadb -h127.0.0.1 -P"$PORT" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
done

# run LAYOUT MODE SECONDS HOGS: one sysbench run; prints the result line, writes per-thread waits to $WORK/threads
run() {
    local layout=$1 mode=$2 seconds=$3 hogs=$4 db=sbtest before after out queries qps p99 max jit0 jit1 queued
    [[ $layout == sharded ]] && db=sbtest_sh
    schedstat "$PROXY_PID" >"$WORK/sched.before"
    before=$(cpu_ticks "$PROXY_PID")
    jit0=$(jit_compiled "$PROXY_PID")
    start_hogs "$hogs"
    out=$(timeout -k 5 $((seconds + 60)) sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$PORT" \
        --mysql-user=app --mysql-password=app --mysql-db="$db" --tables=1 --table-size="$TABLE_SIZE" \
        --threads="$THREADS" --time="$seconds" --db-ps-mode="$mode" --percentile=99 run 2>&1) || out+=$'\nFAILED'
    local load
    load=$(loadavg)
    queued=$(jit_queued "$PROXY_PID")
    stop_hogs
    jit1=$(jit_compiled "$PROXY_PID")
    after=$(cpu_ticks "$PROXY_PID")
    schedstat "$PROXY_PID" >"$WORK/sched.after"
    if grep -q FAILED <<<"$out"; then
        log "$layout $mode hogs=$hogs failed: $(grep -m1 -E 'FATAL|error' <<<"$out")"
        echo "$layout $mode $hogs NA NA NA NA NA NA NA $load"
        return
    fi
    queries=$(awk '/^ *queries:/ {print $2}' <<<"$out")
    qps=$(awk '/^ *queries:/ {gsub(/[(]/, "", $3); print $3}' <<<"$out")
    p99=$(awk '/99th percentile:/ {print $3}' <<<"$out")
    max=$(awk '/^ *max:/ {print $2}' <<<"$out")
    thread_names "$PROXY_PID" >"$WORK/names"
    # per thread: wait and run deltas (ms); threads born during the run count from 0
    gawk 'ARGIND == 1 { r0[$1] = $2; w0[$1] = $3; next } ARGIND == 2 { n[$1] = substr($0, length($1) + 2); next }
         { dr = ($2 - r0[$1]) / 1e6; dw = ($3 - w0[$1]) / 1e6; if (dr + dw > 0)
             printf "%d %.1f %.1f %s\n", $1, dw, dr, ($1 in n) ? n[$1] : "(ended or native)" }' \
        "$WORK/sched.before" "$WORK/names" "$WORK/sched.after" | sort -k2,2nr >"$WORK/threads"
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v q="$queries" -v qps="$qps" -v p99="$p99" \
        -v max="$max" -v l="$layout" -v m="$mode" -v h="$hogs" -v la="$load" -v threads="$WORK/threads" \
        -v jit=$((jit1 - jit0)) -v queued="$queued" '
        BEGIN { while ((getline line < threads) > 0) { split(line, f, " "); w += f[2] }
                printf "%s %s %s %s %s %s %.1f %.1f %s %s %s\n", l, m, h, qps, p99, max, t * 1e6 / hz / q, w * 1e3 / q,
                    jit, queued, la }'
}

log "proxy $PROXY_PID; $(nproc) cores, load $(loadavg); warming up"
# WARMUP=0 measures a cold proxy: the first runs then also pay class loading, the parser and the JIT
if ((WARMUP > 0)); then
    for layout in $LAYOUTS; do for mode in $PS_MODES; do run "$layout" "$mode" "$WARMUP" 0 >/dev/null; done; done
fi

echo "# cpu-hog $(date -u +%FT%TZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null), $(nproc) cores," \
    "sysbench oltp_point_select $THREADS threads ${TIME}s, multiplexing $MULTIPLEXING"
printf '%-12s %-8s %5s %10s %8s %8s %8s %10s %5s %5s %6s\n' layout ps-mode hogs qps p99-ms max-ms cpu-us wait-us jit \
    queue load \
    | tee "$WORK/table.txt"
for round in $(seq "$RUNS"); do
    for layout in $LAYOUTS; do for mode in $PS_MODES; do for hogs in 0 "$HOGS"; do
        read -r l m h qps p99 max cpu wait jit queue load < <(run "$layout" "$mode" "$TIME" "$hogs")
        printf '%-12s %-8s %5s %10s %8s %8s %8s %10s %5s %5s %6s\n' "$l" "$m" "$h" "$qps" "$p99" "$max" "$cpu" \
            "$wait" "$jit" "$queue" "$load" | tee -a "$WORK/table.txt"
        head -n "$TOP" "$WORK/threads" | awk '{ tid = $1; w = $2; r = $3; $1 = $2 = $3 = "";
            sub(/^ +/, ""); printf "      thread %-45s run-queue wait %8.1f ms, ran %8.1f ms\n", $0, w, r }'
    done; done; done
done
echo "(cpu-us: proxy CPU per query; wait-us: run-queue wait of all proxy threads per query; jit: methods compiled"
echo " during the run; queue: compile tasks waiting at its end; load: 1-min average)"
[[ -n $RESULTS ]] && cp "$WORK/table.txt" "$RESULTS"
exit 0
