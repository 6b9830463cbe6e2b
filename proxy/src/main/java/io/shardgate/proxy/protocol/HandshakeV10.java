package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The server's greeting (protocol version 10).
 *
 * @param serverVersion  e.g. "8.0.36" or MariaDB's "5.5.5-10.11.6-MariaDB"
 * @param connectionId   the server thread id (what KILL takes)
 * @param seed           the full auth plugin data (scramble), usually 20 bytes, without the trailing NUL
 * @param capabilities   the server's 32 capability flags
 * @param characterSet   the server's default collation id
 * @param statusFlags    {@link ServerStatus} flags
 * @param authPluginName the default auth plugin, or "" when PLUGIN_AUTH is not set
 * @param mariaDbExtendedCapabilities MariaDB's extra flags from the last 4 reserved bytes (0 for MySQL)
 */
public record HandshakeV10(String serverVersion, long connectionId, byte[] seed, int capabilities, int characterSet,
                           int statusFlags, String authPluginName, int mariaDbExtendedCapabilities) {

    public static final int PROTOCOL_VERSION = 10;
    private static final int SEED_PART1 = 8;

    public HandshakeV10 {
        if (seed.length < SEED_PART1) {
            throw new IllegalArgumentException("seed needs at least 8 bytes, had " + seed.length);
        }
        seed = seed.clone();
        authPluginName = authPluginName == null ? "" : authPluginName;
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    public static HandshakeV10 decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int protocol = buf.readUnsignedByte();
            if (protocol != PROTOCOL_VERSION) {
                throw MalformedPacketException.badHeader("HandshakeV10 protocol version", PROTOCOL_VERSION, protocol);
            }
            String version = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            long connectionId = buf.readUnsignedIntLE();
            byte[] part1 = new byte[SEED_PART1];
            buf.readBytes(part1);
            buf.skipBytes(1); // filler
            int capabilities = buf.readUnsignedShortLE();
            if (!buf.isReadable()) {
                return new HandshakeV10(version, connectionId, part1, capabilities, 0, 0, "", 0);
            }
            int charset = buf.readUnsignedByte();
            int status = buf.readUnsignedShortLE();
            capabilities |= buf.readUnsignedShortLE() << 16;
            int seedLength = buf.readUnsignedByte();
            buf.skipBytes(6);
            int mariaDbCapabilities = buf.readIntLE();
            byte[] seed = part1;
            if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
                // Part 2 is max(13, length - 8) bytes; its last byte is a NUL that is not part of the seed.
                byte[] part2 = new byte[Math.max(13, seedLength - SEED_PART1)];
                buf.readBytes(part2);
                int part2Length = part2[part2.length - 1] == 0 ? part2.length - 1 : part2.length;
                seed = Arrays.copyOf(part1, SEED_PART1 + part2Length);
                System.arraycopy(part2, 0, seed, SEED_PART1, part2Length);
            }
            String plugin = "";
            if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH)) {
                plugin = WireFormat.readNulTerminatedOrRest(buf, StandardCharsets.UTF_8);
            }
            return new HandshakeV10(version, connectionId, seed, capabilities, charset, status, plugin, mariaDbCapabilities);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("HandshakeV10", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(PROTOCOL_VERSION);
        WireFormat.writeNulTerminatedString(out, serverVersion, StandardCharsets.UTF_8);
        out.writeIntLE((int) connectionId);
        out.writeBytes(seed, 0, SEED_PART1);
        out.writeByte(0);
        out.writeShortLE(capabilities);
        out.writeByte(characterSet);
        out.writeShortLE(statusFlags);
        out.writeShortLE(capabilities >>> 16);
        out.writeByte(Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) ? seed.length + 1 : 0);
        out.writeZero(6);
        out.writeIntLE(mariaDbExtendedCapabilities);
        if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
            int part2 = seed.length - SEED_PART1;
            out.writeBytes(seed, SEED_PART1, part2);
            out.writeZero(Math.max(13 - part2, 1));
        }
        if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH)) {
            WireFormat.writeNulTerminatedString(out, authPluginName, StandardCharsets.UTF_8);
        }
    }
}
