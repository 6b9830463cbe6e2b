package io.shardgate.router.planner;

import io.shardgate.router.plan.InsertSelect;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.ShapeTokens;
import java.util.List;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Compiles {@code INSERT / REPLACE ... SELECT} that reads a sharded or broadcast table, or writes one, into an
 * {@link InsertSelectTemplate}: the SELECT as a statement of its own ({@link Substatement}), the INSERT's text
 * before it (keywords, target, column list) and after it (ON DUPLICATE KEY UPDATE) kept to be written around
 * the SELECT's rows. The SELECT is found by its tokens: the first top-level SELECT or WITH (or a parenthesis
 * opening one) after the target; it ends where a top-level {@code ON DUPLICATE} begins, or with the statement.
 * A statement whose rows stay on their shard runs whole on every shard instead ({@link ColocatedInsertSelect}).
 */
final class InsertSelectCompiler {

    private InsertSelectCompiler() {
    }

    /**
     * @param target the INSERT's target table; null when it is neither sharded nor broadcast
     * @param hasColumns the INSERT names its columns
     */
    static PlanTemplate compile(PlanCompiler compiler, ShapeTokens tokens, String schema, StatementTables tables,
                                CatalogTable target, int targetEnd, List<Column> columns, Select parsedSelect) {
        boolean hasColumns = columns != null && !columns.isEmpty();
        if (target != null && !hasColumns && !(target.broadcast() && target.generatedColumn() == null)) {
            return PlanTemplate.fixed(Reject.notSupported("INSERT ... SELECT into " + target.name() + " without a "
                    + "column list (shardgate needs the column list to find " + (target.broadcast()
                    ? "the generated column " + target.generatedColumn() : "shard key " + target.shardKey()) + ")"));
        }
        int select = selectStart(tokens, targetEnd);
        if (select < 0) {
            return PlanTemplate.fixed(Reject.notSupported("this INSERT ... SELECT form"));
        }
        int start = tokens.get(select).start();
        int end = selectEnd(tokens, select);
        PlanTemplate pushed = ColocatedInsertSelect.compile(tokens, tables, target, hasColumns ? columns : null,
                parsedSelect, start, end);
        if (pushed != null) {
            return pushed;
        }
        return new InsertSelectTemplate(Substatement.text(tokens, 0, start),
                Substatement.of(compiler, tokens, start, end, schema),
                Substatement.text(tokens, end, tokens.shape().length()), conflict(tokens, select, end));
    }

    /** IGNORE wins over ON DUPLICATE KEY UPDATE in what MariaDB counts as duplicates (rows not written). */
    private static InsertSelect.Conflict conflict(ShapeTokens tokens, int select, int selectEnd) {
        if (tokens.firstWord().equals("REPLACE")) {
            return InsertSelect.Conflict.REPLACE;
        }
        for (int i = 0; i < select; i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).is("IGNORE")) {
                return InsertSelect.Conflict.IGNORE;
            }
        }
        return selectEnd < tokens.shape().length() ? InsertSelect.Conflict.UPDATE : InsertSelect.Conflict.ERROR;
    }

    /** Index of the token opening the SELECT: a top-level SELECT / WITH, or a '(' right before one; or -1. */
    private static int selectStart(ShapeTokens tokens, int after) {
        for (int i = 0; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.start() < after || t.depth() != 0) {
                continue;
            }
            if (t.is("SELECT") || t.is("WITH")) {
                return i;
            }
            if (t.isPunct('(') && i + 1 < tokens.size() && (tokens.get(i + 1).is("SELECT") || tokens.get(i + 1).is("WITH"))) {
                return i;
            }
        }
        return -1;
    }

    /** Offset where the SELECT ends: before a top-level {@code ON DUPLICATE} after it, or the statement's end. */
    private static int selectEnd(ShapeTokens tokens, int from) {
        for (int i = from + 1; i + 1 < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.depth() == 0 && t.is("ON") && tokens.get(i + 1).is("DUPLICATE")) {
                return tokens.get(i - 1).end();
            }
        }
        return tokens.shape().length();
    }
}
