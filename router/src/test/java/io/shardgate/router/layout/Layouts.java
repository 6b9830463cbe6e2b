package io.shardgate.router.layout;

import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ShardgateConfig;
import io.shardgate.config.TableConfig;

/** Configs for layout tests: four nodes ds0..ds3 and a schema {@code shop} whose tables the test writes. */
final class Layouts {

    private Layouts() {
    }

    static final String NODES = """
            proxy:
              users: [{user: app, password: pw}]
            nodes:
              - {name: ds0, primary: 127.0.0.1:13306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:13307, user: u, password: p}
              - {name: ds2, primary: 127.0.0.1:13308, user: u, password: p}
              - {name: ds3, primary: 127.0.0.1:13309, user: u, password: p}
            """;

    /** {@code tables} is the list under {@code tables:}, written without indentation. */
    static ShardgateConfig config(String tables) {
        return config("ds0", tables, "");
    }

    static ShardgateConfig config(String defaultNode, String tables, String topLevel) {
        String indented = tables.isBlank() ? "" : "    tables:\n" + tables.lines().map(l -> "      " + l)
                .reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
        return ConfigLoader.parse(NODES + topLevel + "schemas:\n  - name: shop\n    default-node: " + defaultNode
                + "\n" + indented, "test.yaml", name -> null);
    }

    static TablePlacement placement(ShardgateConfig config, String table) {
        TableConfig t = config.schema("shop").orElseThrow().table(table).orElseThrow();
        return TablePlacement.of("shop", t, config.timeZone());
    }

    /** The movement of table {@code orders} from the first table list to the second. */
    static KeyMovement orders(String before, String after) {
        return TableMoves.compare(placement(config(before), "orders"), placement(config(after), "orders"));
    }
}
