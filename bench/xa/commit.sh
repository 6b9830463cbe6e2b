#!/usr/bin/env bash
# Commit cost of transaction modes: sysbench transfers (BEGIN; two UPDATEs; COMMIT, see transfer.lua) through one
# proxy jar, for transactions that write on one node and on two nodes, in a best-effort schema and an xa schema,
# interleaved round by round so that every variant sees the same machine noise. Two local MariaDB servers (ds0,
# ds1) with binlog and durable commits (innodb_flush_log_at_trx_commit=1, sync_binlog=1), as XA wants them.
# A benchmark, not a test: it fails only when a server or the proxy cannot start.
#
#   bench/xa/commit.sh [JAR]                  # default proxy/target/shardgate.jar; TIME=10 RUNS=3 THREADS=4
#
# Prints TPS and p99 per (nodes, mode, round), then medians, and the load average seen at each run.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${1:-$REPO/proxy/target/shardgate.jar}
TIME=${TIME:-10}
RUNS=${RUNS:-3}
THREADS=${THREADS:-4}
WARMUP=${WARMUP:-5}
ACCOUNTS=${ACCOUNTS:-1000}
# shellcheck source=../lib/local.sh
. "$REPO/bench/lib/local.sh"

make_work xa-bench
DB0_PID="" DB1_PID="" PROXY_PID=""
STOP=(PROXY_PID DB0_PID:300 DB1_PID:300)

loadavg() { cut -d' ' -f1 /proc/loadavg; }
command -v sysbench >/dev/null || die "sysbench not installed"
need_jar

DURABLE=(innodb_buffer_pool_size=128M innodb_flush_log_at_trx_commit=1 sync_binlog=1 log-bin=binlog binlog_format=ROW)
start_local_mariadb "$WORK/db0" "${DURABLE[@]}" server-id=1
DB0_PID=$DB_PID DB0_PORT=$DB_PORT DB0_SOCK=$DB_SOCK
start_local_mariadb "$WORK/db1" "${DURABLE[@]}" server-id=2
DB1_PID=$DB_PID DB1_PORT=$DB_PORT DB1_SOCK=$DB_SOCK

PORT=$(free_port)
cat >"$WORK/proxy.yaml" <<YAML
proxy:
  listen: 127.0.0.1:$PORT
  users: [{user: app, password: app}]
nodes:
  - {name: ds0, primary: 127.0.0.1:$DB0_PORT, user: shard, password: shard}
  - {name: ds1, primary: 127.0.0.1:$DB1_PORT, user: shard, password: shard}
schemas:
  - name: bank_be
    default-node: ds0
    transaction-mode: best-effort
    tables: [{name: accounts, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}]
  - name: bank_xa
    default-node: ds0
    transaction-mode: xa
    tables: [{name: accounts, shard-key: id, strategy: hash-mod, nodes: [ds0, ds1], locations: [1, 1]}]
YAML
for sock in "$DB0_SOCK" "$DB1_SOCK"; do
    mariadb --socket="$sock" -uroot -e 'CREATE DATABASE bank_be; CREATE DATABASE bank_xa;'
done
"$JDK/bin/java" -jar "$JAR" serve --config "$WORK/proxy.yaml" >"$WORK/proxy.log" 2>&1 &
PROXY_PID=$!
for _ in $(seq 300); do
    kill -0 "$PROXY_PID" 2>/dev/null || { tail -20 "$WORK/proxy.log" >&2; die "proxy exited"; }
    mariadb -h127.0.0.1 -P"$PORT" -uapp -papp bank_xa -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.1
done
for db in bank_be bank_xa; do
    values=$(seq 0 $((2 * ACCOUNTS - 1)) | awk '{printf "%s(%d, 1000)", (NR > 1 ? "," : ""), $1}')
    mariadb -h127.0.0.1 -P"$PORT" -uapp -papp "$db" -e "
        CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance INT NOT NULL);
        INSERT INTO accounts (id, balance) VALUES $values;"
done
log "proxy $JAR on $(nproc) cores, load $(loadavg)"

# run NODES DB SECONDS: prints "tps p99_ms"
run() {
    local out
    out=$(timeout -k 5 $(($3 + 60)) sysbench "$REPO/bench/xa/transfer.lua" --mysql-host=127.0.0.1 --mysql-port="$PORT" \
        --mysql-user=app --mysql-password=app --mysql-db="$2" --nodes="$1" --accounts="$ACCOUNTS" \
        --threads="$THREADS" --time="$3" --percentile=99 run 2>&1) || { echo "NA NA"; return; }
    awk '/^ *transactions:/ {gsub(/[(]/, "", $3); tps = $3} /99th percentile:/ {p99 = $3} END {print tps, p99}' <<<"$out"
}

for nodes in 1 2; do for db in bank_be bank_xa; do run "$nodes" "$db" "$WARMUP" >/dev/null; done; done

echo "# sysbench transfer.lua, $THREADS threads, ${TIME}s per run, $RUNS rounds interleaved, $(date -u +%FT%TZ)"
printf '%-5s %-12s %5s %9s %8s %6s\n' nodes mode round tps p99-ms load
for round in $(seq "$RUNS"); do
    for nodes in 1 2; do for db in bank_be bank_xa; do
        read -r tps p99 < <(run "$nodes" "$db" "$TIME")
        mode=${db#bank_}; [[ $mode == be ]] && mode=best-effort
        printf '%-5s %-12s %5s %9s %8s %6s\n' "$nodes" "$mode" "$round" "$tps" "$p99" "$(loadavg)" | tee -a "$WORK/results.txt"
    done; done
done

echo
echo "== medians =="
awk '
    function median(s,    n, a, i, j, t) { n = split(s, a, " "); for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t } return n == 0 ? "NA" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) }
    $4 != "NA" { k = $1 " " $2; if (!(k in seen)) { seen[k] = 1; order[++m] = k }; t[k] = t[k] " " $4; p[k] = p[k] " " $5 }
    END { printf "%-5s %-12s %9s %8s\n", "nodes", "mode", "tps", "p99-ms"; for (i = 1; i <= m; i++) { split(order[i], f, " "); printf "%-5s %-12s %9s %8s\n", f[1], f[2], median(t[order[i]]), median(p[order[i]]) } }
' "$WORK/results.txt"
grep -o 'xa.*recover[^ ]*' "$WORK/proxy.log" | head -3 || true
