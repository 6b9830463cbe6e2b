package io.shardgate.router.planner;

import io.shardgate.router.sql.Literal;
import io.shardgate.router.sql.SqlTemplate;
import java.util.List;

/**
 * Renders templates for one statement, one shard at a time: literals as written, table holes as the
 * shard's physical names, planner hooks through {@link Hook}s. One per bind; not shared between threads.
 */
final class ShardBinder implements SqlTemplate.Binder {

    /** A planner-computed fragment of the SQL text. */
    @FunctionalInterface
    interface Hook {
        void render(StringBuilder out, ShardBinder binder);
    }

    final List<Literal> literals;
    private final List<CatalogTable> tables;
    private final Hook[] hooks;
    final ShardRouting routing;
    int shard;
    /** {@link #pushedLimit} when a placeholder of the LIMIT is not bound: the shards get {@code LIMIT ?}. */
    static final long UNBOUND_LIMIT = -1;
    /** The LIMIT sent to every shard of a scatter: offset + count, or {@link #UNBOUND_LIMIT}. */
    long pushedLimit;
    /** The id generated for the INSERT row being rendered. */
    long generatedId;

    ShardBinder(List<Literal> literals, List<CatalogTable> tables, Hook[] hooks, ShardRouting routing) {
        this.literals = literals;
        this.tables = tables;
        this.hooks = hooks;
        this.routing = routing;
    }

    ShardBinder at(int shard) {
        this.shard = shard;
        return this;
    }

    @Override
    public void slot(StringBuilder out, int index) {
        out.append(literals.get(index).text());
    }

    @Override
    public void table(StringBuilder out, int ref) {
        out.append(tables.get(ref).topology().location(shard).physicalTable());
    }

    @Override
    public void hook(StringBuilder out, int id) {
        hooks[id].render(out, this);
    }

    String node() {
        return tables.getFirst().topology().location(shard).node();
    }

    /** An IN list on the shard key: only the values of the shard rendered, all of them when it has none. */
    static Hook inList(KeyConditions.InList list) {
        return (out, b) -> {
            int[] shards = b.routing == null ? null : b.routing.inListShards()[list.id()];
            boolean any = false;
            if (shards != null) {
                for (int s : shards) {
                    any |= s == b.shard;
                }
            }
            boolean first = true;
            for (int i = 0; i < list.values().size(); i++) {
                if (any && shards[i] != b.shard) {
                    continue;
                }
                if (!first) {
                    out.append(", ");
                }
                out.append(list.values().get(i).text(b.literals));
                first = false;
            }
        };
    }
}
