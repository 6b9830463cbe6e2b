package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Function;

/**
 * Mutation checks for decoders: every truncation and every single-byte change of a valid payload
 * must either decode or fail with {@link MalformedPacketException}, never with an unchecked
 * surprise (IndexOutOfBounds, NegativeArraySize ...) that would take down a connection handler.
 */
final class MalformedInput {

    private MalformedInput() {
    }

    /** Decodes every prefix; returns how many prefixes were rejected as malformed. */
    static int truncations(byte[] valid, Function<ByteBuf, ?> decoder) {
        int rejected = 0;
        for (int length = 0; length < valid.length; length++) {
            rejected += attempt(valid, length, -1, 0, decoder);
        }
        return rejected;
    }

    /** Replaces each byte in turn with {@code value}; returns how many variants were rejected. */
    static int byteFlips(byte[] valid, int value, Function<ByteBuf, ?> decoder) {
        int rejected = 0;
        for (int i = 0; i < valid.length; i++) {
            rejected += attempt(valid, valid.length, i, value, decoder);
        }
        return rejected;
    }

    private static int attempt(byte[] valid, int length, int flipAt, int value, Function<ByteBuf, ?> decoder) {
        byte[] bytes = java.util.Arrays.copyOf(valid, length);
        if (flipAt >= 0) {
            bytes[flipAt] = (byte) value;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            decoder.apply(buf);
            assertThat(buf.readerIndex()).as("decode must not move the reader index").isZero();
            return 0;
        } catch (MalformedPacketException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            return 1;
        } catch (RuntimeException e) {
            fail("length " + length + (flipAt >= 0 ? ", byte " + flipAt + " = " + value : "")
                    + ": expected MalformedPacketException or success, got " + e, e);
            return 0;
        } finally {
            buf.release();
        }
    }
}
