-- Run as root on each MySQL container: the account shardgate logs in with (sharding.yaml's SHARD_USER /
-- SHARD_PASSWORD, shard/shard by default). shardgate authenticates to backends with mysql_native_password,
-- which MySQL 8.4 offers when started with --mysql-native-password=ON.
CREATE USER 'shard'@'%' IDENTIFIED WITH mysql_native_password BY 'shard';
GRANT ALL PRIVILEGES ON *.* TO 'shard'@'%';
