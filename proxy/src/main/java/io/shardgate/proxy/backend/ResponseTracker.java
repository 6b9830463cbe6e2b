package io.shardgate.proxy.backend;

import io.netty.buffer.ByteBuf;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.EofPacket;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MalformedPacketException;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.protocol.WireFormat;

/**
 * Knows, per command, when a server's response is complete, and labels every packet on the way
 * ({@link PacketKind}). Pure state machine over payloads: no Netty channel, no I/O; it reads
 * payloads by index and never moves their reader index.
 *
 * <p>Responses it understands:
 * <ul>
 *   <li>OK or ERR (COM_PING, COM_INIT_DB, COM_RESET_CONNECTION, COM_STMT_RESET, COM_PROCESS_KILL ...);
 *       COM_SET_OPTION and COM_DEBUG may answer EOF instead of OK;</li>
 *   <li>result sets (COM_QUERY, COM_STMT_EXECUTE, COM_PROCESS_INFO): column count, definitions,
 *       an EOF unless DEPRECATE_EOF, rows, then a terminator; an OK or terminator with
 *       SERVER_MORE_RESULTS_EXISTS means another result follows. A statement opened with a cursor
 *       ends after its definitions (status CURSOR_EXISTS); its rows come through COM_STMT_FETCH,
 *       which answers rows and a terminator;</li>
 *   <li>COM_STMT_PREPARE: PREPARE_OK, parameter definitions (+EOF), column definitions (+EOF);</li>
 *   <li>COM_FIELD_LIST: column definitions until a terminator;</li>
 *   <li>COM_STATISTICS: one string packet;</li>
 *   <li>COM_QUIT, COM_STMT_CLOSE, COM_STMT_SEND_LONG_DATA: no response
 *       ({@link #expectsResponse}).</li>
 * </ul>
 * A 0xFE packet ends rows only if it is shorter than 9 bytes (EOF) or, with DEPRECATE_EOF,
 * shorter than 0xFFFFFF bytes; a row may start with 0xFE as the prefix of a 16 MiB value.
 *
 * <p>Not thread-safe: one tracker per connection, used on its event loop.
 */
public final class ResponseTracker {

    private enum State {
        IDLE, FIRST, COLUMN_DEFINITIONS, COLUMNS_EOF, ROWS, PARAM_DEFINITIONS, PARAMS_EOF, PREPARED_COLUMNS,
        PREPARED_COLUMNS_EOF, FIELD_LIST, STATISTICS, SIMPLE
    }

    private final int capabilities;
    private final boolean deprecateEof;

    private State state = State.IDLE;
    private Command command;
    private boolean binaryRows;
    private long remaining;
    private int preparedColumns;
    private int serverStatus;
    private int packets;

    /** @param capabilities the flags negotiated with the server */
    public ResponseTracker(int capabilities, int initialServerStatus) {
        this.capabilities = capabilities;
        this.deprecateEof = Capabilities.has(capabilities, Capabilities.DEPRECATE_EOF);
        this.serverStatus = initialServerStatus;
    }

    /** False for commands the server never answers. */
    public static boolean expectsResponse(Command command) {
        return switch (command) {
            case QUIT, STMT_CLOSE, STMT_SEND_LONG_DATA -> false;
            default -> true;
        };
    }

    /**
     * Starts tracking the response to {@code command}. Throws for commands whose responses are not
     * request/response shaped (COM_BINLOG_DUMP, COM_CHANGE_USER's auth exchange ...).
     */
    public void start(Command command) {
        if (state != State.IDLE) {
            throw new IllegalStateException("response to " + this.command + " is not complete yet");
        }
        this.command = command;
        this.packets = 0;
        this.binaryRows = false;
        state = switch (command) {
            case QUIT, STMT_CLOSE, STMT_SEND_LONG_DATA -> State.IDLE;
            case QUERY, STMT_EXECUTE, STMT_BULK_EXECUTE, PROCESS_INFO -> State.FIRST;
            case STMT_FETCH -> State.ROWS;
            case STMT_PREPARE, FIELD_LIST, STATISTICS -> State.FIRST;
            case PING, INIT_DB, RESET_CONNECTION, STMT_RESET, PROCESS_KILL, SET_OPTION, DEBUG, REFRESH, SHUTDOWN,
                 CREATE_DB, DROP_DB, TIME, SLEEP, CONNECT, DELAYED_INSERT -> State.SIMPLE;
            default -> throw new IllegalArgumentException("COM_" + command + " responses are not tracked");
        };
        if (command == Command.STMT_EXECUTE || command == Command.STMT_FETCH || command == Command.STMT_BULK_EXECUTE) {
            binaryRows = true;
        }
        if (command == Command.FIELD_LIST) {
            state = State.FIELD_LIST;
        } else if (command == Command.STATISTICS) {
            state = State.STATISTICS;
        }
    }

    /** Labels the next packet of the response and advances; throws on a packet that cannot come next. */
    public PacketKind next(ByteBuf payload) {
        if (state == State.IDLE) {
            throw new MalformedPacketException("unexpected packet: no response is expected"
                    + (command == null ? "" : " after COM_" + command));
        }
        packets++;
        int header = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        if (header == ErrPacket.HEADER && state != State.STATISTICS) {
            state = State.IDLE;
            return PacketKind.ERR;
        }
        return switch (state) {
            case FIRST -> first(payload, header);
            case COLUMN_DEFINITIONS -> columnDefinition(State.COLUMNS_EOF, PacketKind.COLUMN_DEFINITION);
            case COLUMNS_EOF -> columnsEof(payload);
            case ROWS -> row(payload);
            case PARAM_DEFINITIONS -> columnDefinition(State.PARAMS_EOF, PacketKind.PARAM_DEFINITION);
            case PARAMS_EOF -> expectEof(payload, PacketKind.PARAM_EOF, afterParams());
            case PREPARED_COLUMNS -> columnDefinition(State.PREPARED_COLUMNS_EOF, PacketKind.COLUMN_DEFINITION);
            case PREPARED_COLUMNS_EOF -> expectEof(payload, PacketKind.INTERMEDIATE_EOF, State.IDLE);
            case FIELD_LIST -> fieldList(payload);
            case STATISTICS -> done(PacketKind.STATISTICS);
            case SIMPLE -> simple(payload, header);
            case IDLE -> throw new IllegalStateException("unreachable");
        };
    }

    /** True when no response is outstanding (before start, after the last packet). */
    public boolean isComplete() {
        return state == State.IDLE;
    }

    /** Status flags from the latest OK, EOF or terminator (ERR packets carry none). */
    public int serverStatus() {
        return serverStatus;
    }

    /** The command whose response is (or was last) tracked. */
    public Command command() {
        return command;
    }

    /** True while the rows of the current result are in the binary protocol. */
    public boolean binaryRows() {
        return binaryRows;
    }

    /** Packets of the current response seen so far. */
    public int packetCount() {
        return packets;
    }

    /** Forgets an outstanding response, e.g. after its connection failed. */
    public void reset() {
        state = State.IDLE;
    }

    // ---- states ----------------------------------------------------------------------------

    private PacketKind first(ByteBuf payload, int header) {
        if (command == Command.STMT_PREPARE) {
            return prepareOk(payload, header);
        }
        if (header == 0x00) {
            serverStatus = okStatus(payload);
            state = ServerStatus.moreResultsExist(serverStatus) ? State.FIRST : State.IDLE;
            return PacketKind.OK;
        }
        if (header == 0xFB || header < 0) {
            throw new MalformedPacketException(String.format("COM_%s: unexpected first packet header 0x%02X%s",
                    command, header, header == 0xFB ? " (LOCAL INFILE request; LOCAL_FILES is never negotiated)" : ""));
        }
        long columns = WireFormat.readLengthEncodedInt(payload.duplicate());
        if (columns <= 0) {
            throw new MalformedPacketException("COM_" + command + ": column count " + columns);
        }
        remaining = columns;
        state = State.COLUMN_DEFINITIONS;
        return PacketKind.COLUMN_COUNT;
    }

    private PacketKind columnDefinition(State eofState, PacketKind kind) {
        if (--remaining == 0) {
            state = deprecateEof ? afterEof(eofState) : eofState;
        }
        return kind;
    }

    /** Where a definitions group goes once its (possibly omitted) EOF is passed. */
    private State afterEof(State eofState) {
        return switch (eofState) {
            case COLUMNS_EOF -> State.ROWS;
            case PARAMS_EOF -> afterParams();
            default -> State.IDLE;
        };
    }

    private PacketKind columnsEof(ByteBuf payload) {
        requireEof(payload);
        int status = eofStatus(payload);
        serverStatus = status;
        // A cursor was opened: rows come later through COM_STMT_FETCH.
        state = ServerStatus.has(status, ServerStatus.CURSOR_EXISTS) ? State.IDLE : State.ROWS;
        return PacketKind.INTERMEDIATE_EOF;
    }

    private PacketKind row(ByteBuf payload) {
        if (!EofPacket.isTerminator(payload, capabilities)) {
            return PacketKind.ROW;
        }
        serverStatus = EofPacket.isEof(payload) ? eofStatus(payload) : okStatus(payload);
        state = ServerStatus.moreResultsExist(serverStatus) ? State.FIRST : State.IDLE;
        return PacketKind.TERMINATOR;
    }

    private PacketKind prepareOk(ByteBuf payload, int header) {
        if (header != 0x00 || payload.readableBytes() < 9) {
            throw new MalformedPacketException(String.format(
                    "COM_STMT_PREPARE: expected PREPARE_OK, found header 0x%02X in %d bytes", header,
                    payload.readableBytes()));
        }
        int base = payload.readerIndex();
        preparedColumns = payload.getUnsignedShortLE(base + 5);
        int params = payload.getUnsignedShortLE(base + 7);
        remaining = params;
        state = params > 0 ? State.PARAM_DEFINITIONS : afterParams();
        return PacketKind.PREPARE_OK;
    }

    private State afterParams() {
        remaining = preparedColumns;
        return preparedColumns > 0 ? State.PREPARED_COLUMNS : State.IDLE;
    }

    private PacketKind expectEof(ByteBuf payload, PacketKind kind, State nextState) {
        requireEof(payload);
        serverStatus = eofStatus(payload);
        state = nextState;
        return kind;
    }

    private PacketKind fieldList(ByteBuf payload) {
        if (EofPacket.isTerminator(payload, capabilities)) {
            serverStatus = EofPacket.isEof(payload) ? eofStatus(payload) : okStatus(payload);
            return done(PacketKind.TERMINATOR);
        }
        return PacketKind.COLUMN_DEFINITION;
    }

    private PacketKind simple(ByteBuf payload, int header) {
        if (header == 0x00) {
            serverStatus = okStatus(payload);
            return done(PacketKind.OK);
        }
        if (EofPacket.isEof(payload)) {
            serverStatus = eofStatus(payload);
            return done(PacketKind.EOF);
        }
        if (header == 0xFE && deprecateEof) {
            serverStatus = okStatus(payload);
            return done(PacketKind.OK);
        }
        throw new MalformedPacketException(String.format("COM_%s: expected OK or ERR, found header 0x%02X", command,
                header));
    }

    private PacketKind done(PacketKind kind) {
        state = State.IDLE;
        return kind;
    }

    private void requireEof(ByteBuf payload) {
        if (!EofPacket.isEof(payload)) {
            throw new MalformedPacketException("COM_" + command + ": expected EOF after definitions, found "
                    + payload.readableBytes() + " bytes starting 0x"
                    + (payload.isReadable() ? Integer.toHexString(payload.getUnsignedByte(payload.readerIndex())) : ""));
        }
    }

    // ---- status flags without decoding whole packets --------------------------------------------

    private int eofStatus(ByteBuf payload) {
        if (!Capabilities.has(capabilities, Capabilities.PROTOCOL_41) || payload.readableBytes() < 5) {
            return serverStatus;
        }
        return payload.getUnsignedShortLE(payload.readerIndex() + 3);
    }

    /** Status of an OK (0x00 or 0xFE header): after two length-encoded integers. */
    static int okStatus(ByteBuf payload) {
        int index = payload.readerIndex() + 1;
        index += lengthEncodedSize(payload, index);
        index += lengthEncodedSize(payload, index);
        if (index + 2 > payload.writerIndex()) {
            throw new MalformedPacketException("OK: truncated before its status flags (" + payload.readableBytes()
                    + " bytes)");
        }
        return payload.getUnsignedShortLE(index);
    }

    private static int lengthEncodedSize(ByteBuf payload, int index) {
        if (index >= payload.writerIndex()) {
            throw new MalformedPacketException("OK: truncated length-encoded integer");
        }
        return switch (payload.getUnsignedByte(index)) {
            case 0xFC -> 3;
            case 0xFD -> 4;
            case 0xFE -> 9;
            case 0xFB, 0xFF -> throw new MalformedPacketException("OK: invalid length-encoded integer prefix");
            default -> 1;
        };
    }
}
