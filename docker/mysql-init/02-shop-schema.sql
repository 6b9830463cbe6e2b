-- Primaries only. The proxy's logical schema is the physical database on every node; tables
-- are created through the proxy (one logical CREATE TABLE makes every shard's table).
-- Written to the binlog on purpose: the replica gets the database by replication.
CREATE DATABASE IF NOT EXISTS shop;
