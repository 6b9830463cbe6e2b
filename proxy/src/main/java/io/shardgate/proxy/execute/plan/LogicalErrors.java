package io.shardgate.proxy.execute.plan;

import io.shardgate.proxy.execute.DelegatingOutput;
import io.shardgate.proxy.execute.LogicalTableNames;
import io.shardgate.proxy.execute.ResponseForwarder;
import io.shardgate.proxy.execute.StatementOutput;
import io.shardgate.proxy.protocol.ErrPacket;

/**
 * A statement's output whose errors name logical tables: a shard's {@code Table 'shop.orders_0002' doesn't
 * exist} that reaches the client as an ERR the proxy writes (a write over several shards, a metadata read)
 * says {@code orders}. Forwarded responses rename in the forwarder ({@link ResponseForwarder#renaming}).
 */
record LogicalErrors(StatementOutput delegate, LogicalTableNames names) implements DelegatingOutput {

    @Override
    public void error(ErrPacket err) {
        delegate.error(names.rename(err));
    }
}
