package io.shardgate.router.plan;

import io.shardgate.router.metadata.FoldRule;
import io.shardgate.router.metadata.MetadataRows;
import io.shardgate.router.metadata.TableNames;
import java.util.List;

/**
 * A SHOW statement about one sharded table answered with its logical table ({@code SHOW INDEX}): the statement
 * runs on every physical table, and the answers fold into one by {@link #rule()} (the table named
 * logically, counts such as Cardinality summed over shards, the first shard's rows and columns otherwise).
 *
 * @param schema the schema the statement is about (its rows do not name it)
 */
public record CatalogFold(List<Route> routes, FoldRule rule, String schema, TableNames names) implements Plan {

    public CatalogFold {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a fold needs at least one route");
        }
    }

    /** The answer's rows, in the first route's columns, once every route answered (in order). */
    public List<List<String>> rows(List<MetadataRows> answers) {
        return rule.fold(answers, answers.getFirst(), names, schema);
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        Plan.line(out, indent).append("CatalogFold ").append(routes.size()).append(" shards by ").append(rule.key())
                .append(rule.sum().isEmpty() ? "" : ", summing " + rule.sum().stream().sorted().toList()).append('\n');
        routes.forEach(r -> r.describeTo(out, indent + 1));
    }
}
