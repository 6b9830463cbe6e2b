package io.shardgate.router.planner;

import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeParser;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import io.shardgate.router.sql.SqlTemplateBuilder.Edit;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Compiles INSERT and REPLACE (VALUES with one or many rows, or SET; with ON DUPLICATE KEY UPDATE) into an
 * {@link InsertTemplate}: the statement split into a prefix, one template per row and a suffix, so that
 * each shard gets one INSERT holding exactly its rows. The key generator's column is added where the
 * statement omits it (or gives NULL, or a literal 0 decided at bind time).
 */
final class InsertCompiler {

    /** The parts of INSERT / REPLACE the planner needs. */
    private record Parts(Table table, List<Column> columns, List<ExpressionList<?>> rows, List<UpdateSet> set,
                         Select select, List<UpdateSet> onDuplicate) {
    }

    private InsertCompiler() {
    }

    static PlanTemplate compile(ShapeParser.Parsed parsed, ShapeTokens tokens, String schema, PlanCompiler compiler) {
        ShardCatalog catalog = compiler.catalog();
        Parts parts = parts(parsed);
        StatementTables tables = StatementTables.collect(parsed, tokens, schema, catalog);
        StatementTables.Occurrence target = tables.occurrences().stream()
                .filter(o -> o.table() == parts.table()).findFirst().orElseThrow();
        if (parts.select() != null && (target.catalog() != null || tables.occurrences().stream()
                .anyMatch(o -> o != target && (o.sharded() || o.broadcast())))) {
            if (target.catalog() != null) {
                checkOnDuplicate(parts.onDuplicate(), target.catalog(), tables);
            }
            return InsertSelectCompiler.compile(compiler, tokens, schema, tables, target.catalog(), target.end(),
                    parts.columns(), parts.select());
        }
        for (StatementTables.Occurrence o : tables.occurrences()) {
            if (o != target && (o.sharded() || o.broadcast() && target.catalog() == null)) {
                return PlanTemplate.fixed(Reject.notSupported("INSERT into " + target.name() + " reading "
                        + (o.sharded() ? "sharded" : "broadcast") + " table " + o.name()));
            }
        }
        CatalogTable table = target.catalog();
        if (table == null) {
            return new PassThrough(SelectCompiler.homeNode(tables, schema, catalog), false);
        }
        if (!table.broadcast() && !tables.plain().isEmpty()) {
            return PlanTemplate.fixed(Reject.notSupported("INSERT into sharded table " + table.name()
                    + " reading unsharded table " + tables.plain().getFirst().name()));
        }
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        tables.registerTableHoles(builder);
        KeyConditions values = new KeyConditions(tables, builder);
        checkOnDuplicate(parts.onDuplicate(), table, tables);
        return parts.set() != null
                ? setForm(parts, table, tables, builder, values)
                : valuesForm(parts, table, tables, builder, values);
    }

    private static Parts parts(ShapeParser.Parsed parsed) {
        if (parsed.statement() instanceof Insert i) {
            return new Parts(i.getTable(), columns(i.getColumns()), rows(i.getSelect()), i.getSetUpdateSets(),
                    i.getSelect() instanceof Values ? null : i.getSelect(), i.getDuplicateUpdateSets());
        }
        Upsert u = (Upsert) parsed.statement();
        return new Parts(u.getTable(), columns(u.getColumns()), rows(u.getSelect()), u.getUpdateSets(),
                u.getSelect() instanceof Values ? null : u.getSelect(), u.getDuplicateUpdateSets());
    }

    private static List<Column> columns(ExpressionList<Column> columns) {
        return columns == null ? null : new ArrayList<>(columns);
    }

    /** VALUES rows; a single row comes as the bare parenthesized list. */
    private static List<ExpressionList<?>> rows(Select select) {
        if (!(select instanceof Values v)) {
            return null;
        }
        ExpressionList<?> list = v.getExpressions();
        List<ExpressionList<?>> rows = new ArrayList<>();
        if (list instanceof ParenthesedExpressionList<?>) {
            rows.add(list);
        } else {
            for (Expression row : list) {
                if (!(row instanceof ParenthesedExpressionList<?> r)) {
                    throw PlanException.notSupported("VALUES row " + row + " is not a parenthesized list");
                }
                rows.add(r);
            }
        }
        return rows;
    }

    private static void checkOnDuplicate(List<UpdateSet> sets, CatalogTable table, StatementTables tables) {
        if (sets == null || table.broadcast()) {
            return;
        }
        for (UpdateSet set : sets) {
            for (int i = 0; i < set.getColumns().size(); i++) {
                Column c = set.getColumns().get(i);
                if (!table.isShardKey(StatementTables.unquote(c.getColumnName()))) {
                    continue;
                }
                Expression v = set.getValues().get(i);
                boolean same = v instanceof Column vc && table.isShardKey(StatementTables.unquote(vc.getColumnName()))
                        || v instanceof Function f && "VALUES".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                        && f.getParameters().size() == 1 && f.getParameters().getFirst() instanceof Column pc
                        && table.isShardKey(StatementTables.unquote(pc.getColumnName()));
                if (!same) {
                    throw PlanException.notSupported("ON DUPLICATE KEY UPDATE of shard key " + table.shardKey()
                            + " of " + table.name() + " (rows cannot move between shards)");
                }
            }
        }
    }

    private static PlanTemplate valuesForm(Parts parts, CatalogTable table, StatementTables tables,
                                           SqlTemplateBuilder builder, KeyConditions values) {
        List<Column> columns = parts.columns();
        if (columns == null || columns.isEmpty()) {
            if (table.broadcast() && table.generatedColumn() == null) {
                return new BroadcastWrite(table.topology().nodes());
            }
            throw PlanException.notSupported("INSERT into " + table.name() + " without a column list (shardgate "
                    + "needs the column list to find " + (table.broadcast() ? "the generated column "
                    + table.generatedColumn() : "shard key " + table.shardKey()) + ")");
        }
        int keyIndex = indexOf(columns, table.shardKey());
        int genIndex = indexOf(columns, table.generatedColumn());
        boolean keyIsGenerated = table.generatedColumn() != null && table.generatedColumn().equalsIgnoreCase(table.shardKey());
        if (!table.broadcast() && keyIndex < 0 && !keyIsGenerated) {
            throw PlanException.notSupported("INSERT into sharded table " + table.name() + " must give the shard key "
                    + table.shardKey() + (table.generatedColumn() == null ? "" : " (only "
                    + table.generatedColumn() + " is generated)"));
        }
        List<ExpressionList<?>> rows = parts.rows();
        List<ShardBinder.Hook> hooks = new ArrayList<>();
        List<Edit> prefixEdits = new ArrayList<>();
        if (table.generatedColumn() != null && genIndex < 0) {
            prefixEdits.add(Edit.insert(tables.end(columns.getLast()), ", " + table.generatedColumn()));
        }
        int[][] ranges = rowRanges(builder.shape(), rows.size());
        int firstRow = ranges[0][0];
        int lastRow = ranges[rows.size() - 1][1];
        List<InsertTemplate.Row> compiled = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            ExpressionList<?> row = rows.get(r);
            if (row.size() != columns.size()) {
                throw new PlanException(new Reject(1136, "21S01", "Column count doesn't match value count at row " + (r + 1)));
            }
            List<Edit> rowEdits = new ArrayList<>();
            InsertTemplate.Generation gen = generation(table, genIndex < 0 ? null : row.get(genIndex), tables,
                    values, hooks, rowEdits, ranges[r][1] - 1);
            ValueRef key = null;
            if (!table.broadcast() && !(keyIsGenerated && gen != InsertTemplate.Generation.NONE && keyIndex < 0)) {
                key = keyValue(table, row.get(keyIndex), values, keyIsGenerated);
            }
            compiled.add(new InsertTemplate.Row(builder.template(ranges[r][0], ranges[r][1], rowEdits), key,
                    gen, genIndex < 0 ? null : values.valueRef(row.get(genIndex))));
        }
        return new InsertTemplate(table, builder.template(0, firstRow, prefixEdits), compiled,
                builder.template(lastRow, builder.shape().length(), List.of()), hooks.toArray(ShardBinder.Hook[]::new),
                keyIsGenerated);
    }

    /**
     * The shape ranges of the VALUES rows, {@code (} to {@code )} inclusive: the parser does not place a
     * single row, so the rows are found as the parenthesized groups after VALUES.
     */
    private static int[][] rowRanges(String shape, int count) {
        ShapeTokens tokens = ShapeTokens.of(shape);
        int at = tokens.find(0, "VALUES", 0);
        if (at < 0) {
            at = tokens.find(0, "VALUE", 0);
        }
        int[][] ranges = new int[count][];
        int r = 0;
        int i = at + 1;
        while (at >= 0 && r < count && i < tokens.size() && tokens.get(i).isPunct('(') && tokens.get(i).depth() == 0) {
            int close = i + 1;
            while (close < tokens.size() && !(tokens.get(close).isPunct(')') && tokens.get(close).depth() == 0)) {
                close++;
            }
            if (close >= tokens.size()) {
                break;
            }
            ranges[r++] = new int[] {tokens.get(i).start(), tokens.get(close).end()};
            i = close + 1;
            if (i < tokens.size() && tokens.get(i).isPunct(',')) {
                i++;
            }
        }
        if (r != count) {
            throw PlanException.notSupported("this VALUES form (shardgate found " + r + " of " + count + " rows)");
        }
        return ranges;
    }

    private static PlanTemplate setForm(Parts parts, CatalogTable table, StatementTables tables,
                                        SqlTemplateBuilder builder, KeyConditions values) {
        List<Column> columns = new ArrayList<>();
        List<Expression> exprs = new ArrayList<>();
        for (UpdateSet set : parts.set()) {
            for (int i = 0; i < set.getColumns().size(); i++) {
                columns.add(set.getColumns().get(i));
                exprs.add(set.getValues().get(i));
            }
        }
        int keyIndex = indexOf(columns, table.shardKey());
        int genIndex = indexOf(columns, table.generatedColumn());
        boolean keyIsGenerated = table.generatedColumn() != null && table.generatedColumn().equalsIgnoreCase(table.shardKey());
        if (!table.broadcast() && keyIndex < 0 && !keyIsGenerated) {
            throw PlanException.notSupported("INSERT into sharded table " + table.name() + " must set the shard key "
                    + table.shardKey());
        }
        List<ShardBinder.Hook> hooks = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        InsertTemplate.Generation gen;
        if (table.generatedColumn() != null && genIndex < 0) {
            edits.add(Edit.insert(tables.end(exprs.getLast()), List.of(
                    new SqlTemplate.Text(", " + table.generatedColumn() + " = "), new SqlTemplate.Hook(hooks.size()))));
            hooks.add((out, b) -> out.append(b.generatedId));
            gen = InsertTemplate.Generation.ALWAYS;
        } else {
            gen = generation(table, genIndex < 0 ? null : exprs.get(genIndex), tables, values, hooks, edits, -1);
        }
        ValueRef key = null;
        if (!table.broadcast() && !(keyIsGenerated && keyIndex < 0)) {
            key = keyValue(table, exprs.get(keyIndex), values, keyIsGenerated);
        }
        SqlTemplate whole = builder.template(edits);
        InsertTemplate.Row row = new InsertTemplate.Row(whole, key, gen,
                genIndex < 0 ? null : values.valueRef(exprs.get(genIndex)));
        SqlTemplate nothing = SqlTemplate.of(List.of());
        return new InsertTemplate(table, nothing, List.of(row), nothing, hooks.toArray(ShardBinder.Hook[]::new),
                keyIsGenerated);
    }

    /**
     * How a row gets its generated id: the column is absent (append, at {@code appendAt} before the row's
     * closing parenthesis), NULL (replace), a literal (0 or NULL at bind time means generate), or an
     * expression the client computes (no generation).
     */
    private static InsertTemplate.Generation generation(CatalogTable table, Expression value, StatementTables tables,
                                                        KeyConditions values, List<ShardBinder.Hook> hooks,
                                                        List<Edit> edits, int appendAt) {
        if (table.generatedColumn() == null) {
            return InsertTemplate.Generation.NONE;
        }
        int hook = hooks.size();
        if (value == null) {
            hooks.add((out, b) -> out.append(b.generatedId));
            edits.add(Edit.insert(appendAt, List.of(new SqlTemplate.Text(", "), new SqlTemplate.Hook(hook))));
            return InsertTemplate.Generation.ALWAYS;
        }
        if (value instanceof NullValue || isDefault(value, table.generatedColumn())) {
            hooks.add((out, b) -> out.append(b.generatedId));
            edits.add(Edit.replace(tables.start(value), tables.end(value), new SqlTemplate.Hook(hook)));
            return InsertTemplate.Generation.ALWAYS;
        }
        ValueRef ref = values.valueRef(value);
        if (ref == null) {
            return InsertTemplate.Generation.NONE;
        }
        hooks.add((out, b) -> {
            if (b.generatedId != 0) {
                out.append(b.generatedId);
            } else {
                out.append(ref.text(b.literals));
            }
        });
        edits.add(Edit.replace(tables.start(value), tables.end(value), new SqlTemplate.Hook(hook)));
        return InsertTemplate.Generation.WHEN_ZERO_OR_NULL;
    }

    /**
     * {@code DEFAULT} or {@code DEFAULT(column)} for the generated column: the column's default is what the key
     * generator stands for (Sequelize's {@code create()} writes {@code VALUES (DEFAULT, ...)}); left to the
     * backend, AUTO_INCREMENT would give the same id on every shard. JSqlParser reads a bare DEFAULT as a column
     * named DEFAULT; a backquoted {@code `DEFAULT`} is a real column reference and stays one.
     */
    static boolean isDefault(Expression value, String column) {
        if (value instanceof Column c) {
            return c.getTable() == null && "DEFAULT".equalsIgnoreCase(c.getColumnName());
        }
        if (value instanceof Function f && "DEFAULT".equalsIgnoreCase(f.getName()) && f.getParameters() != null
                && f.getParameters().size() == 1 && f.getParameters().get(0) instanceof Column c) {
            return column != null && StatementTables.unquote(c.getColumnName()).equalsIgnoreCase(column);
        }
        return false;
    }

    private static ValueRef keyValue(CatalogTable table, Expression value, KeyConditions values, boolean generated) {
        if (value instanceof NullValue || generated && isDefault(value, table.generatedColumn())) {
            if (generated) {
                return null;
            }
            throw PlanException.notSupported("INSERT into " + table.name() + " with NULL shard key " + table.shardKey());
        }
        ValueRef ref = values.valueRef(value);
        if (ref == null) {
            throw PlanException.notSupported("INSERT into " + table.name() + " with shard key " + table.shardKey()
                    + " given by an expression; shardgate routes on literal values");
        }
        return ref;
    }

    private static int indexOf(List<Column> columns, String name) {
        if (name == null || columns == null) {
            return -1;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (StatementTables.unquote(columns.get(i).getColumnName()).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
