package io.shardgate.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.CharsetId;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.TextRow;
import io.shardgate.proxy.protocol.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A backend connection whose server is the test: a real {@link BackendConnection} over an
 * {@link EmbeddedChannel}, so executors run their real protocol code while the test reads the commands they
 * send ({@link #nextCommand}) and answers each (OK, ERR or a text result set). Everything runs on the test's
 * thread, in order.
 */
public final class ScriptedBackend implements AutoCloseable {

    /** What the proxy negotiates with MariaDB: the response shapes the fixtures write. */
    public static final int CAPABILITIES = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.SECURE_CONNECTION | Capabilities.MULTI_RESULTS | Capabilities.PLUGIN_AUTH
            | Capabilities.DEPRECATE_EOF;
    public static final String MARIADB_10_11 = "5.5.5-10.11.19-MariaDB";

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final BackendConnection connection;
    private int sequenceId;

    public ScriptedBackend(String address, long threadId) {
        this(address, threadId, MARIADB_10_11);
    }

    public ScriptedBackend(String address, long threadId, String serverVersion) {
        this.connection = new BackendConnection(channel, address, CAPABILITIES, serverVersion, threadId,
                ServerStatus.AUTOCOMMIT, false);
    }

    public BackendConnection connection() {
        return connection;
    }

    /** The text of the next command sent (after its command byte), or null when nothing was sent. */
    public String nextCommand() {
        MysqlPacket sent = channel.readOutbound();
        if (sent == null) {
            return null;
        }
        try {
            ByteBuf p = sent.payload();
            sequenceId = 1;
            return p.toString(p.readerIndex() + 1, p.readableBytes() - 1, StandardCharsets.UTF_8);
        } finally {
            sent.release();
        }
    }

    /** Every command sent so far, in order. */
    public List<String> commands() {
        List<String> all = new ArrayList<>();
        for (String c = nextCommand(); c != null; c = nextCommand()) {
            all.add(c);
        }
        return all;
    }

    public void ok(long affectedRows, int status) {
        send(b -> OkPacket.of(affectedRows, 0, status, 0).encode(b, CAPABILITIES));
    }

    public void ok() {
        ok(0, ServerStatus.AUTOCOMMIT);
    }

    public void err(int code, String sqlState, String message) {
        send(new ErrPacket(code, sqlState, message)::encode);
    }

    /** A text result set of VARCHAR columns (null values are SQL NULL). */
    public void rows(List<String> columns, List<List<String>> rows) {
        send(b -> WireFormat.writeLengthEncodedInt(b, columns.size()));
        for (String c : columns) {
            send(b -> ColumnDefinition41.of(c, ColumnType.VAR_STRING, CharsetId.UTF8MB4_GENERAL_CI, 256, 0).encode(b));
        }
        for (List<String> row : rows) {
            byte[][] values = row.stream().map(v -> v == null ? null : v.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
            send(TextRow.of(values)::encode);
        }
        send(b -> OkPacket.terminator(ServerStatus.AUTOCOMMIT, 0).encode(b, CAPABILITIES));
    }

    private void send(Consumer<ByteBuf> payload) {
        ByteBuf buf = Unpooled.buffer();
        payload.accept(buf);
        channel.writeInbound(new MysqlPacket(sequenceId++, buf));
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
