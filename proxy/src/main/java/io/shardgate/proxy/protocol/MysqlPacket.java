package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One logical MySQL packet: its payload and sequence ids. Payloads of 16 MiB - 1 bytes or more
 * travel as several wire fragments with consecutive sequence ids; {@link PacketDecoder} joins
 * them and {@link PacketEncoder} splits them again, so the rest of the proxy sees only logical
 * packets.
 *
 * <p>{@code firstSequenceId} is the id of the first wire fragment (what the encoder writes
 * first), {@code sequenceId} the id of the last one, so {@link #nextSequenceId()} is always the
 * id the peer expects next. For payloads below 16 MiB - 1 both are equal.
 *
 * <p>The packet owns its payload: reference counting delegates to it, and whoever receives a
 * packet must release it (or pass it on to someone who will).
 */
public record MysqlPacket(int firstSequenceId, int sequenceId, ByteBuf payload) implements ReferenceCounted {

    /** Largest payload one wire fragment carries; a fragment of exactly this size is continued. */
    public static final int MAX_FRAGMENT = 0xFF_FFFF;

    public MysqlPacket {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        firstSequenceId &= 0xFF;
        sequenceId &= 0xFF;
    }

    /** A packet whose first fragment is written with {@code firstSequenceId}. */
    public MysqlPacket(int firstSequenceId, ByteBuf payload) {
        this(firstSequenceId, firstSequenceId + fragmentCount(payload.readableBytes()) - 1, payload);
    }

    /** Wire fragments needed for a payload: an exact multiple of 0xFFFFFF needs a trailing empty one. */
    public static int fragmentCount(long payloadLength) {
        return (int) (payloadLength / MAX_FRAGMENT) + 1;
    }

    /** The sequence id the next packet of this exchange carries. */
    public int nextSequenceId() {
        return (sequenceId + 1) & 0xFF;
    }

    /** The same payload (retained) under new sequence ids starting at {@code firstSequenceId}. */
    public MysqlPacket withSequenceId(int firstSequenceId) {
        return new MysqlPacket(firstSequenceId, payload.retain());
    }

    /** First payload byte without moving the reader index, or -1 when the payload is empty. */
    public int header() {
        return payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
    }

    @Override
    public int refCnt() {
        return payload.refCnt();
    }

    @Override
    public MysqlPacket retain() {
        payload.retain();
        return this;
    }

    @Override
    public MysqlPacket retain(int increment) {
        payload.retain(increment);
        return this;
    }

    @Override
    public MysqlPacket touch() {
        payload.touch();
        return this;
    }

    @Override
    public MysqlPacket touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return payload.release();
    }

    @Override
    public boolean release(int decrement) {
        return payload.release(decrement);
    }

    @Override
    public String toString() {
        return "MysqlPacket[seq=" + (firstSequenceId == sequenceId ? sequenceId : firstSequenceId + ".." + sequenceId)
                + ", length=" + payload.readableBytes() + "]";
    }
}
