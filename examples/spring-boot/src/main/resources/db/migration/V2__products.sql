-- A broadcast table: the CREATE TABLE and every INSERT reach each node's copy.

CREATE TABLE products (
    sku         VARCHAR(32)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    price_cents BIGINT       NOT NULL
);

INSERT INTO products (sku, name, price_cents) VALUES
    ('TEA-GREEN', 'Green tea, 100 g', 650),
    ('TEA-BLACK', 'Black tea, 100 g', 550),
    ('MUG', 'Mug', 1200);
