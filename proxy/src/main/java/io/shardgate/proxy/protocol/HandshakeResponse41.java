package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client's answer to {@link HandshakeV10}. Which optional fields are present follows the
 * client's capability flags in the packet itself.
 *
 * @param capabilities    the client's flags (the server intersects them with its own)
 * @param maxPacketSize   the client's max packet size
 * @param characterSet    the client's collation id
 * @param username        user name
 * @param authResponse    the auth plugin's answer (a scramble), possibly empty
 * @param database        initial schema when CONNECT_WITH_DB, else null
 * @param authPluginName  the plugin that produced authResponse when PLUGIN_AUTH, else null
 * @param connectAttributes  connection attributes in sent order when CONNECT_ATTRS, else empty
 * @param mariaDbExtendedCapabilities MariaDB's extra flags from the last 4 filler bytes
 */
public record HandshakeResponse41(int capabilities, int maxPacketSize, int characterSet, String username,
                                  byte[] authResponse, String database, String authPluginName,
                                  Map<String, String> connectAttributes, int mariaDbExtendedCapabilities) {

    static final int FIXED_PART = 32;

    public HandshakeResponse41 {
        authResponse = authResponse == null ? new byte[0] : authResponse.clone();
        connectAttributes = connectAttributes == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
    }

    @Override
    public byte[] authResponse() {
        return authResponse.clone();
    }

    public static HandshakeResponse41 decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int capabilities = buf.readIntLE();
            if (!Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
                throw new MalformedPacketException("HandshakeResponse41: client does not set PROTOCOL_41 (capabilities "
                        + Capabilities.describe(capabilities) + ")");
            }
            int maxPacket = buf.readIntLE();
            int charset = buf.readUnsignedByte();
            buf.skipBytes(19);
            int mariaDbCapabilities = buf.readIntLE();
            String user = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            byte[] auth;
            if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
                auth = WireFormat.readLengthEncodedBytes(buf);
                if (auth == null) {
                    throw new MalformedPacketException("HandshakeResponse41: auth response is the NULL marker");
                }
            } else if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
                auth = new byte[buf.readUnsignedByte()];
                buf.readBytes(auth);
            } else {
                auth = WireFormat.readNulTerminatedString(buf, StandardCharsets.ISO_8859_1)
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            String database = null;
            if (Capabilities.has(capabilities, Capabilities.CONNECT_WITH_DB) && buf.isReadable()) {
                database = WireFormat.readNulTerminatedOrRest(buf, StandardCharsets.UTF_8);
            }
            String plugin = null;
            if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) && buf.isReadable()) {
                plugin = WireFormat.readNulTerminatedOrRest(buf, StandardCharsets.UTF_8);
            }
            Map<String, String> attributes = Map.of();
            if (Capabilities.has(capabilities, Capabilities.CONNECT_ATTRS) && buf.isReadable()) {
                attributes = ConnectAttributes.decode(buf, "HandshakeResponse41");
            }
            return new HandshakeResponse41(capabilities, maxPacket, charset, user, auth, database, plugin, attributes,
                    mariaDbCapabilities);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("HandshakeResponse41", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeIntLE(capabilities).writeIntLE(maxPacketSize).writeByte(characterSet);
        out.writeZero(19);
        out.writeIntLE(mariaDbExtendedCapabilities);
        WireFormat.writeNulTerminatedString(out, username, StandardCharsets.UTF_8);
        if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            WireFormat.writeLengthEncodedBytes(out, authResponse);
        } else if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
            if (authResponse.length > 255) {
                throw new IllegalStateException("auth response of " + authResponse.length
                        + " bytes needs PLUGIN_AUTH_LENENC_CLIENT_DATA");
            }
            out.writeByte(authResponse.length).writeBytes(authResponse);
        } else {
            out.writeBytes(authResponse).writeByte(0);
        }
        if (Capabilities.has(capabilities, Capabilities.CONNECT_WITH_DB)) {
            WireFormat.writeNulTerminatedString(out, database == null ? "" : database, StandardCharsets.UTF_8);
        }
        if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH)) {
            WireFormat.writeNulTerminatedString(out, authPluginName == null ? "" : authPluginName, StandardCharsets.UTF_8);
        }
        if (Capabilities.has(capabilities, Capabilities.CONNECT_ATTRS)) {
            ConnectAttributes.encode(out, connectAttributes);
        }
    }
}
