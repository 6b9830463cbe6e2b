#!/usr/bin/env bash
# A short version of every end-to-end benchmark, one after the other (about 6-8 minutes on 2 cores), writing
# bench/results/latest.md (each benchmark's output, the machine's load, the commit) and bench/results/latest.png
# (QPS and p99 by workload: direct, pass-through, sharded, both ps modes; shardgate with multiplexing on and off;
# kingshard when KINGSHARD_BIN is set). For numbers to quote, run each benchmark alone with its longer defaults.
#
#   bench/run-all.sh
#   KINGSHARD_BIN=/tmp/ks-build/bin/kingshard bench/run-all.sh      # with kingshard (see bench/sysbench/peers.sh)
#
# Knobs: KINGSHARD_BIN, JAR (proxy/target/shardgate.jar; REBUILD=1 builds it first), OUT (bench/results),
# SYSBENCH_TIME (5), SYSBENCH_RUNS (1), C10K_CLIENTS (10000), C10K_TIME (10), C10K_THINK_MS (2000: each client
# pauses ~2 s between queries, ~5,000 QPS offered; 0 = closed loop), HOGS (4), HOG_TIME (5), JDK.
# A step that fails is reported in latest.md and the others still run.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JDK
JAR=${JAR:-$REPO/proxy/target/shardgate.jar}
export JAR
OUT=${OUT:-$REPO/bench/results}
SYSBENCH_TIME=${SYSBENCH_TIME:-5}
SYSBENCH_RUNS=${SYSBENCH_RUNS:-1}
C10K_CLIENTS=${C10K_CLIENTS:-10000}
C10K_TIME=${C10K_TIME:-10}
C10K_THINK_MS=${C10K_THINK_MS:-2000}
HOGS=${HOGS:-4}
HOG_TIME=${HOG_TIME:-5}
# shellcheck source=lib/local.sh
. "$REPO/bench/lib/local.sh"

if [[ ${REBUILD:-0} == 1 ]]; then
    (cd "$REPO" && JAVA_HOME=$JDK ./mvnw -B -o -q install -DskipTests) || die "build failed"
fi
[[ -f $JAR ]] || die "no jar at $JAR (REBUILD=1, or ./mvnw -B -o -q install -DskipTests)"
COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)
DIRTY=$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (uncommitted changes)")
mkdir -p "$OUT"
rm -f "$OUT/latest.png"
java_version() { "$JDK/bin/java" -version 2>&1 | head -1; }
TMP=$(mktemp -d /tmp/shardgate-runall.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
START=$(date +%s)

# step NAME COMMAND...: runs one benchmark, its output to $TMP/NAME.out, notes its time and exit code
step() {
    local name=$1 t0 rc
    shift
    log "== $name: $*"
    t0=$(date +%s)
    "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    rc=$?
    echo "$name $rc $(($(date +%s) - t0)) $(cut -d' ' -f1 /proc/loadavg)" >>"$TMP/steps"
    ((rc == 0)) || { log "$name failed ($rc)"; tail -5 "$TMP/$name.err" >&2; }
}

step sysbench env TIME="$SYSBENCH_TIME" RUNS="$SYSBENCH_RUNS" WARMUP=3 MULTIPLEXING="true false" \
    KINGSHARD_BIN="${KINGSHARD_BIN:-}" RESULTS="$TMP/peers.md" "$REPO/bench/sysbench/peers.sh"
step c10k env CLIENTS="$C10K_CLIENTS" TIME="$C10K_TIME" THINK_MS="$C10K_THINK_MS" WARMUP=15 \
    "$REPO/bench/c10k/c10k.sh"
step many-tables "$REPO/bench/many-tables/many-tables.sh"
step cpu-hog env HOGS="$HOGS" TIME="$HOG_TIME" WARMUP=3 LAYOUTS=sharded "$REPO/bench/sysbench/cpu-hog.sh"

if [[ -s $TMP/peers.md.tsv ]]; then
    "$JDK/bin/java" "$REPO/bench/charts/Chart.java" "$TMP/peers.md.tsv" "$OUT/latest.png" \
        "sysbench oltp_point_select, 8 threads, ${SYSBENCH_TIME}s x $SYSBENCH_RUNS, $(date -u +%F) $COMMIT" \
        || log "chart failed"
fi

{
    echo "# Benchmarks, short run ($(date -u '+%F %H:%M') UTC)"
    echo
    echo "\`bench/run-all.sh\` at commit \`$COMMIT\`$DIRTY, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')),"
    echo "$(java_version), total $(( $(date +%s) - START )) s; SYSBENCH_TIME=$SYSBENCH_TIME SYSBENCH_RUNS=$SYSBENCH_RUNS"
    echo "C10K_CLIENTS=$C10K_CLIENTS C10K_TIME=$C10K_TIME C10K_THINK_MS=$C10K_THINK_MS HOGS=$HOGS HOG_TIME=$HOG_TIME. Short runs on whatever else the machine was doing:"
    echo "read the load average of each step before comparing numbers. Re-run a benchmark alone for numbers to quote."
    echo
    echo "| step | exit | seconds | 1-min load at the end |"
    echo "|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$TMP/steps"
    echo
    echo "## sysbench: direct, shardgate (multiplexing on / off)${KINGSHARD_BIN:+, kingshard} (\`bench/sysbench/peers.sh\`)"
    echo
    [[ -s $OUT/latest.png ]] && echo "![QPS and p99 by workload](latest.png)" && echo
    cat "$TMP/peers.md" 2>/dev/null || echo "(no result)"
    echo
    echo '```'
    grep -v '^==' "$TMP/sysbench.out" | grep -v '^|' || true
    echo '```'
    for s in c10k:bench/c10k/c10k.sh many-tables:bench/many-tables/many-tables.sh cpu-hog:bench/sysbench/cpu-hog.sh; do
        echo
        echo "## ${s%%:*} (\`${s#*:}\`)"
        echo
        echo '```'
        cat "$TMP/${s%%:*}.out"
        echo '```'
    done
} >"$OUT/latest.md"
log "wrote $OUT/latest.md${KINGSHARD_BIN:+ }$( [[ -s $OUT/latest.png ]] && echo " and $OUT/latest.png")"
