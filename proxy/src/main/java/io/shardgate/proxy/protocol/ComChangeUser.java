package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * COM_CHANGE_USER: re-authenticate as another user on the same connection, resetting the session.
 * Optional trailing fields follow the connection's negotiated capabilities.
 *
 * @param characterSet collation id, 0 when the client did not send one
 * @param authPluginName null unless PLUGIN_AUTH
 */
public record ComChangeUser(String username, byte[] authResponse, String schema, int characterSet,
                            String authPluginName, Map<String, String> connectAttributes) {

    public ComChangeUser {
        authResponse = authResponse == null ? new byte[0] : authResponse.clone();
        schema = schema == null ? "" : schema;
        connectAttributes = connectAttributes == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
    }

    @Override
    public byte[] authResponse() {
        return authResponse.clone();
    }

    public static ComChangeUser decode(ByteBuf payload, int capabilities) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != Command.CHANGE_USER.code()) {
                throw MalformedPacketException.badHeader("COM_CHANGE_USER", Command.CHANGE_USER.code(), header);
            }
            String user = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            byte[] auth;
            if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
                auth = new byte[buf.readUnsignedByte()];
                buf.readBytes(auth);
            } else {
                auth = WireFormat.readNulTerminatedString(buf, StandardCharsets.ISO_8859_1)
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            String schema = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            int charset = 0;
            String plugin = null;
            Map<String, String> attributes = Map.of();
            if (buf.readableBytes() >= 2) {
                charset = buf.readUnsignedShortLE();
                if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) && buf.isReadable()) {
                    plugin = WireFormat.readNulTerminatedOrRest(buf, StandardCharsets.UTF_8);
                }
                if (Capabilities.has(capabilities, Capabilities.CONNECT_ATTRS) && buf.isReadable()) {
                    attributes = ConnectAttributes.decode(buf, "COM_CHANGE_USER");
                }
            }
            return new ComChangeUser(user, auth, schema, charset, plugin, attributes);
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("COM_CHANGE_USER", e);
        }
    }

    public void encode(ByteBuf out, int capabilities) {
        out.writeByte(Command.CHANGE_USER.code());
        WireFormat.writeNulTerminatedString(out, username, StandardCharsets.UTF_8);
        if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
            out.writeByte(authResponse.length).writeBytes(authResponse);
        } else {
            out.writeBytes(authResponse).writeByte(0);
        }
        WireFormat.writeNulTerminatedString(out, schema, StandardCharsets.UTF_8);
        out.writeShortLE(characterSet);
        if (Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH)) {
            WireFormat.writeNulTerminatedString(out, authPluginName == null ? "" : authPluginName,
                    StandardCharsets.UTF_8);
        }
        if (Capabilities.has(capabilities, Capabilities.CONNECT_ATTRS)) {
            ConnectAttributes.encode(out, connectAttributes);
        }
    }
}
