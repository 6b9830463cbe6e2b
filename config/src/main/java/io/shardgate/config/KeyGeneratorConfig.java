package io.shardgate.config;

import java.util.List;

/**
 * {@code key-generator: {column: order_id, type: snowflake, layout: js-safe}}: the proxy fills {@code column}
 * on INSERT.
 *
 * @param layout the id layout ({@link #LAYOUT_64_BIT} or {@link #LAYOUT_JS_SAFE}); null when the table does not
 *     say, and then {@code proxy.id-layout} decides (see {@link ShardgateConfig#idLayoutOf})
 */
public record KeyGeneratorConfig(String column, String type, String layout) {

    /** Twitter's layout: 41 bits of milliseconds, 10 worker bits, 12 sequence bits. */
    public static final String LAYOUT_64_BIT = "64-bit";
    /** At most 2^53 - 1, exact as a JavaScript number: 41 bits of milliseconds, 5 worker bits, 7 sequence bits. */
    public static final String LAYOUT_JS_SAFE = "js-safe";
    public static final List<String> LAYOUTS = List.of(LAYOUT_64_BIT, LAYOUT_JS_SAFE);
    /** The largest worker id the js-safe layout has room for (5 bits). */
    public static final int JS_SAFE_MAX_WORKER_ID = 31;

    /** A generator with the proxy's default layout. */
    public KeyGeneratorConfig(String column, String type) {
        this(column, type, null);
    }
}
