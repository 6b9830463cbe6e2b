package io.shardgate.proxy.frontend;

import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ComStmtExecute;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.MysqlDateTime;
import io.shardgate.proxy.protocol.ParameterType;
import io.shardgate.proxy.protocol.PreparedStatementState;
import io.shardgate.router.Router;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A server-side prepared statement the proxy routes itself (its plan spans shards, or depends on the
 * parameters): the router compiled it once at PREPARE; each EXECUTE binds the parameters into a plan. The
 * parameter types the client bound stay until it binds new ones, and COM_STMT_SEND_LONG_DATA chunks
 * collect here until the next EXECUTE.
 */
final class RoutedStatement {

    private final Router.Prepared handle;
    private final PreparedStatementState state;
    private final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();

    RoutedStatement(Router.Prepared handle, PreparedStatementState state) {
        this.handle = handle;
        this.state = state;
    }

    Router.Prepared handle() {
        return handle;
    }

    PreparedStatementState state() {
        return state;
    }

    void appendLongData(int param, byte[] chunk) {
        if (param >= 0 && param < state.paramCount()) {
            longData.computeIfAbsent(param, p -> new ByteArrayOutputStream()).writeBytes(chunk);
            state.markLongData(param);
        }
    }

    void reset() {
        longData.clear();
        state.clearLongData();
    }

    /**
     * The execution's parameter values as the router binds them: strings for text types (decoded with the
     * connection's charset), byte[] for blobs and for text-typed bytes that are not valid in that charset
     * (a C client may send a BLOB's bytes as MYSQL_TYPE_STRING: decoding would replace them), numbers and
     * temporals as decoded. Long data comes whole from the COM_STMT_SEND_LONG_DATA chunks.
     *
     * @throws MalformedPacketException when the packet does not fit the statement
     */
    List<Object> parameters(ComStmtExecute execute, Charset charset) {
        if (execute.newParamsBound()) {
            state.bind(execute.parameterTypes());
        }
        List<Object> values = new ArrayList<>(execute.values().size());
        for (int i = 0; i < execute.values().size(); i++) {
            Object v = execute.values().get(i);
            if (v == ComStmtExecute.LongData.SENT_SEPARATELY) {
                ByteArrayOutputStream data = longData.get(i);
                v = data == null ? new byte[0] : data.toByteArray();
            }
            values.add(bindable(v, execute.parameterTypes().get(i), charset));
        }
        reset();
        return values;
    }

    private static Object bindable(Object value, ParameterType type, Charset charset) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> isBlob(type.type()) ? bytes : text(bytes, charset);
            case Duration d -> time(d);
            case MysqlDateTime t -> t.toString();
            default -> value;
        };
    }

    /** The bytes as a string when they are valid in {@code charset}, else the bytes themselves (kept exact). */
    private static Object text(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return bytes;
        }
    }

    private static boolean isBlob(ColumnType type) {
        return type == ColumnType.BLOB || type == ColumnType.TINY_BLOB || type == ColumnType.MEDIUM_BLOB
                || type == ColumnType.LONG_BLOB;
    }

    /** TIME parameters as 'hh:mm:ss[.ffffff]' text, sign and hours past 24 kept. */
    private static String time(Duration d) {
        boolean negative = d.isNegative();
        Duration a = d.abs();
        long seconds = a.getSeconds();
        String text = String.format("%s%02d:%02d:%02d", negative ? "-" : "", seconds / 3600, (seconds / 60) % 60,
                seconds % 60);
        return a.getNano() == 0 ? text : text + String.format(".%06d", a.getNano() / 1000);
    }
}
