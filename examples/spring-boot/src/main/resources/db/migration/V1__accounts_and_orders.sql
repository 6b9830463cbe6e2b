-- Flyway runs this through shardgate: each CREATE TABLE of a sharded table creates every physical table
-- (accounts_0000..accounts_0003, orders_0000..orders_0003) on the node that holds it.

CREATE TABLE accounts (
    user_id       BIGINT       NOT NULL PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    balance_cents BIGINT       NOT NULL,
    version       BIGINT       NOT NULL
);

-- `id` has no AUTO_INCREMENT: shardgate's key generator fills it (a snowflake id, unique across shards),
-- and reports it to the client as the INSERT's last-insert-id.
CREATE TABLE orders (
    id          BIGINT      NOT NULL PRIMARY KEY,
    user_id     BIGINT      NOT NULL,
    sku         VARCHAR(32) NOT NULL,
    quantity    INT         NOT NULL,
    total_cents BIGINT      NOT NULL,
    status      VARCHAR(16) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    version     BIGINT      NOT NULL,
    KEY orders_by_user (user_id, created_at)
);
