# Shared by the bench scripts (source it): logging, free ports, stopping what a script started, and a
# throwaway local MariaDB. Nothing here stops a process the calling script did not start.

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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
