package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A command packet with a text argument (COM_QUERY, COM_INIT_DB, COM_STMT_PREPARE), encoded in the charset the
 * backend connection reads it in: the session's {@code character_set_client}, which every connection serving
 * the session is synced to. Sequence id 0, as every command starts.
 */
public final class CommandPacket {

    private CommandPacket() {
    }

    public static MysqlPacket of(Command command, String argument, Charset charset) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer(1 + argument.length());
        buf.writeByte(command.code());
        if (charset == StandardCharsets.UTF_8) {
            buf.writeCharSequence(argument, StandardCharsets.UTF_8);
        } else {
            buf.writeBytes(argument.getBytes(charset));
        }
        return new MysqlPacket(0, buf);
    }

    /** COM_QUERY. */
    public static MysqlPacket query(String sql, Charset charset) {
        return of(Command.QUERY, sql, charset);
    }
}
