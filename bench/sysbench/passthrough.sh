#!/usr/bin/env bash
# Pass-through benchmark: sysbench straight at a throwaway MariaDB, then through shardgate (a config with only
# a default node), alternating, in the same run, so both paths see the same machine noise. Prints QPS and
# p95/p99 latency per run, the median per path and the ratio proxy/direct. A benchmark, not a test: it exits
# non-zero only when MariaDB or the proxy cannot start; a failed or hung sysbench run (bounded by a timeout) is
# printed with its errors, counted, and left out of the medians.
#
#   bench/sysbench/passthrough.sh                      # defaults: TIME=30 RUNS=3
#   TIME=10 RUNS=1 TESTS=oltp_point_select PS_MODES=disable bench/sysbench/passthrough.sh
#   PROXY_JAVA_OPTS='-XX:StartFlightRecording=duration=60s,filename=/tmp/sg.jfr' bench/sysbench/passthrough.sh
#
# Knobs (environment): TIME, RUNS, THREADS (8), TABLE_SIZE (100000), TESTS ("oltp_point_select oltp_read_only"),
# PS_MODES ("disable auto"), WARMUP seconds before measuring (15), RW_CHECK (1: oltp_read_write prepare/run/
# cleanup through the proxy in both ps modes), RW_TIME (10), PROXY_JAVA_OPTS, JDK (a JDK 21+ home, used for the
# proxy and to build it), JAR (default proxy/target/shardgate.jar, built when missing), RESULTS (a file that
# receives the per-run TSV), KEEP_TMP (1 keeps the temp dir with the logs).
set -euo pipefail

TIME=${TIME:-30}
RUNS=${RUNS:-3}
THREADS=${THREADS:-8}
TABLE_SIZE=${TABLE_SIZE:-100000}
TESTS=${TESTS:-"oltp_point_select oltp_read_only"}
PS_MODES=${PS_MODES:-"disable auto"}
WARMUP=${WARMUP:-15}
RW_CHECK=${RW_CHECK:-1}
RW_TIME=${RW_TIME:-10}
PROXY_JAVA_OPTS=${PROXY_JAVA_OPTS:-}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
JAVA=$JDK/bin/java

make_work bench
FAILURES=0
DB_PID=""
PROXY_PID=""

STOP=(PROXY_PID DB_PID:300)

loadavg() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------- backend

start_mariadb() {
    start_local_mariadb "$WORK/db" innodb_buffer_pool_size=256M innodb_log_file_size=128M \
        innodb_flush_log_at_trx_commit=2
    mariadb --socket="$DB_SOCK" -uroot -e 'CREATE DATABASE sbtest; CREATE DATABASE sbtest_rw;'
    log "mariadbd $(mariadb --socket="$DB_SOCK" -uroot -N -e 'SELECT VERSION()') pid $DB_PID on port $DB_PORT"
}

# ---------------------------------------------------------------- proxy

start_proxy() {
    if [[ ! -f $JAR && $JAR == "$REPO/proxy/target/shardgate.jar" ]]; then
        log "building $JAR"
        (cd "$REPO" && JAVA_HOME=$JDK ./mvnw -B -q -o package -DskipTests -pl proxy -am) >&2
    fi
    [[ -f $JAR ]] || die "no proxy jar at $JAR"
    # A private copy: other people rebuilding the jar mid-run must not change what is measured.
    cp "$JAR" "$WORK/shardgate.jar"
    PROXY_PORT=$(free_port)
    cat >"$WORK/passthrough.yaml" <<EOF
proxy:
  listen: 127.0.0.1:$PROXY_PORT
  users: [{user: app, password: app}]
nodes:
  - name: main
    primary: 127.0.0.1:$DB_PORT
    user: shard
    password: shard
schemas:
  - name: sbtest
    default-node: main
  - name: sbtest_rw
    default-node: main
EOF
    # shellcheck disable=SC2086 # PROXY_JAVA_OPTS is a list of JVM flags
    "$JAVA" $PROXY_JAVA_OPTS -jar "$WORK/shardgate.jar" serve --config "$WORK/passthrough.yaml" \
        >"$WORK/proxy.log" 2>&1 &
    PROXY_PID=$!
    for _ in $(seq 300); do
        kill -0 "$PROXY_PID" 2>/dev/null || { tail -30 "$WORK/proxy.log" >&2; die "proxy exited"; }
        mariadb -h127.0.0.1 -P"$PROXY_PORT" -uapp -papp sbtest -e 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.1
    done
    mariadb -h127.0.0.1 -P"$PROXY_PORT" -uapp -papp sbtest -e 'SELECT 1' >/dev/null \
        || { tail -30 "$WORK/proxy.log" >&2; die "proxy does not answer"; }
    log "shardgate pid $PROXY_PID on port $PROXY_PORT ($("$JAVA" -version 2>&1 | head -1))"
}

# ---------------------------------------------------------------- sysbench

# sb PATH TEST MODE SECONDS [extra args...] -> sysbench output on stdout
sb() {
    local path=$1 test=$2 mode=$3 seconds=$4
    shift 4
    local port=$DB_PORT user=shard password=shard
    if [[ $path == proxy ]]; then port=$PROXY_PORT user=app password=app; fi
    # A proxy that loses a response would leave sysbench waiting forever: bound each run.
    timeout -k 5 $((seconds + 60)) sysbench "$test" --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user="$user" \
        --mysql-password="$password" --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" \
        --threads="$THREADS" --time="$seconds" --db-ps-mode="$mode" --percentile=99 --histogram=on \
        --report-interval=0 "$@" run
}

# Reads one sysbench run's output; prints "qps tps p95 p99 sysbench_p99 errors". p95 and p99 come from the
# latency histogram (sysbench reports one percentile per run), sysbench's own p99 is kept as a cross-check.
parse_run() {
    awk '
        BEGIN { n = 0 }
        /^Latency histogram/ { inhist = 1; next }
        inhist && /^ *[0-9.]+ \|.*[0-9]$/ { match($0, /[0-9]+$/); v[n] = $1; c[n] = substr($0, RSTART) + 0; total += c[n]; n++; next }
        inhist && /^SQL statistics/ { inhist = 0 }
        /^ *queries:/ { gsub(/[(]/, "", $3); qps = $3 }
        /^ *transactions:/ { gsub(/[(]/, "", $3); tps = $3 }
        /^ *ignored errors:/ { errors = $3 }
        /99th percentile:/ { sp99 = $3 }
        END {
            p95 = p99 = "NA"; cum = 0
            for (i = 0; i < n; i++) {
                cum += c[i]
                if (p95 == "NA" && cum >= 0.95 * total) p95 = v[i]
                if (p99 == "NA" && cum >= 0.99 * total) p99 = v[i]
            }
            if (p99 == "NA" && sp99 != "") p99 = sp99 # should not happen; sysbench computed the same figure
            printf "%s %s %s %s %s %s\n", qps, tps, p95, p99, sp99, errors + 0
        }'
}

measure() {
    local test=$1 mode=$2 path=$3 run=$4
    local out=$WORK/runs/$test.$mode.$path.$run.txt load
    load=$(loadavg)
    local rc=0
    sb "$path" "$test" "$mode" "$TIME" >"$out" 2>&1 || rc=$?
    if [[ $rc != 0 ]]; then
        # Recorded and reported, not fatal: one broken run must not hide the others' numbers.
        FAILURES=$((FAILURES + 1))
        printf '%-18s %-8s %-7s run %s  FAILED (sysbench exit %s%s):\n' "$test" "$mode" "$path" "$run" "$rc" \
            "$([[ $rc == 124 || $rc == 137 ]] && echo ', no answer: killed by the timeout')"
        grep -E 'FATAL|ERROR' "$out" | sort | uniq -c | head -10
        printf '%s\t%s\t%s\t%s\tNA\tNA\tNA\tNA\tNA\tNA\t%s\n' "$test" "$mode" "$path" "$run" "$load" >>"$WORK/results.tsv"
        return 0
    fi
    read -r qps tps p95 p99 sp99 errors < <(parse_run <"$out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$test" "$mode" "$path" "$run" "$qps" "$tps" "$p95" \
        "$p99" "$sp99" "$errors" "$load" >>"$WORK/results.tsv"
    printf '%-18s %-8s %-7s run %s  %10s qps  p95 %6s ms  p99 %6s ms (sysbench p99 %s)  errors %s  load %s\n' \
        "$test" "$mode" "$path" "$run" "$qps" "$p95" "$p99" "$sp99" "$errors" "$load"
}

summary() {
    echo
    echo "== medians over $RUNS run(s) of ${TIME}s, $THREADS threads, table size $TABLE_SIZE =="
    printf '%-18s %-8s %10s %10s %8s %8s %8s %8s %8s\n' test ps-mode direct-qps proxy-qps ratio \
        d-p95 p-p95 d-p99 p-p99
    awk -F'\t' '
        function median(key,    n, i, j, t, a) {
            n = split(vals[key], a, " ")
            if (n == 0) return "NA"
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        {
            k = $1 SUBSEP $2
            if (!(k in seen)) { seen[k] = 1; order[++m] = k }
            if ($5 == "NA") next
            vals[k SUBSEP $3 SUBSEP "qps"] = vals[k SUBSEP $3 SUBSEP "qps"] " " $5
            vals[k SUBSEP $3 SUBSEP "p95"] = vals[k SUBSEP $3 SUBSEP "p95"] " " $7
            vals[k SUBSEP $3 SUBSEP "p99"] = vals[k SUBSEP $3 SUBSEP "p99"] " " $8
        }
        END {
            for (i = 1; i <= m; i++) {
                k = order[i]; split(k, parts, SUBSEP)
                d = median(k SUBSEP "direct" SUBSEP "qps"); p = median(k SUBSEP "proxy" SUBSEP "qps")
                printf "%-18s %-8s %10s %10s %8s %8s %8s %8s %8s\n", parts[1], parts[2],
                    (d == "NA" ? d : sprintf("%.0f", d)), (p == "NA" ? p : sprintf("%.0f", p)),
                    (d == "NA" || p == "NA" ? "NA" : sprintf("%.2f", p / d)),
                    median(k SUBSEP "direct" SUBSEP "p95"), median(k SUBSEP "proxy" SUBSEP "p95"),
                    median(k SUBSEP "direct" SUBSEP "p99"), median(k SUBSEP "proxy" SUBSEP "p99")
            }
        }' "$WORK/results.tsv"
}

# oltp_read_write through the proxy: prepare (DDL, bulk INSERT, CREATE INDEX), a short run, cleanup. Prints
# every error sysbench reports, verbatim.
rw_check() {
    local mode out status
    echo
    echo "== oltp_read_write through the proxy (compatibility, ${RW_TIME}s, schema sbtest_rw) =="
    for mode in $PS_MODES; do
        for step in prepare run cleanup; do
            out=$WORK/rw.$mode.$step.txt
            status=ok
            sysbench oltp_read_write --mysql-host=127.0.0.1 --mysql-port="$PROXY_PORT" --mysql-user=app \
                --mysql-password=app --mysql-db=sbtest_rw --tables=1 --table-size=10000 --threads="$THREADS" \
                --time="$RW_TIME" --db-ps-mode="$mode" --percentile=99 --report-interval=0 "$step" >"$out" 2>&1 \
                || { status=FAILED; FAILURES=$((FAILURES + 1)); }
            if [[ $step == run ]]; then
                read -r qps tps _ _ sp99 errors < <(parse_run <"$out")
                printf '%-8s %-8s %s  %s qps  %s tps  p99 %s ms  ignored errors %s\n' "$mode" "$step" "$status" \
                    "$qps" "$tps" "$sp99" "$errors"
            else
                printf '%-8s %-8s %s\n' "$mode" "$step" "$status"
            fi
            grep -E 'FATAL|ERROR' "$out" | sort | uniq -c | head -20 | sed 's/^/    /' || true
        done
    done
}

# ---------------------------------------------------------------- main

command -v sysbench >/dev/null || die "sysbench not installed"
mkdir -p "$WORK/runs"
log "work dir $WORK; $(nproc) cores, load $(loadavg)"
start_mariadb
start_proxy

log "preparing sbtest1 ($TABLE_SIZE rows) directly on the backend"
sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port="$DB_PORT" --mysql-user=shard \
    --mysql-password=shard --mysql-db=sbtest --tables=1 --table-size="$TABLE_SIZE" prepare >"$WORK/prepare.txt" 2>&1 \
    || { cat "$WORK/prepare.txt" >&2; die "prepare failed"; }

if [[ $WARMUP -gt 0 ]]; then
    log "warm-up: ${WARMUP}s per path and ps mode (buffer pool, JIT), not recorded"
    for mode in $PS_MODES; do
        for path in direct proxy; do
            if ! sb "$path" oltp_point_select "$mode" "$WARMUP" >"$WORK/warmup.$mode.$path.txt" 2>&1; then
                FAILURES=$((FAILURES + 1))
                log "warm-up via $path ($mode) FAILED:"
                grep -E 'FATAL|ERROR' "$WORK/warmup.$mode.$path.txt" | sort | uniq -c | head -10 >&2
            fi
        done
    done
fi

echo "# sysbench $(sysbench --version | cut -d' ' -f2), $THREADS threads, ${TIME}s per run, $(nproc) cores, $(date -u +%FT%TZ)"
echo "# proxy jar $JAR (built $(date -u -r "$JAR" +%FT%TZ)), JVM options: ${PROXY_JAVA_OPTS:-none}"
for test in $TESTS; do
    for mode in $PS_MODES; do
        for run in $(seq "$RUNS"); do
            measure "$test" "$mode" direct "$run"
            measure "$test" "$mode" proxy "$run"
        done
    done
done

summary
echo "failed runs (measured and warm-up): $FAILURES"
if [[ $RW_CHECK == 1 ]]; then
    rw_check
fi
if [[ -n ${RESULTS:-} ]]; then
    cp "$WORK/results.tsv" "$RESULTS"
fi
if grep -qE 'ERROR|Exception' "$WORK/proxy.log"; then
    echo
    echo "== proxy log: errors and exceptions =="
    grep -E 'ERROR|Exception' "$WORK/proxy.log" | sort | uniq -c | sort -rn | head -20
fi
