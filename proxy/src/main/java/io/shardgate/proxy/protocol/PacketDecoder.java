package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the byte stream into {@link MysqlPacket}s: a 3-byte little-endian payload length, a
 * 1-byte sequence id, the payload. A fragment of exactly 0xFFFFFF bytes is continued by the next
 * one; the fragments are joined (as a composite, without copying) into one logical packet whose
 * {@code sequenceId} is the last fragment's.
 *
 * <p>It only frames: what a payload means depends on the connection phase and is the handler's
 * business. Failures, after which the connection is unusable and the decoder drops all further
 * input:
 * <ul>
 *   <li>{@link PacketTooLargeException}, checked against each fragment's header before its bytes
 *       are buffered, so an oversized packet never gets buffered whole;</li>
 *   <li>{@link PacketOutOfOrderException} when fragments of one packet skip a sequence id.</li>
 * </ul>
 * Non-split payloads are retained slices of the cumulation buffer: no copy.
 *
 * <p>Each {@code decode} call yields at most one packet, and the base class hands it on before it decodes the next.
 * A handler may so replace this decoder between two packets of one read: a client sends its TLS ClientHello right
 * behind the SSLRequest, and those bytes must reach the TLS handler, not be read as a MySQL header (which, before
 * login, would exceed the login packet limit).
 */
public final class PacketDecoder extends ByteToMessageDecoder {

    /** MySQL's default max_allowed_packet. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 64 * 1024 * 1024;

    private static final int HEADER_SIZE = 4;

    /** Changes once per connection at most: raised from the login limit to max-packet after login. */
    private int maxPacketSize;

    /** Fragments of a split packet collected so far, or null between packets. */
    private CompositeByteBuf fragments;
    private int firstSequenceId;
    private int lastSequenceId;
    private boolean failed;

    public PacketDecoder() {
        this(DEFAULT_MAX_PACKET_SIZE);
    }

    /** @param maxPacketSize largest logical payload accepted, in bytes (max_allowed_packet) */
    public PacketDecoder(int maxPacketSize) {
        if (maxPacketSize < 1) {
            throw new IllegalArgumentException("maxPacketSize must be positive, was " + maxPacketSize);
        }
        this.maxPacketSize = maxPacketSize;
    }

    public int maxPacketSize() {
        return maxPacketSize;
    }

    /**
     * Sets the largest logical payload accepted from now on. Call on the channel's event loop; a packet already
     * being received is checked against the new limit at its next fragment.
     */
    public void maxPacketSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxPacketSize must be positive, was " + bytes);
        }
        this.maxPacketSize = bytes;
    }

    /** True while part of a packet has arrived and the rest has not: the peer is in the middle of sending one. */
    public boolean midPacket() {
        return fragments != null || (!failed && actualReadableBytes() > 0);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= HEADER_SIZE) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int sequenceId = in.getUnsignedByte(start + 3);
            long joined = (fragments == null ? 0L : fragments.readableBytes()) + length;
            if (joined > maxPacketSize) {
                fail(in);
                throw new PacketTooLargeException(joined, maxPacketSize);
            }
            if (fragments != null && sequenceId != ((lastSequenceId + 1) & 0xFF)) {
                int expected = (lastSequenceId + 1) & 0xFF;
                fail(in);
                throw new PacketOutOfOrderException(expected, sequenceId);
            }
            if (in.readableBytes() < HEADER_SIZE + length) {
                return;
            }
            in.skipBytes(HEADER_SIZE);
            ByteBuf payload = in.readRetainedSlice(length);
            if (fragments == null && length < MysqlPacket.MAX_FRAGMENT) {
                out.add(new MysqlPacket(sequenceId, sequenceId, payload));
                return; // one packet per call: see the class comment
            }
            if (fragments == null) {
                fragments = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
                firstSequenceId = sequenceId;
            }
            fragments.addComponent(true, payload);
            lastSequenceId = sequenceId;
            if (length < MysqlPacket.MAX_FRAGMENT) {
                out.add(new MysqlPacket(firstSequenceId, lastSequenceId, fragments));
                fragments = null;
                return;
            }
        }
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
        releaseFragments();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseFragments();
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        // The peer closed mid-packet: the partial fragments can never complete.
        releaseFragments();
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }
}
