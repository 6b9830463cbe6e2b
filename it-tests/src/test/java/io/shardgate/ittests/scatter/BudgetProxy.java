package io.shardgate.ittests.scatter;

import io.shardgate.config.ConfigLoader;
import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The setup the memory-budget ITs share: a proxy over the shared backends whose budget setting is lowered by a
 * config reload (so the reload path of the setting is exercised too), then the tables and rows made through it.
 */
final class BudgetProxy {

    private BudgetProxy() {
    }

    /**
     * @param yaml       the {@code schemas:} section, with {@code %s} for the schema name
     * @param setting    the {@code proxy:} line that lowers the budget, e.g. {@code "max-sort-rows: 30"}
     * @param statements run through the proxy once the budget is in force (CREATE TABLE, INSERT)
     */
    static ProxyFixture start(Backends backends, String schema, String yaml, String setting, String... statements)
            throws SQLException {
        ProxyFixture proxy = ProxyFixture.start(backends, schema, yaml);
        String lowered = ProxyFixture.yaml(backends, yaml.formatted(schema))
                .replace("proxy:\n", "proxy:\n  " + setting + "\n");
        proxy.server().apply(ConfigLoader.parse(lowered, "budget.yaml"));
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return proxy;
    }

    /** {@code (row(1)), (row(2)), ..., (row(count))}: the VALUES list of a multi-row INSERT. */
    static String values(long count, LongFunction<String> row) {
        return LongStream.rangeClosed(1, count).mapToObj(i -> "(" + row.apply(i) + ")")
                .collect(Collectors.joining(", "));
    }
}
