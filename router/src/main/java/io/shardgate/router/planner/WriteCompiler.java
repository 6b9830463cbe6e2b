package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Compiles UPDATE and DELETE. Like a SELECT they route on the WHERE clause's shard-key condition (IN lists
 * split per shard); several shards make a {@link io.shardgate.router.plan.Broadcast} whose affected rows add
 * up. An UPDATE may set the shard key only to a value of the shard the rows are on (rows never move): when the
 * WHERE clause does not pin the rows to that shard, the write runs there after a check that no other shard
 * holds a matching row ({@link io.shardgate.router.plan.KeyCheckedWrite}); ORDER BY / LIMIT work on one shard
 * only.
 */
final class WriteCompiler {

    private WriteCompiler() {
    }

    static PlanTemplate compile(ShapeParser.Parsed parsed, ShapeTokens tokens, String schema, ShardCatalog catalog) {
        Expression where;
        boolean orderOrLimit;
        List<UpdateSet> sets = List.of();
        String verb;
        if (parsed.statement() instanceof Update u) {
            where = u.getWhere();
            orderOrLimit = u.getOrderByElements() != null || u.getLimit() != null;
            sets = u.getUpdateSets();
            verb = "UPDATE";
        } else {
            Delete d = (Delete) parsed.statement();
            where = d.getWhere();
            orderOrLimit = d.getOrderByElements() != null || d.getLimit() != null;
            verb = "DELETE";
        }
        StatementTables tables = StatementTables.collect(parsed, tokens, schema, catalog);
        if (tables.sharded().isEmpty()) {
            List<StatementTables.Occurrence> broadcasts = tables.broadcasts();
            if (broadcasts.isEmpty()) {
                return new PassThrough(SelectCompiler.homeNode(tables, schema, catalog), false);
            }
            if (!tables.plain().isEmpty()) {
                return PlanTemplate.fixed(Reject.notSupported(verb + " of broadcast table " + broadcasts.getFirst().name()
                        + " with unsharded table " + tables.plain().getFirst().name()));
            }
            Set<String> nodes = new LinkedHashSet<>();
            broadcasts.forEach(b -> nodes.addAll(b.catalog().topology().nodes()));
            for (StatementTables.Occurrence b : broadcasts) {
                if (!b.catalog().topology().nodes().containsAll(nodes)) {
                    return PlanTemplate.fixed(Reject.notSupported(verb + " joining broadcast tables kept on different nodes"));
                }
            }
            return new BroadcastWrite(List.copyOf(nodes));
        }
        String conflict = tables.shardedConflict();
        if (conflict != null) {
            return PlanTemplate.fixed(Reject.notSupported(conflict));
        }
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        tables.registerTableHoles(builder);
        KeyConditions keys = new KeyConditions(tables, builder);
        KeyCondition key = keys.extract(where);
        List<ValueRef> keyChanges = new ArrayList<>();
        for (UpdateSet set : sets) {
            for (int i = 0; i < set.getColumns().size(); i++) {
                Column c = set.getColumns().get(i);
                CatalogTable keyed = tables.keyTable(c);
                if (keyed == null) {
                    continue;
                }
                Expression value = set.getValues().get(i);
                if (value instanceof Column vc && tables.keyTable(vc) == keyed) {
                    continue; // SET k = k
                }
                ValueRef ref = keys.valueRef(value);
                if (ref == null || keyed.lookup()) {
                    return PlanTemplate.fixed(Reject.notSupported("UPDATE of shard key " + keyed.shardKey() + " of "
                            + keyed.name() + (keyed.lookup() ? " (a lookup table)" : " to an expression")
                            + ": rows cannot move between shards; DELETE and INSERT them instead"));
                }
                keyChanges.add(ref);
            }
        }
        List<ShardBinder.Hook> hooks = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        for (KeyConditions.InList list : keys.inLists()) {
            edits.add(Edit.replace(list.innerStart(), list.innerEnd(), new SqlTemplate.Hook(hooks.size())));
            hooks.add(ShardBinder.inList(list));
        }
        SqlTemplate check = null;
        if (!keyChanges.isEmpty() && parsed.statement() instanceof Update u && tables.sharded().size() == 1
                && tables.occurrences().size() == 1 && u.getTable() != null && tables.hasPosition(u.getTable())
                && (where == null || tables.hasPosition(where))) {
            check = rowCheck(u.getTable(), where, tables, builder);
        }
        return new WriteTemplate(verb, List.copyOf(tables.sharded()), key, keys.inLists().size(),
                hooks.toArray(ShardBinder.Hook[]::new), builder.template(edits), keyChanges, orderOrLimit, check);
    }

    /**
     * {@code SELECT 1 FROM t [alias] WHERE ... LIMIT 1 FOR UPDATE}: whether a shard holds a row the UPDATE's
     * WHERE clause matches, locking it as the UPDATE would.
     */
    private static SqlTemplate rowCheck(Table table, Expression where, StatementTables tables,
                                        SqlTemplateBuilder builder) {
        List<SqlTemplate.Piece> pieces = new ArrayList<>();
        pieces.add(new SqlTemplate.Text("SELECT 1 FROM "));
        int end = tables.end(table);
        pieces.addAll(builder.copy(tables.start(table), end));
        if (table.getAlias() != null && !builder.shape().substring(tables.start(table), end)
                .endsWith(table.getAlias().getName())) {
            pieces.add(new SqlTemplate.Text(" " + table.getAlias().getName()));
        }
        if (where != null) {
            pieces.add(new SqlTemplate.Text(" WHERE "));
            pieces.addAll(builder.copy(tables.start(where), tables.end(where)));
        }
        pieces.add(new SqlTemplate.Text(" LIMIT 1 FOR UPDATE"));
        return SqlTemplate.of(pieces);
    }
}
