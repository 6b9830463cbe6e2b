#!/usr/bin/env bash
# ORDER BY heap benchmark (issue #6): 1,000,000 rows streamed through a cross-shard ORDER BY merge, 8 shards
# over 8 and over 2 MariaDB nodes (started by the project's harness), through a shardgate proxy in its own
# JVM, read by a row-streaming Connector/J client that checks count and order. Prints per run the proxy's live
# heap before the stream, the peak heap after GC during it, the growth, rows/s, and whether the query completed
# under small fixed heaps (-Xmx96m, -Xmx64m). A benchmark, not a test: failed streams are reported, not fatal;
# the exit code is non-zero only when the setup fails.
#
#   bench/heap/orderby-heap.sh                                   # everything, 4-18 min on 2 shared cores
#   NODES=8 HEAPS=64m QUERIES=full bench/heap/orderby-heap.sh    # one run
#   ROWS=200000 NODES=2 HEAPS=default bench/heap/orderby-heap.sh
#
# Knobs (environment): NODES ("8,2": one layout per entry, 8 shards over that many nodes), SHARDS (8), ROWS
# (1000000), HEAPS ("default,96m,64m": proxy -Xmx per run), QUERIES ("full,limit,name"), REPEAT (1: runs per
# heap and query, each on a fresh proxy JVM), PROBE_MS (1000: forced full GC in the proxy during the stream;
# 0 = none), DIRECT (true: same queries on one unsharded table for reference), STALL_SECONDS (120),
# BUFFER_POOL (128M per backend), PROXY_JAVA_OPTS, JDK (JDK 21+ home for the proxy, the benchmark and the
# build), JAR (default proxy/target/shardgate.jar, built when missing), REBUILD (1: rebuild the proxy jar and
# the benchmark first), RESULTS (TSV file to append to), KEEP_TMP (1: keep the work dir with the proxy and GC
# logs and configs).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"
BENCH_JAR=$REPO/bench/heap/target/heap-bench.jar
make_work heapbench
BENCH_PID=""

# The benchmark JVM stops its proxies and MariaDB servers itself (and in shutdown hooks on SIGTERM);
# SIGKILL only if it does not end within 60 s.
STOP=(BENCH_PID:600)


cd "$REPO"
if [[ ${REBUILD:-0} == 1 || ! -f $JAR ]] && [[ $JAR == "$REPO/proxy/target/shardgate.jar" ]]; then
    log "building $JAR"
    JAVA_HOME=$JDK ./mvnw -B -q -o -pl proxy -am package -DskipTests >&2
fi
if [[ ${REBUILD:-0} == 1 || ! -f $BENCH_JAR ]]; then
    log "building $BENCH_JAR"
    JAVA_HOME=$JDK ./mvnw -B -q -o -Pbench -pl bench/heap -am package -DskipTests >&2
fi

log "repository HEAD $(git -C "$REPO" log -1 --format='%h %s' | cut -c1-100)"
log "jar $JAR ($(date -r "$JAR" '+%F %T'))"
log "machine: $(nproc) CPUs, $(free -m | awk '/^Mem:/ {print $2 " MiB RAM"}'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

args=(
    "--nodes=${NODES:-8,2}"
    "--shards=${SHARDS:-8}"
    "--rows=${ROWS:-1000000}"
    "--heaps=${HEAPS:-default,96m,64m}"
    "--queries=${QUERIES:-full,limit,name}"
    "--repeat=${REPEAT:-1}"
    "--probe-ms=${PROBE_MS:-1000}"
    "--direct=${DIRECT:-true}"
    "--stall-seconds=${STALL_SECONDS:-120}"
    "--buffer-pool=${BUFFER_POOL:-128M}"
    "--proxy-jar=$JAR"
    "--java=$JDK/bin/java"
    "--proxy-opts=${PROXY_JAVA_OPTS:-}"
    "--work-dir=$WORK"
)
[[ -n ${RESULTS:-} ]] && args+=("--results=$RESULTS")

"$JDK/bin/java" -Xmx1g -jar "$BENCH_JAR" "${args[@]}" &
BENCH_PID=$!
wait "$BENCH_PID"
BENCH_PID=""
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
