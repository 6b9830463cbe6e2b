package io.shardgate.config;

/** {@code key-generator: {column: order_id, type: snowflake}}: the proxy fills {@code column} on INSERT. */
public record KeyGeneratorConfig(String column, String type) {
}
