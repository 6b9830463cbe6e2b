package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small valid building blocks for config tests, so each test shows only the part it breaks. */
final class TestYaml {

    static final String PROXY = """
            proxy:
              users: [{user: app, password: secret-pw}]
            """;

    static final String NODES = """
            nodes:
              - {name: ds0, primary: 127.0.0.1:13306, user: shard, password: node-pw}
              - {name: ds1, primary: 127.0.0.1:13307, user: shard, password: node-pw}
            """;

    static final Function<String, String> NO_ENV = name -> null;

    private TestYaml() {
    }

    /** Proxy, two nodes and schema {@code shop} on ds0 whose {@code tables:} are {@code tables} (indented by the caller as list items). */
    static String withTables(String tables) {
        return PROXY + NODES + """
                schemas:
                  - name: shop
                    default-node: ds0
                    tables:
                """ + indent(tables, "      ");
    }

    /** A minimal valid document with one sharded table, for tests that break another section. */
    static String minimal() {
        return PROXY + NODES + """
                schemas:
                  - name: shop
                    default-node: ds0
                """;
    }

    static String indent(String text, String prefix) {
        return text.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    static ShardgateConfig load(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", NO_ENV);
    }

    static ShardgateConfig load(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "test.yaml", env::get);
    }

    /** The problems as {@code path: message} lines; fails when the document loads. */
    static List<String> problems(String yaml) {
        try {
            ConfigLoader.parse(yaml, "test.yaml", NO_ENV);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        return fail("expected problems, but the document loaded:\n" + yaml);
    }

    static void assertLoadsNot(String yaml) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class);
    }
}
