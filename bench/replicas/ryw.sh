#!/usr/bin/env bash
# Cost of each read-your-writes mode: a write-then-read loop (bench/replicas/ryw.lua: UPDATE of the thread's own
# row, then SELECT of it outside a transaction) through one proxy jar into a local MariaDB primary and one GTID
# replica (both with binlog, async replication), in three schemas on the same tables: read-your-writes off, 5s
# and causal (causal-wait 50ms). Modes interleave round by round so that each sees the same machine noise.
# A benchmark, not a test: it fails only when a server or the proxy cannot start.
#
#   bench/replicas/ryw.sh [JAR]                 # default proxy/target/shardgate.jar; TIME=10 RUNS=3 THREADS=4
#
# Prints per (mode, round) write+read pairs per second, p99 of a pair, reads that missed the write, the replica's
# lag as the primary saw it, and the load average; then medians.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${1:-$REPO/proxy/target/shardgate.jar}
TIME=${TIME:-10}
RUNS=${RUNS:-3}
THREADS=${THREADS:-4}
WARMUP=${WARMUP:-3}
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"

make_work ryw-bench
DB0_PID="" DB1_PID="" PROXY_PID=""
STOP=(PROXY_PID DB1_PID:300 DB0_PID:300)

loadavg() { cut -d' ' -f1 /proc/loadavg; }
command -v sysbench >/dev/null || die "sysbench not installed"
need_jar

SERVER=(innodb_buffer_pool_size=64M log-bin=binlog binlog_format=ROW)
start_local_mariadb "$WORK/db0" "${SERVER[@]}" server-id=1
DB0_PID=$DB_PID DB0_PORT=$DB_PORT DB0_SOCK=$DB_SOCK
start_local_mariadb "$WORK/db1" "${SERVER[@]}" server-id=2 read_only=1
DB1_PID=$DB_PID DB1_PORT=$DB_PORT DB1_SOCK=$DB_SOCK
# each server made its own users: the replica starts from the primary's position, so they are not replayed
POS=$(mariadb --socket="$DB0_SOCK" -uroot -N -e 'SELECT @@gtid_binlog_pos')
mariadb --socket="$DB1_SOCK" -uroot -e "SET GLOBAL gtid_slave_pos = '$POS';
    CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$DB0_PORT, MASTER_USER='shard', MASTER_PASSWORD='shard',
    MASTER_USE_GTID=slave_pos; START SLAVE;"

PORT=$(free_port)
cat >"$WORK/proxy.yaml" <<YAML
proxy:
  listen: 127.0.0.1:$PORT
  users: [{user: app, password: app}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB0_PORT, replicas: [127.0.0.1:$DB1_PORT], user: shard, password: shard}
schemas:
  - {name: ryw_off, default-node: ds0, read-your-writes: "off"}
  - {name: ryw_window, default-node: ds0, read-your-writes: 5s}
  - {name: ryw_causal, default-node: ds0, read-your-writes: causal, causal-wait: 50ms}
YAML
for db in ryw_off ryw_window ryw_causal; do
    mariadb --socket="$DB0_SOCK" -uroot -e "CREATE DATABASE $db; CREATE TABLE $db.ryw (id INT PRIMARY KEY, v BIGINT);"
done
"$JDK/bin/java" -jar "$JAR" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 300); do
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$WORK/proxy.log" >&2; die "proxy exited"; }
    mariadb -h127.0.0.1 -P"$PORT" -uapp -papp ryw_off -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
done
for _ in $(seq 300); do
    [[ $(mariadb --socket="$DB1_SOCK" -uroot -N -e 'SHOW TABLES FROM ryw_causal' 2>/dev/null) == ryw ]] && break
    sleep 0.1
done
log "proxy $JAR on $(nproc) cores, load $(loadavg)"

# run DB SECONDS: prints "pairs_per_s p99_ms stale"
run() {
    local out
    out=$(timeout -k 5 $(($2 + 60)) sysbench "$REPO/bench/replicas/ryw.lua" --mysql-host=127.0.0.1 --mysql-port="$PORT" \
        --mysql-user=app --mysql-password=app --mysql-db="$1" --threads="$THREADS" --time="$2" --percentile=99 \
        run 2>&1) || { echo "NA NA NA"; return; }
    awk '/^ *transactions:/ {gsub(/[(]/, "", $3); tps = $3} /99th percentile:/ {p99 = $3} /^stale / {s += $2}
         END {print tps, p99, s + 0}' <<<"$out"
}

# the replica's lag: seconds behind, as it reports it right after a run
lag() { mariadb --socket="$DB1_SOCK" -uroot -e 'SHOW SLAVE STATUS\G' | awk '/Seconds_Behind_Master/ {print $2}'; }

for db in ryw_off ryw_window ryw_causal; do run "$db" "$WARMUP" >/dev/null; done

echo "# sysbench ryw.lua, $THREADS threads, ${TIME}s per run, $RUNS rounds interleaved, $(date -u +%FT%TZ)"
printf '%-8s %5s %9s %8s %8s %5s %6s\n' mode round pairs/s p99-ms stale lag-s load
for round in $(seq "$RUNS"); do
    for db in ryw_off ryw_window ryw_causal; do
        read -r tps p99 stale < <(run "$db" "$TIME")
        printf '%-8s %5s %9s %8s %8s %5s %6s\n' "${db#ryw_}" "$round" "$tps" "$p99" "$stale" "$(lag)" "$(loadavg)" \
            | tee -a "$WORK/results.txt"
    done
done

echo
echo "== medians =="
awk '
    function median(s,    n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } return n == 0 ? "NA" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
    $3 != "NA" { k = $1; if (!(k in seen)) { seen[k] = 1; order[++m] = k }; t[k] = t[k] " " $3; p[k] = p[k] " " $4; s[k] = s[k] " " $5 }
    END { printf "%-8s %9s %8s %8s\n", "mode", "pairs/s", "p99-ms", "stale"; for (i = 1; i <= m; i++) { k = order[i]; printf "%-8s %9s %8s %8s\n", k, median(t[k]), median(p[k]), median(s[k]) } }
' "$WORK/results.txt"
