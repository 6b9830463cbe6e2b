package io.shardgate.proxy.protocol;

/**
 * A packet whose bytes do not match the layout its type requires: truncated, a bad header byte,
 * an impossible length. The message names the packet, the field and what was found, so a
 * handler can answer with an ERR and close instead of guessing.
 */
public class MalformedPacketException extends RuntimeException {

    public MalformedPacketException(String message) {
        super(message);
    }

    public MalformedPacketException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A read ran past the end of the payload while decoding {@code packet}. */
    public static MalformedPacketException truncated(String packet, IndexOutOfBoundsException cause) {
        return new MalformedPacketException(packet + ": truncated packet (" + cause.getMessage() + ")", cause);
    }

    /** The first byte was not the one {@code packet} starts with. */
    public static MalformedPacketException badHeader(String packet, int expected, int found) {
        return new MalformedPacketException(String.format("%s: expected header 0x%02X, found 0x%02X", packet, expected, found));
    }
}
