-- Runs once, when a MySQL container initialises its datadir (all three servers).
-- Accounts are per server: kept out of the binlog so a replica does not replay its
-- primary's CREATE USER and stop on "user already exists".
SET sql_log_bin = 0;
-- the proxy's account: mysql_native_password (enabled with --mysql-native-password=ON)
CREATE USER IF NOT EXISTS 'shard'@'%' IDENTIFIED WITH mysql_native_password BY 'shard';
GRANT ALL PRIVILEGES ON *.* TO 'shard'@'%';
-- replicas connect to their primary as repl
CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED WITH mysql_native_password BY 'repl';
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%';
SET sql_log_bin = 1;
