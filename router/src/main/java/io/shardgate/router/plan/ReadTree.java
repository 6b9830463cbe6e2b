package io.shardgate.router.plan;

import io.shardgate.router.merge.MergedStream;
import io.shardgate.router.merge.RowStream;
import java.util.ArrayList;
import java.util.List;

/** Opens a whole read tree on a context: the one entry point executors and tests use. */
public final class ReadTree {

    private ReadTree() {
    }

    /**
     * The rows of {@code tree}, read through {@code context}. Closing the result, or a failure while reading
     * it, closes every shard stream the tree opened.
     *
     * @throws IllegalArgumentException for a tree that does not fit the shards' columns; the shard streams
     *     opened so far are closed first
     */
    public static MergedStream open(ReadPlan tree, ReadContext context) {
        List<RowStream> shards = new ArrayList<>();
        ReadContext recording = new ReadContext() {
            @Override
            public ShardInputs open(MergeShards leaf) {
                ShardInputs inputs = context.open(leaf);
                shards.addAll(inputs.streams());
                return inputs;
            }

            @Override
            public long maxSortRows() {
                return context.maxSortRows();
            }

            @Override
            public long maxJoinRows() {
                return context.maxJoinRows();
            }
        };
        try {
            return new MergedStream(tree.open(recording).rows(), shards);
        } catch (RuntimeException e) {
            for (RowStream s : shards) {
                try {
                    s.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
