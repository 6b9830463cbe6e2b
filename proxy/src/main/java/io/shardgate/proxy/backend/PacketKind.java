package io.shardgate.proxy.backend;

/**
 * What a response packet is, as {@link ResponseTracker} labels it, so a front end can forward
 * raw packets and rewrite only the ones it must (sequence ids, EOF vs OK terminators).
 */
public enum PacketKind {
    /** A command's only answer: success (with status flags), or a statement without a result set. */
    OK,
    /** A failure; ends the response. */
    ERR,
    /** A simple command answered with an EOF (COM_SET_OPTION, COM_DEBUG on some servers). */
    EOF,
    /** First packet of a result set: the number of columns. */
    COLUMN_COUNT,
    /** One column definition (of a result set, COM_FIELD_LIST or a prepared statement). */
    COLUMN_DEFINITION,
    /** The EOF after column definitions, only without DEPRECATE_EOF. */
    INTERMEDIATE_EOF,
    /** A text or binary row; {@link ResponseTracker#binaryRows()} tells which. */
    ROW,
    /** Ends a result set: EOF, or with DEPRECATE_EOF a 0xFE-headed OK. Carries status flags. */
    TERMINATOR,
    /** COM_STMT_PREPARE's first packet (statement id, column and parameter counts). */
    PREPARE_OK,
    /** One parameter definition after PREPARE_OK. */
    PARAM_DEFINITION,
    /** The EOF after parameter definitions, only without DEPRECATE_EOF. */
    PARAM_EOF,
    /** COM_STATISTICS' human-readable string. */
    STATISTICS
}
