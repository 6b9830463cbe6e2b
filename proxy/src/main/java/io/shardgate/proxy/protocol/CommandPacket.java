package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
        // Sized exactly: writeCharSequence would first make room for 3 bytes per char, reallocating (and copying)
        // the buffer for every statement (a sharded point select's profile showed it).
        ByteBuf buf;
        if (charset == StandardCharsets.UTF_8) {
            int length = ByteBufUtil.utf8Bytes(argument);
            buf = PooledByteBufAllocator.DEFAULT.buffer(1 + length);
            buf.writeByte(command.code());
            ByteBufUtil.reserveAndWriteUtf8(buf, argument, length);
        } else {
            byte[] bytes = argument.getBytes(charset);
            buf = PooledByteBufAllocator.DEFAULT.buffer(1 + bytes.length);
            buf.writeByte(command.code()).writeBytes(bytes);
        }
        return new MysqlPacket(0, buf);
    }

    /** COM_QUERY. */
    public static MysqlPacket query(String sql, Charset charset) {
        return of(Command.QUERY, sql, charset);
    }
}
