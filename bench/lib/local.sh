# Shared by the bench scripts (source it after setting REPO): defaults, logging, free ports, a work directory
# that is cleaned up with everything the script started, and a throwaway local MariaDB. Nothing here stops a
# process the calling script did not start.

# Defaults every script shares; the caller's environment (or the script, before sourcing this) may set them.
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=${JAR:-$REPO/proxy/target/shardgate.jar}

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_jar() { [[ -f $JAR ]] || die "no jar at $JAR (./mvnw -B -o -q install -DskipTests)"; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# stop_pid PID [TENTHS]: SIGTERM, wait up to TENTHS tenths of a second (default 50), then SIGKILL.
stop_pid() {
    local pid=$1 tenths=${2:-50}
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid"
    for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# What stop_all_and_remove stops, in this order: "VAR" or "VAR:TENTHS" (the grace for stop_pid; servers want
# 300). VAR names a variable holding a pid, or an array (also associative) of pids; it is read at exit, so pids
# started, restarted or cleared later count as they are then.
STOP=()

# make_work NAME: a fresh work directory in WORK (/tmp/shardgate-NAME.XXXXXX), and stop_all_and_remove as the
# exit trap (an interrupt exits 130 through it too).
make_work() {
    WORK=$(mktemp -d "/tmp/shardgate-$1.XXXXXX")
    trap stop_all_and_remove EXIT
    trap 'exit 130' INT TERM
}

# stop_all_and_remove: the exit trap. Runs the script's own before_stop hook if it defines one, stops what STOP
# names, waits for the children, removes WORK unless KEEP_TMP=1, and exits with the script's exit code.
stop_all_and_remove() {
    local rc=$? entry var tenths pid
    set +e
    declare -F before_stop >/dev/null && before_stop
    for entry in "${STOP[@]}"; do
        var=${entry%%:*}
        tenths=50
        [[ $entry == *:* ]] && tenths=${entry#*:}
        local -n stop_ref=$var
        for pid in "${stop_ref[@]}"; do stop_pid "$pid" "$tenths"; done
        unset -n stop_ref
    done
    wait 2>/dev/null
    if [[ ${KEEP_TMP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
    exit $rc
}

# start_local_mariadb DIR [my.cnf lines...]: installs and starts mariadbd under DIR (own datadir, tmpdir,
# socket, free port), creates the account shard/shard with every privilege. Sets DB_PORT, DB_SOCK, DB_PID.
start_local_mariadb() {
    local dir=$1
    shift
    DB_PORT=$(free_port)
    DB_SOCK=$dir/mysqld.sock
    mkdir -p "$dir/data" "$dir/tmp"
    {
        echo "[mysqld]"
        echo "datadir=$dir/data"
        echo "tmpdir=$dir/tmp"
        echo "socket=$DB_SOCK"
        echo "pid-file=$dir/mysqld.pid"
        echo "port=$DB_PORT"
        echo "bind-address=127.0.0.1"
        echo "skip-name-resolve"
        [[ $EUID == 0 ]] && echo "user=root"
        echo "max_connections=500"
        echo "log-error=$dir/error.log"
        printf '%s\n' "$@"
    } >"$dir/my.cnf"
    mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db --auth-root-authentication-method=normal \
        >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
    /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" >"$dir/stdout.log" 2>&1 &
    DB_PID=$!
    for _ in $(seq 600); do
        kill -0 "$DB_PID" 2>/dev/null || { tail -20 "$dir/error.log" >&2; die "mariadbd exited"; }
        mariadb --socket="$DB_SOCK" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.1
    done
    mariadb --socket="$DB_SOCK" -uroot -e 'SELECT 1' >/dev/null || die "mariadbd did not come up"
    mariadb --socket="$DB_SOCK" -uroot <<'EOF'
CREATE USER 'shard'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('shard');
CREATE USER 'shard'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('shard');
GRANT ALL ON *.* TO 'shard'@'%';
GRANT ALL ON *.* TO 'shard'@'127.0.0.1';
EOF
}
