package io.shardgate.router.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.Router;
import io.shardgate.router.SessionView;
import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.sql.SqlMode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden planner tests, Vitess planbuilder style: each {@code planner/*.txt} file holds cases of
 * <pre>
 * # what the case shows
 * &#64;schema shop          (optional; default shop; "&#64;schema -" for none)
 * &#64;tx                   (optional: inside a transaction)
 * &#64;params 5, 'a', null  (optional: run as a prepared statement with these parameters)
 * SQL ...
 * &gt;&gt;&gt;
 * the expected describe() tree
 * ===
 * </pre>
 * Cases of one file run in order against one router (a lookup INSERT is seen by a later SELECT).
 *
 * <p>{@code -Dplanner.golden.write=true} rewrites the files with the actual trees (review the diff!).
 */
class PlannerGoldenTest {

    record Case(String file, int line, String comment, String header, String schema, boolean tx, String params,
                String sqlMode, String sql, String expected) {
    }

    @TestFactory
    Stream<DynamicContainer> goldenFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(PlannerGoldenTest.class.getResource("/planner").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<DynamicContainer> containers = new ArrayList<>();
        if (Boolean.getBoolean("planner.golden.write")) {
            for (Path f : files) {
                rewrite(f, sourceOf(f));
            }
        }
        for (Path f : files) {
            List<Case> cases = parse(f);
            Router router = PlannerFixture.router();
            containers.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), cases.stream().map(c ->
                    DynamicTest.dynamicTest(c.line() + ": " + c.comment(), () -> {
                        String actual = run(router, c);
                        assertThat(actual).as("%s:%d %s%n%s", c.file(), c.line(), c.comment(), c.sql())
                                .isEqualTo(c.expected());
                    }))));
        }
        return containers.stream();
    }

    static String run(Router router, Case c) {
        SessionView session = SessionView.of(c.schema(), c.tx(), SqlMode.of(c.sqlMode()));
        if (c.params() == null) {
            return router.route(c.sql(), session).describe().strip();
        }
        List<Object> params = new ArrayList<>();
        for (Literal l : Normalizer.normalize("SELECT " + c.params()).literals()) {
            params.add(l.value() instanceof BigDecimal d ? d : l.value());
        }
        if (c.params().strip().equalsIgnoreCase("null")) {
            params.clear();
            params.add(null);
        }
        Router.Prepared p = router.prepare(c.sql(), session);
        return router.execute(p, params, session).describe().strip();
    }

    /** The file under src/test/resources that target/test-classes/planner/x.txt was copied from. */
    private static Path sourceOf(Path compiled) {
        return Path.of("src/test/resources/planner").resolve(compiled.getFileName().toString());
    }

    private static void rewrite(Path compiled, Path source) throws IOException {
        Router router = PlannerFixture.router();
        StringBuilder out = new StringBuilder();
        for (Case c : parse(source)) {
            out.append(c.header()).append(">>>\n").append(run(router, c)).append("\n===\n\n");
        }
        Files.writeString(source, out.toString().strip() + "\n", StandardCharsets.UTF_8);
        Files.writeString(compiled, out.toString().strip() + "\n", StandardCharsets.UTF_8);
    }

    static List<Case> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Case> cases = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            while (i < lines.size() && lines.get(i).isBlank()) {
                i++;
            }
            if (i >= lines.size()) {
                break;
            }
            int start = i + 1;
            StringBuilder comment = new StringBuilder();
            String schema = "shop";
            boolean tx = false;
            String params = null;
            String sqlMode = "";
            StringBuilder sql = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            StringBuilder header = new StringBuilder();
            for (; i < lines.size() && !lines.get(i).equals(">>>"); i++) {
                String l = lines.get(i);
                header.append(l).append('\n');
                if (l.startsWith("# ")) {
                    comment.append(comment.isEmpty() ? "" : " ").append(l.substring(2));
                } else if (l.startsWith("@schema ")) {
                    schema = l.substring(8).strip();
                    schema = schema.equals("-") ? null : schema;
                } else if (l.equals("@tx")) {
                    tx = true;
                } else if (l.startsWith("@sql_mode ")) {
                    sqlMode = l.substring(10).strip();
                } else if (l.startsWith("@params ")) {
                    params = l.substring(8);
                } else {
                    sql.append(sql.isEmpty() ? "" : "\n").append(l);
                }
            }
            for (i++; i < lines.size() && !lines.get(i).equals("==="); i++) {
                expected.append(expected.isEmpty() ? "" : "\n").append(lines.get(i));
            }
            i++;
            cases.add(new Case(file.getFileName().toString(), start, comment.toString(), header.toString(), schema, tx, params, sqlMode,
                    sql.toString(), expected.toString().strip()));
        }
        return cases;
    }
}
