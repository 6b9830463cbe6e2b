package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads captures/*.hex test resources: '#' lines are comments, every other line is one wire
 * packet (4-byte header + payload) in hex, in the order it crossed the wire.
 */
public final class Captures {

    private Captures() {
    }

    public static List<byte[]> packets(String name) {
        String resource = "/captures/" + name + ".hex";
        try (InputStream in = Captures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + resource);
            }
            List<byte[]> packets = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    packets.add(ByteBufUtil.decodeHexDump(trimmed));
                }
            }
            return packets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All packets of a capture as one byte stream. */
    public static byte[] wire(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        packets(name).forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Splits a recorded byte stream into wire packets (header included). */
    static List<byte[]> split(byte[] stream) {
        List<byte[]> packets = new ArrayList<>();
        int i = 0;
        while (i + 4 <= stream.length) {
            int length = (stream[i] & 0xFF) | (stream[i + 1] & 0xFF) << 8 | (stream[i + 2] & 0xFF) << 16;
            byte[] packet = java.util.Arrays.copyOfRange(stream, i, i + 4 + length);
            packets.add(packet);
            i += 4 + length;
        }
        return packets;
    }
}
