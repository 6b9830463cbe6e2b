package io.shardgate.proxy.protocol;

/** A bound parameter's type as COM_STMT_EXECUTE sends it: type code, high byte 0x80 = unsigned. */
public record ParameterType(ColumnType type, boolean unsigned) {

    public static ParameterType of(int code) {
        return new ParameterType(ColumnType.of(code & 0xFF), ((code >> 8) & ColumnFlags.PARAM_UNSIGNED) != 0);
    }

    public int code() {
        return type.code() | (unsigned ? ColumnFlags.PARAM_UNSIGNED << 8 : 0);
    }
}
