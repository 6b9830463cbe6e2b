package io.shardgate.proxy.execute;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.session.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StatementOutput} that keeps what an executor answered: an OK, an ERR, a local result, or the packets
 * a {@link ResponseForwarder} wrote to the client (read from an {@link EmbeddedChannel} standing for the
 * client's socket).
 */
public final class RecordedOutput implements StatementOutput, AutoCloseable {

    private final FakeExecutionContext context;
    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ClientStream stream = new ClientStream(client.pipeline().firstContext(), 1);
    public OkPacket ok;
    public ErrPacket error;
    public LocalResult result;
    public boolean done;
    public boolean failed;

    public RecordedOutput(FakeExecutionContext context) {
        this.context = context;
    }

    /** The packets forwarded to the client, as their payload's first byte in hex and length ("00 len=7"). */
    public List<String> forwarded() {
        List<String> all = new ArrayList<>();
        client.flushOutbound();
        for (Object o = client.readOutbound(); o != null; o = client.readOutbound()) {
            MysqlPacket p = (MysqlPacket) o;
            ByteBuf b = p.payload();
            all.add(String.format("%02x len=%d", b.getUnsignedByte(b.readerIndex()), b.readableBytes()));
            p.release();
        }
        return all;
    }

    @Override
    public ResponseForwarder forwarder() {
        return new ResponseForwarder(context.session(), context.transactions(), stream, false, callback());
    }

    @Override
    public void ok(OkPacket ok) {
        this.ok = ok;
        done = true;
    }

    @Override
    public void error(ErrPacket err) {
        this.error = err;
        done = true;
        failed = true;
    }

    @Override
    public void result(LocalResult result) {
        this.result = result;
        done = true;
    }

    @Override
    public Session session() {
        return context.session();
    }

    @Override
    public ClientStream stream() {
        return stream;
    }

    @Override
    public boolean moreFollows() {
        return false;
    }

    @Override
    public StatementCallback callback() {
        return new StatementCallback() {
            @Override
            public void done(boolean failedNow) {
                done = true;
                failed |= failedNow;
            }

            @Override
            public void fatal(Throwable cause) {
                done = true;
                failed = true;
            }
        };
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
    }
}
