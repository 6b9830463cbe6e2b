#!/usr/bin/env bash
# Per-query cost against a peer, in one run: sysbench oltp_point_select straight at MariaDB, through shardgate and
# through kingshard, interleaved round by round (so all three see the same machine noise), for a pass-through
# schema and for sbtest1 hash-mod over two nodes (sbtest1_0000 / _0001, both on the one server), in both
# --db-ps-modes. Reports medians: QPS, p99, each proxy's ratio to direct and its CPU per query (utime + stime of
# the proxy process from /proc over the queries it served). A benchmark, not a test: it fails only when MariaDB
# or a proxy cannot start; a failed run (kingshard drops the connection in ps-mode auto) shows as NA.
#
#   KINGSHARD_BIN=/tmp/ks-build/bin/kingshard bench/sysbench/peers.sh              # TIME=12 RUNS=3
#   KINGSHARD_BIN=... TIME=5 RUNS=1 WARMUP=3 bench/sysbench/peers.sh              # a quick check
#
# kingshard is never part of this repository. Build it outside the checkout (Go 1.19+, no network needed since it
# vendors its dependencies), e.g. from a snapshot of github.com/flike/kingshard:
#
#   mkdir /tmp/ks-build && cd /tmp/ks-build && git clone https://github.com/flike/kingshard . # or any snapshot
#   GOFLAGS=-mod=vendor go build -o bin/kingshard ./cmd/kingshard
#
# Without KINGSHARD_BIN the kingshard column is left out.
#
# Knobs: TIME (12), RUNS (3), THREADS (8), TABLE_SIZE (100000), PS_MODES ("disable auto"), LAYOUTS ("passthrough
# sharded"), WARMUP (10), MULTIPLEXING (true; "true false" runs two shardgates, shardgate and shardgate-nomux,
# side by side in the same rounds), POOL_MAX (64, both proxies: shardgate pool.max, kingshard
# max_conns_limit), JDK, JAR (default proxy/target/shardgate.jar), SG_JAVA_OPTS (extra JVM options of
# shardgate, e.g. a JFR recording), KINGSHARD_BIN, RESULTS (a file that receives the median table as markdown;
# RESULTS.tsv gets the medians as "layout mode path qps p99 cpu" lines, for bench/charts/Chart.java).
set -euo pipefail

TIME=${TIME:-12}
RUNS=${RUNS:-3}
THREADS=${THREADS:-8}
TABLE_SIZE=${TABLE_SIZE:-100000}
PS_MODES=${PS_MODES:-"disable auto"}
LAYOUTS=${LAYOUTS:-"passthrough sharded"}
WARMUP=${WARMUP:-10}
MULTIPLEXING=${MULTIPLEXING:-true}
POOL_MAX=${POOL_MAX:-64}
KINGSHARD_BIN=${KINGSHARD_BIN:-}
RESULTS=${RESULTS:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"

loadavg() { cut -d' ' -f1 /proc/loadavg; }

make_work peers
DB_PID=""
declare -A PROXY_PID PROXY_PORT
PATHS="direct"
for m in $MULTIPLEXING; do
    case $m in
        true) PATHS+=" shardgate" ;;
        false) PATHS+=" shardgate-nomux" ;;
        *) die "MULTIPLEXING takes true and/or false, not $m" ;;
    esac
done
if [[ -n $KINGSHARD_BIN ]]; then
    [[ -x $KINGSHARD_BIN ]] || die "KINGSHARD_BIN=$KINGSHARD_BIN is not an executable"
    PATHS+=" kingshard"
else
    log "KINGSHARD_BIN not set: measuring direct and shardgate only (see the head of this script to build kingshard)"
fi

STOP=(PROXY_PID DB_PID:300)

# await NAME: until the proxy answers SELECT 1 as app/app
await() {
    local name=$1
    for _ in $(seq 300); do
        kill -0 "${PROXY_PID[$name]}" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "$name exited"; }
        mariadb -h127.0.0.1 -P"${PROXY_PORT[$name]}" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "$name does not answer"
}

# start_shardgate NAME MULTIPLEXING
start_shardgate() {
    local name=$1 mux=$2 port
    need_jar
    cp "$JAR" "$WORK/shardgate.jar"
    port=$(free_port)
    cat >"$WORK/$name.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$port
  users: [{user: app, password: app}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard, pool: {max: $POOL_MAX}}
  - {name: ds1, primary: 127.0.0.1:$DB_PORT, user: shard, password: shard, pool: {max: $POOL_MAX}}
schemas:
  - {name: sbtest, default-node: ds0, multiplexing: $mux}
  - name: sbtest_sh
    default-node: ds0
    multiplexing: $mux
    tables:
      - {name: sbtest1, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}
EOF
    # shellcheck disable=SC2086 # options are words
    "$JDK/bin/java" ${SG_JAVA_OPTS:-} -jar "$WORK/shardgate.jar" serve --config "$WORK/$name.yaml" \
        >"$WORK/$name.log" 2>&1 &
    PROXY_PID[$name]=$!
    PROXY_PORT[$name]=$port
    await "$name"
}

# kingshard: the same layout; one user whose default node serves sbtest, and a hash rule for sbtest_sh.sbtest1
# (kingshard names the physical tables sbtest1_0000, sbtest1_0001 as shardgate does)
start_kingshard() {
    local port
    port=$(free_port)
    cat >"$WORK/kingshard.yaml" <<EOF
addr: 127.0.0.1:$port
prometheus_addr: 127.0.0.1:$(free_port)
web_addr: 127.0.0.1:$(free_port)
web_user: admin
web_password: admin
user_list:
  - {user: app, password: app}
log_level: error
log_sql: "off"
nodes:
  - {name: node1, max_conns_limit: $POOL_MAX, user: shard, password: shard, master: "127.0.0.1:$DB_PORT", down_after_noalive: 32}
  - {name: node2, max_conns_limit: $POOL_MAX, user: shard, password: shard, master: "127.0.0.1:$DB_PORT", down_after_noalive: 32}
schema_list:
  - user: app
    nodes: [node1, node2]
    default: node1
    shard:
      - {db: sbtest_sh, table: sbtest1, key: id, nodes: [node1, node2], type: hash, locations: [1, 1]}
EOF
    "$KINGSHARD_BIN" -config="$WORK/kingshard.yaml" >"$WORK/kingshard.log" 2>&1 &
    PROXY_PID[kingshard]=$!
    PROXY_PORT[kingshard]=$port
    await kingshard
}

# cpu_ticks PID: utime + stime of a process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# run PATH LAYOUT MODE SECONDS: prints "qps p99 cpu_us_per_query" (cpu NA for direct, all NA for a failed run)
run() {
    local path=$1 layout=$2 mode=$3 seconds=$4 port=$DB_PORT user=shard pass=shard db=sbtest before after out
    if [[ $path != direct ]]; then
        port=${PROXY_PORT[$path]}; user=app; pass=app
        kill -0 "${PROXY_PID[$path]}" 2>/dev/null || { echo "NA NA NA"; return; }
        [[ $layout == sharded ]] && db=sbtest_sh
        before=$(cpu_ticks "${PROXY_PID[$path]}")
    fi
    out=$(timeout -k 5 $((seconds + 60)) sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$port" \
        --mysql-user="$user" --mysql-password="$pass" --mysql-db="$db" --tables=1 --table-size="$TABLE_SIZE" \
        --threads="$THREADS" --time="$seconds" --db-ps-mode="$mode" --percentile=99 run 2>&1) || {
        log "$path $layout $mode failed: $(grep -m1 -E 'FATAL|error' <<<"$out" || tail -1 <<<"$out")"
        echo "NA NA NA"; return; }
    local queries qps p99
    queries=$(awk '/^ *queries:/ {print $2}' <<<"$out")
    qps=$(awk '/^ *queries:/ {gsub(/[(]/, "", $3); print $3}' <<<"$out")
    p99=$(awk '/99th percentile:/ {print $3}' <<<"$out")
    if [[ $path == direct ]]; then echo "$qps $p99 NA"; return; fi
    after=$(cpu_ticks "${PROXY_PID[$path]}")
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v q="$queries" -v qps="$qps" -v p99="$p99" \
        'BEGIN { printf "%s %s %.1f\n", qps, p99, t * 1e6 / hz / q }'
}

command -v sysbench >/dev/null || die "sysbench not installed"
start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_flush_log_at_trx_commit=2
mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest; CREATE DATABASE sbtest_sh;'
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard --mysql-password=shard \
    --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" prepare >"$WORK/prepare.txt" 2>&1 || die "prepare failed"
mariadb --socket="$DB_SOCK" -uroot sbtest_sh -e "
    CREATE TABLE sbtest1_0000 LIKE sbtest.sbtest1; CREATE TABLE sbtest1_0001 LIKE sbtest.sbtest1;
    INSERT INTO sbtest1_0000 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 0;
    INSERT INTO sbtest1_0001 SELECT * FROM sbtest.sbtest1 WHERE id % 2 = 1;"
[[ " $PATHS " == *" shardgate "* ]] && start_shardgate shardgate true
[[ " $PATHS " == *" shardgate-nomux "* ]] && start_shardgate shardgate-nomux false
[[ -n $KINGSHARD_BIN ]] && start_kingshard
log "paths: $PATHS; $(nproc) cores, load $(loadavg)"

for layout in $LAYOUTS; do for mode in $PS_MODES; do for path in $PATHS; do
    run "$path" "$layout" "$mode" "$WARMUP" >/dev/null
done; done; done
# A JVM whose JIT still has work queued runs part of its hot path interpreted, at several times the CPU per query;
# on a loaded machine the compiler threads starve like everything else (bench/sysbench/cpu-hog.sh). Warm up
# more, a few rounds at most, until the compile queue is empty.
compile_queue() { "$JDK/bin/jcmd" "$1" Compiler.queue 2>/dev/null | grep -c '::' || true; }
for path in $PATHS; do
    [[ $path == shardgate* ]] || continue
    for _ in 1 2 3 4 5; do
        queued=$(compile_queue "${PROXY_PID[$path]}")
        ((queued == 0)) && break
        log "$path: $queued methods still queued for the JIT; warming up again"
        for layout in $LAYOUTS; do for mode in $PS_MODES; do run "$path" "$layout" "$mode" "$WARMUP" >/dev/null; done; done
    done
done

echo "# sysbench oltp_point_select, $THREADS threads, ${TIME}s per run, $RUNS rounds interleaved, $(date -u +%FT%TZ)," \
    "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null), multiplexing $MULTIPLEXING, pools of $POOL_MAX"
printf '%-12s %-8s %-15s %s %10s %8s %8s %6s\n' layout ps-mode path round qps p99-ms cpu-us load
for round in $(seq "$RUNS"); do
    for layout in $LAYOUTS; do for mode in $PS_MODES; do for path in $PATHS; do
        read -r qps p99 cpu < <(run "$path" "$layout" "$mode" "$TIME")
        printf '%-12s %-8s %-15s %5s %10s %8s %8s %6s\n' "$layout" "$mode" "$path" "$round" "$qps" "$p99" "$cpu" \
            "$(loadavg)" | tee -a "$WORK/results.txt"
    done; done; done
done

echo
echo "== medians: QPS, p99 ms, ratio to direct (same layout and mode), proxy CPU microseconds per query =="
awk -v paths="$PATHS" '
    function median(s,    n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } return n == 0 ? "NA" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
    $5 != "NA" { k = $1 " " $2; q[k, $3] = q[k, $3] " " $5; l[k, $3] = l[k, $3] " " $6; c[k, $3] = c[k, $3] " " $7 }
    { k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
    END {
        np = split(paths, p, " ")
        printf "| layout | ps-mode | direct QPS / p99"
        for (j = 2; j <= np; j++) printf " | %s QPS / p99 | %s × direct | %s CPU µs/query", p[j], p[j], p[j]
        printf " |\n|---|---|---"; for (j = 2; j <= np; j++) printf "|---|---|---"; printf "|\n"
        for (i = 1; i <= m; i++) {
            k = order[i]; split(k, lm, " "); d = median(q[k, "direct"])
            printf "| %s | %s | %s / %s", lm[1], lm[2], fmt(d), median(l[k, "direct"])
            for (j = 2; j <= np; j++) {
                v = median(q[k, p[j]])
                printf " | %s / %s | %s | %s", fmt(v), median(l[k, p[j]]), (v == "NA" || d == "NA") ? "NA" : sprintf("%.2f", v / d), median(c[k, p[j]])
            }
            printf " |\n"
        }
    }
    function fmt(v) { return v == "NA" ? "NA" : sprintf("%.0f", v) }' "$WORK/results.txt" | tee "$WORK/medians.md"
if [[ -n $RESULTS ]]; then
    cp "$WORK/medians.md" "$RESULTS"
    awk '$5 != "NA" { k = $1 " " $2 " " $3; if (!(k in seen)) { seen[k] = 1; order[++m] = k }
                      q[k] = q[k] " " $5; l[k] = l[k] " " $6; c[k] = c[k] " " $7 }
        function median(s,    n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
        END { for (i = 1; i <= m; i++) print order[i], median(q[order[i]]), median(l[order[i]]), median(c[order[i]]) }' \
        "$WORK/results.txt" >"$RESULTS.tsv"
fi
exit 0
