#!/usr/bin/env bash
# A/B benchmark of two proxy jars in one run: sysbench oltp_point_select straight at MariaDB, through jar A and
# through jar B, interleaved round by round, for a pass-through schema and for sbtest1 hash-mod sharded over two
# nodes. Interleaving makes both jars see the same machine noise; the figures to compare are each jar's ratio to
# direct and its CPU per query (utime+stime of the proxy process from /proc over the queries it served).
# A benchmark, not a test: it fails only when MariaDB or a proxy cannot start.
#
#   bench/sysbench/ab.sh A_JAR B_JAR                      # defaults: TIME=10 RUNS=3
#   TIME=20 RUNS=5 PS_MODES="disable auto" bench/sysbench/ab.sh /tmp/old/shardgate.jar proxy/target/shardgate.jar
#   PROXY_A="io-threads: 1" PROXY_B="io-threads: 2" bench/sysbench/ab.sh proxy/target/shardgate.jar proxy/target/shardgate.jar
#
# Knobs: TIME, RUNS, THREADS (8), TABLE_SIZE (100000), PS_MODES ("disable auto"), LAYOUTS ("passthrough sharded"),
# WARMUP (10), JDK, JAVA_OPTS_A / JAVA_OPTS_B (extra JVM options of each proxy, e.g. a JFR recording to profile
# one of them: JAVA_OPTS_B="-XX:StartFlightRecording=filename=/tmp/b.jfr,settings=profile"), PROXY_A / PROXY_B
# (an extra line of each proxy's proxy: section, to A/B a setting with one jar).
set -euo pipefail

A_JAR=${1:?usage: ab.sh A_JAR B_JAR}
B_JAR=${2:?usage: ab.sh A_JAR B_JAR}
TIME=${TIME:-10}
RUNS=${RUNS:-3}
THREADS=${THREADS:-8}
TABLE_SIZE=${TABLE_SIZE:-100000}
PS_MODES=${PS_MODES:-"disable auto"}
LAYOUTS=${LAYOUTS:-"passthrough sharded"}
WARMUP=${WARMUP:-10}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"

loadavg() { cut -d' ' -f1 /proc/loadavg; }

make_work ab
DB_PID=""
declare -A PROXY_PID PROXY_PORT

STOP=(PROXY_PID DB_PID:300)

# start_proxy NAME JAR: one proxy serving both schemas (sbtest pass-through, sbtest_sh sharded over ds0/ds1)
start_proxy() {
    local name=$1 jar=$2 port
    [[ -f $jar ]] || die "no jar at $jar"
    cp "$jar" "$WORK/$name.jar"
    port=$(free_port)
    local setting_var="PROXY_$name"
    cat >"$WORK/$name.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$port
  users: [{user: app, password: app}]
  ${!setting_var:-}
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
EOF
    local opts_var="JAVA_OPTS_$name"
    # shellcheck disable=SC2086 # options are words
    "$JDK/bin/java" ${!opts_var:-} -jar "$WORK/$name.jar" serve --config "$WORK/$name.yaml" >"$WORK/$name.log" 2>&1 &
    PROXY_PID[$name]=$!
    PROXY_PORT[$name]=$port
    for _ in $(seq 300); do
        kill -0 "${PROXY_PID[$name]}" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "proxy $name exited"; }
        mariadb -h127.0.0.1 -P"$port" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "proxy $name does not answer"
}

# cpu_ticks PID: "utime stime" of a process, in clock ticks
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }

# run PATH LAYOUT MODE SECONDS: prints "qps p99 cpu_us_per_query sys_us_per_query" (cpu NA for direct); sys is
# the kernel's part of cpu (loopback syscalls and wake-ups)
run() {
    local path=$1 layout=$2 mode=$3 seconds=$4 port=$DB_PORT user=shard pass=shard db=sbtest before after out
    if [[ $path != direct ]]; then port=${PROXY_PORT[$path]}; user=app; pass=app; fi
    [[ $layout == sharded && $path != direct ]] && db=sbtest_sh
    [[ $layout == sharded && $path == direct ]] && db=sbtest
    [[ $path != direct ]] && before=$(cpu_ticks "${PROXY_PID[$path]}")
    out=$(timeout -k 5 $((seconds + 60)) sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$port" \
        --mysql-user="$user" --mysql-password="$pass" --mysql-db="$db" --tables=1 --table-size="$TABLE_SIZE" \
        --threads="$THREADS" --time="$seconds" --db-ps-mode="$mode" --percentile=99 run 2>&1) || { echo "NA NA NA NA"; return; }
    local queries qps p99
    queries=$(awk '/^ *queries:/ {print $2}' <<<"$out")
    qps=$(awk '/^ *queries:/ {gsub(/[(]/, "", $3); print $3}' <<<"$out")
    p99=$(awk '/99th percentile:/ {print $3}' <<<"$out")
    if [[ $path == direct ]]; then echo "$qps $p99 NA NA"; return; fi
    after=$(cpu_ticks "${PROXY_PID[$path]}")
    awk -v b="$before" -v a="$after" -v hz="$(getconf CLK_TCK)" -v q="$queries" -v qps="$qps" -v p99="$p99" \
        'BEGIN { split(b, x, " "); split(a, y, " "); u = y[1] - x[1]; s = y[2] - x[2]
                 printf "%s %s %.1f %.1f\n", qps, p99, (u + s) * 1e6 / hz / q, s * 1e6 / hz / q }'
}

command -v sysbench >/dev/null || die "sysbench not installed"
start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest; CREATE DATABASE sbtest_sh;'
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard \
    --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" prepare >"$WORK/prepare.txt" 2>&1 || die "prepare failed"
# the sharded copy: the same rows split by id over sbtest1_0000 (ds0) and sbtest1_0001 (ds1), both on this server
mariadb --socket="$DB_SOCK" -uroot sbtest_sh -e "
    CREATE TABLE sbtest1_0000 LIKE sbtest.sbtest1; CREATE TABLE sbtest1_0001 LIKE sbtest.sbtest1;
    INSERT INTO sbtest1_0000 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 0;
    INSERT INTO sbtest1_0001 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 1;"
start_proxy A "$A_JAR"
start_proxy B "$B_JAR"
log "A = $A_JAR, B = $B_JAR; $(nproc) cores, load $(loadavg)"

for layout in $LAYOUTS; do for mode in $PS_MODES; do for path in direct A B; do
    run "$path" "$layout" "$mode" "$WARMUP" >/dev/null
done; done; done

echo "# sysbench oltp_point_select, $THREADS threads, ${TIME}s per run, $RUNS rounds interleaved, $(date -u +%FT%TZ)"
echo "# A $A_JAR; B $B_JAR"
printf '%-12s %-8s %-6s %s %10s %8s %8s %6s %6s\n' layout ps-mode path round qps p99-ms cpu-us load sys-us
for round in $(seq "$RUNS"); do
    for layout in $LAYOUTS; do for mode in $PS_MODES; do for path in direct A B; do
        read -r qps p99 cpu sys < <(run "$path" "$layout" "$mode" "$TIME")
        printf '%-12s %-8s %-6s %5s %10s %8s %8s %6s %6s\n' "$layout" "$mode" "$path" "$round" "$qps" "$p99" "$cpu" \
            "$(loadavg)" "$sys" | tee -a "$WORK/results.txt"
    done; done; done
done

echo
echo "== medians: qps, ratio to direct (same layout and mode), proxy CPU microseconds per query, and its user-space part =="
awk '
    function median(s,    n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } return n == 0 ? "NA" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
    $4 != "NA" { k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; order[++m] = k }; q[k, $3] = q[k, $3] " " $5; c[k, $3] = c[k, $3] " " $7; y[k, $3] = y[k, $3] " " ($7 - $9) }
    END {
        printf "%-12s %-8s %9s %9s %9s %8s %8s %8s %8s %8s %8s\n", "layout", "ps-mode", "direct", "A", "B", "A/dir", "B/dir", "A-cpu", "B-cpu", "A-usr", "B-usr"
        for (i = 1; i <= m; i++) {
            k = order[i]; split(k, p, " "); d = median(q[k, "direct"]); a = median(q[k, "A"]); b = median(q[k, "B"])
            printf "%-12s %-8s %9.0f %9.0f %9.0f %8.2f %8.2f %8s %8s %8s %8s\n", p[1], p[2], d, a, b, a / d, b / d, median(c[k, "A"]), median(c[k, "B"]), median(y[k, "A"]), median(y[k, "B"])
        }
    }' "$WORK/results.txt"
