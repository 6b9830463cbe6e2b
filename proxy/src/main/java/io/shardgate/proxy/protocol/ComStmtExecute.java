package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * COM_STMT_EXECUTE: statement id, cursor flags, iteration count (always 1), and when the
 * statement has parameters a NULL bitmap (offset 0), the new-params-bound flag, the types if
 * that flag is set, then the non-NULL values in binary form.
 *
 * <p>Decoding is pure: it takes the types from the packet or, when not sent, from
 * {@link PreparedStatementState#boundTypes()}; the caller then calls
 * {@link PreparedStatementState#bind} when {@link #newParamsBound()} and clears long data.
 * MySQL 8's query attributes (CLIENT_QUERY_ATTRIBUTES) are not supported: the proxy does not offer
 * that capability.
 *
 * @param parameterTypes the types in effect for this execution (sent or previously bound)
 * @param values         one per parameter: null for NULL, {@link LongData#SENT_SEPARATELY} for
 *                       a value sent with COM_STMT_SEND_LONG_DATA, else as {@link BinaryValue}
 *                       decodes it with string-like values as byte[]
 */
public record ComStmtExecute(long statementId, int flags, long iterationCount, boolean newParamsBound,
                             List<ParameterType> parameterTypes, List<Object> values) {

    /** Cursor flags (the flags byte). */
    public static final int CURSOR_TYPE_NO_CURSOR = 0;
    public static final int CURSOR_TYPE_READ_ONLY = 1;

    /** Stands for a parameter whose value arrived through COM_STMT_SEND_LONG_DATA. */
    public enum LongData { SENT_SEPARATELY }

    public ComStmtExecute {
        parameterTypes = List.copyOf(parameterTypes);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (parameterTypes.size() != values.size()) {
            throw new IllegalArgumentException(values.size() + " values for " + parameterTypes.size() + " types");
        }
    }

    public static ComStmtExecute decode(ByteBuf payload, PreparedStatementState state) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != Command.STMT_EXECUTE.code()) {
                throw MalformedPacketException.badHeader("COM_STMT_EXECUTE", Command.STMT_EXECUTE.code(), header);
            }
            long statementId = buf.readUnsignedIntLE();
            if (statementId != state.statementId()) {
                throw new MalformedPacketException("COM_STMT_EXECUTE: statement id " + statementId
                        + " decoded with the state of statement " + state.statementId());
            }
            int flags = buf.readUnsignedByte();
            long iterations = buf.readUnsignedIntLE();
            int count = state.paramCount();
            if (count == 0) {
                return new ComStmtExecute(statementId, flags, iterations, false, List.of(), List.of());
            }
            byte[] nullBitmap = new byte[(count + 7) / 8];
            buf.readBytes(nullBitmap);
            boolean newBound = buf.readUnsignedByte() == 1;
            List<ParameterType> types;
            if (newBound) {
                types = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    types.add(ParameterType.of(buf.readUnsignedShortLE()));
                }
            } else if (state.boundTypes() != null) {
                types = state.boundTypes();
            } else {
                throw new MalformedPacketException("COM_STMT_EXECUTE: statement " + statementId
                        + " has no parameter types bound and the packet sends none");
            }
            List<Object> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if ((nullBitmap[i >> 3] & (1 << (i & 7))) != 0) {
                    values.add(null);
                } else if (state.hasLongData(i)) {
                    values.add(LongData.SENT_SEPARATELY);
                } else {
                    ParameterType type = types.get(i);
                    values.add(BinaryValue.read(buf, type.type(), type.unsigned(), null));
                }
            }
            return new ComStmtExecute(statementId, flags, iterations, newBound, types, values);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_STMT_EXECUTE", e);
        }
    }

    /** @param charset for String values of string-like parameters (byte[] values are written as is) */
    public void encode(ByteBuf out, Charset charset) {
        out.writeByte(Command.STMT_EXECUTE.code()).writeIntLE((int) statementId).writeByte(flags)
                .writeIntLE((int) iterationCount);
        int count = values.size();
        if (count == 0) {
            return;
        }
        byte[] nullBitmap = new byte[(count + 7) / 8];
        for (int i = 0; i < count; i++) {
            if (values.get(i) == null) {
                nullBitmap[i >> 3] |= (byte) (1 << (i & 7));
            }
        }
        out.writeBytes(nullBitmap);
        out.writeByte(newParamsBound ? 1 : 0);
        if (newParamsBound) {
            for (ParameterType type : parameterTypes) {
                out.writeShortLE(type.code());
            }
        }
        for (int i = 0; i < count; i++) {
            Object value = values.get(i);
            if (value != null && value != LongData.SENT_SEPARATELY) {
                BinaryValue.write(out, parameterTypes.get(i).type(), value, charset);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComStmtExecute other && statementId == other.statementId && flags == other.flags
                && iterationCount == other.iterationCount && newParamsBound == other.newParamsBound
                && parameterTypes.equals(other.parameterTypes)
                && java.util.Arrays.deepEquals(values.toArray(), other.values.toArray());
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(statementId, flags, parameterTypes) * 31
                + java.util.Arrays.deepHashCode(values.toArray());
    }
}
