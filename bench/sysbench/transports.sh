#!/usr/bin/env bash
# Transport comparison: the proxy's CPU per query and QPS in pass-through, one transport after another
# (proxy.transport: nio, epoll, io-uring), interleaved over ROUNDS, plus a direct run per round. CPU per query
# comes from /proc/<pid>/stat (mariadbd, proxy) and getrusage of sysbench (/usr/bin/time). A benchmark, not a
# test: it prints numbers and fails nothing but a setup error.
#
#   bench/sysbench/transports.sh                                   # ROUNDS=3, TRANSPORTS="nio epoll io-uring"
#   ROUNDS=5 TRANSPORTS="nio epoll" MODE=auto bench/sysbench/transports.sh
#
# Knobs: ROUNDS (3), TRANSPORTS, MODE (sysbench --db-ps-mode, disable), SECONDS_RUN (10), WARMUP (5),
# THREADS (8), JDK, JAR (default proxy/target/shardgate.jar).
set -euo pipefail

ROUNDS=${ROUNDS:-3}
TRANSPORTS=${TRANSPORTS:-"nio epoll io-uring"}
MODE=${MODE:-disable}
SECONDS_RUN=${SECONDS_RUN:-10}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-8}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
make_work transports
DB_PID=""
PROXY_PID=""

STOP=(PROXY_PID DB_PID:300)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

[[ -f $JAR ]] || (cd "$REPO" && JAVA_HOME=$JDK ./mvnw -B -q -o package -DskipTests -pl proxy -am)
start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest;'
SB=(sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-db=sbtest --tables=1 --table-size=100000
    --threads="$THREADS" --db-ps-mode="$MODE" --report-interval=0)
"${SB[@]}" --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard prepare >/dev/null

start_proxy() { # start_proxy TRANSPORT
    PROXY_PORT=$(free_port)
    cat >"$WORK/proxy.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$PROXY_PORT
  transport: $1
  users: [{user: app, password: app}]
nodes:
  - {name: main, primary: "127.0.0.1:$DB_PORT", user: shard, password: shard}
schemas:
  - {name: sbtest, default-node: main}
EOF
    "$JDK/bin/java" -jar "$JAR" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
    PROXY_PID=$!
    for _ in $(seq 300); do
        mariadb -h127.0.0.1 -P"$PROXY_PORT" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && return 0
        kill -0 "$PROXY_PID" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$WORK/proxy.log" >&2
    return 1
}

measure() { # measure LABEL PORT USER PASSWORD PROXY_PID_OR_EMPTY
    local label=$1 port=$2 user=$3 password=$4 ppid=$5 d0 d1 p0=0 p1=0 out
    d0=$(cpu_ticks "$DB_PID"); [[ -n $ppid ]] && p0=$(cpu_ticks "$ppid")
    out=$( { /usr/bin/time -f "SBCPU %U %S" "${SB[@]}" --mysql-port="$port" --mysql-user="$user" \
        --mysql-password="$password" --time="$SECONDS_RUN" run; } 2>&1 )
    d1=$(cpu_ticks "$DB_PID"); [[ -n $ppid ]] && p1=$(cpu_ticks "$ppid")
    python3 - "$label" "$(getconf CLK_TCK)" "$d0" "$d1" "$p0" "$p1" "$(cut -d' ' -f1 /proc/loadavg)" <<EOF
import re, sys
label, tick, d0, d1, p0, p1, load = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:7]), sys.argv[7]
out = """$out"""
queries = int(re.search(r"queries:\s+(\d+)", out).group(1))
qps = float(re.search(r"queries:\s+\d+\s+\(([\d.]+)", out).group(1))
sb = sum(map(float, re.search(r"SBCPU (\S+) (\S+)", out).groups())) * 1e6 / queries
db = (d1 - d0) / tick * 1e6 / queries
pr = (p1 - p0) / tick * 1e6 / queries
print(f"{label:9} {qps:10.0f} qps   CPU us/query: sysbench {sb:5.1f}  mariadbd {db:5.1f}  proxy {pr:5.1f}"
      f"  total {sb + db + pr:6.1f}   load {load}")
EOF
}

echo "# $(date -u +%FT%TZ), sysbench oltp_point_select --db-ps-mode=$MODE, $THREADS threads, ${SECONDS_RUN}s per run"
for round in $(seq "$ROUNDS"); do
    echo "round $round"
    for t in $TRANSPORTS; do
        start_proxy "$t"
        "${SB[@]}" --mysql-port="$PROXY_PORT" --mysql-user=app --mysql-password=app --time="$WARMUP" run >/dev/null
        measure "$t" "$PROXY_PORT" app app "$PROXY_PID"
        stop_pid "$PROXY_PID"; PROXY_PID=""
    done
    measure direct "$DB_PORT" shard shard ""
done
