package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import java.util.List;

/**
 * What decoding a COM_STMT_EXECUTE needs to remember about its statement between packets: the
 * parameter count from the prepare, the types bound by the last execute that sent them (a client
 * may send types once and then execute with new-params-bound = 0), and which parameters got their
 * value through COM_STMT_SEND_LONG_DATA (those values are left out of the execute packet).
 *
 * <p>Mutable, owned by one session and touched only from its event loop.
 */
public final class PreparedStatementState {

    private final long statementId;
    private final int paramCount;
    private final int columnCount;
    private List<ParameterType> boundTypes;
    private final BitSet longData = new BitSet();

    public PreparedStatementState(long statementId, int paramCount, int columnCount) {
        this.statementId = statementId;
        this.paramCount = paramCount;
        this.columnCount = columnCount;
    }

    public static PreparedStatementState of(ComStmtPrepareOk prepareOk) {
        return new PreparedStatementState(prepareOk.statementId(), prepareOk.paramCount(), prepareOk.columnCount());
    }

    /** The statement id of any COM_STMT_* command payload (bytes 1 to 4). */
    public static long statementIdOf(ByteBuf commandPayload) {
        if (commandPayload.readableBytes() < 5) {
            throw new MalformedPacketException("COM_STMT_*: " + commandPayload.readableBytes()
                    + " bytes, too short for a statement id");
        }
        return commandPayload.getUnsignedIntLE(commandPayload.readerIndex() + 1);
    }

    public long statementId() {
        return statementId;
    }

    public int paramCount() {
        return paramCount;
    }

    public int columnCount() {
        return columnCount;
    }

    /** Types from the last execute that sent them, or null before the first. */
    public List<ParameterType> boundTypes() {
        return boundTypes;
    }

    /** Remembers the types of an execute whose new-params-bound flag was 1. */
    public void bind(List<ParameterType> types) {
        if (types.size() != paramCount) {
            throw new IllegalArgumentException(types.size() + " types for " + paramCount + " parameters");
        }
        this.boundTypes = List.copyOf(types);
    }

    public void markLongData(int paramIndex) {
        if (paramIndex < 0 || paramIndex >= paramCount) {
            throw new IllegalArgumentException("parameter " + paramIndex + " out of range 0.." + (paramCount - 1));
        }
        longData.set(paramIndex);
    }

    public boolean hasLongData(int paramIndex) {
        return longData.get(paramIndex);
    }

    /** After an execute or COM_STMT_RESET the long-data values are consumed. */
    public void clearLongData() {
        longData.clear();
    }
}
