package io.shardgate.router.plan;

import io.shardgate.router.metadata.DerivedTable;
import io.shardgate.router.metadata.MetadataRows;
import io.shardgate.router.metadata.MetadataView;
import io.shardgate.router.metadata.TableNames;
import io.shardgate.router.sql.SqlMode;
import java.util.List;

/**
 * A query over information_schema views that name tables (TABLES, COLUMNS, STATISTICS ...), answered as one
 * server would: with logical tables. Each view the query reads is a {@link Source}: the executor runs its
 * {@link Source#gathers() gathers} (what each node knows about the physical tables, and about the schemas
 * another node owns), {@link DerivedTable folds} the rows into logical ones, and runs the client's query on
 * {@link #asWritten()}'s node with each view replaced by a derived table of the node's own rows plus the
 * folded ones ({@link #sql}). The query itself is never taken apart, so any predicate, join or aggregate
 * works as written.
 *
 * @param asWritten the query as the client wrote it, on the node that answers (its columns are the
 *     answer's: a PREPARE asks it for them)
 * @param text the query's text around the view references: one more piece than {@code references}
 * @param references per reference to a view, in order: the source it reads and the alias to give the derived
 *     table (null when the query gives one)
 * @param names the logical table of each physical table, for the fold
 */
public record CatalogRead(Route asWritten, List<String> text, List<Reference> references, List<Source> sources,
                          TableNames names) implements Plan {

    /** One view reference of the query. */
    public record Reference(int source, String alias) {
    }

    /**
     * One view the query reads.
     *
     * @param ownRows the condition that keeps the answering node's own rows (null: all)
     * @param gathers the queries whose rows are folded in, the answering node's first
     */
    public record Source(MetadataView view, String ownRows, List<Route> gathers) {

        public Source {
            gathers = List.copyOf(gathers);
        }
    }

    public CatalogRead {
        text = List.copyOf(text);
        references = List.copyOf(references);
        sources = List.copyOf(sources);
        if (text.size() != references.size() + 1) {
            throw new IllegalArgumentException(text.size() + " text pieces around " + references.size() + " references");
        }
    }

    /**
     * The query for the answering node once the gathers returned.
     *
     * @param gathered per source, the rows of each of its gathers in order
     * @param mode how the answering connection reads string literals
     */
    public String sql(List<List<MetadataRows>> gathered, SqlMode mode) {
        String[] derived = new String[sources.size()];
        for (int i = 0; i < derived.length; i++) {
            Source s = sources.get(i);
            derived[i] = DerivedTable.of(s.view(), s.ownRows(), gathered.get(i), names, mode);
        }
        StringBuilder sql = new StringBuilder(text.getFirst());
        for (int i = 0; i < references.size(); i++) {
            Reference r = references.get(i);
            sql.append(derived[r.source()]);
            if (r.alias() != null) {
                sql.append(" AS ").append(SqlMode.quoteIdentifier(r.alias()));
            }
            sql.append(text.get(i + 1));
        }
        return sql.toString();
    }

    @Override
    public void describeTo(StringBuilder out, int indent) {
        StringBuilder line = Plan.line(out, indent).append("CatalogRead ").append(asWritten.node())
                .append(asWritten.primaryRequired() ? " primary: " : " any: ").append(text.getFirst());
        for (int i = 0; i < references.size(); i++) {
            line.append('{').append(sources.get(references.get(i).source()).view()).append('}').append(text.get(i + 1));
        }
        out.append('\n');
        for (Source s : sources) {
            Plan.line(out, indent + 1).append(s.view()).append(": own rows")
                    .append(s.ownRows() == null ? "" : " where " + s.ownRows()).append(", folded with\n");
            s.gathers().forEach(g -> g.describeTo(out, indent + 2));
        }
    }
}
