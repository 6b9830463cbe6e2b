package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The server asks the client to authenticate again with another plugin and fresh data (0xFE
 * header, plugin name, plugin data to the end of the packet).
 *
 * @param pluginName e.g. "mysql_native_password"
 * @param pluginData the plugin's data as sent; native and caching_sha2 send a 20-byte seed plus a NUL
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {

    public static final int HEADER = 0xFE;

    public AuthSwitchRequest {
        pluginData = pluginData.clone();
    }

    @Override
    public byte[] pluginData() {
        return pluginData.clone();
    }

    /** The plugin data without its trailing NUL: the seed to scramble with. */
    public byte[] seed() {
        int length = pluginData.length;
        return length > 0 && pluginData[length - 1] == 0 ? Arrays.copyOf(pluginData, length - 1) : pluginData.clone();
    }

    public static AuthSwitchRequest decode(ByteBuf payload) {
        ByteBuf buf = payload.duplicate();
        try {
            int header = buf.readUnsignedByte();
            if (header != HEADER) {
                throw MalformedPacketException.badHeader("AuthSwitchRequest", HEADER, header);
            }
            String plugin = WireFormat.readNulTerminatedString(buf, StandardCharsets.UTF_8);
            return new AuthSwitchRequest(plugin, WireFormat.readRestOfPacketBytes(buf));
        } catch (IndexOutOfBoundsException e) {
            throw MalformedPacketException.truncated("AuthSwitchRequest", e);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(HEADER);
        WireFormat.writeNulTerminatedString(out, pluginName, StandardCharsets.UTF_8);
        out.writeBytes(pluginData);
    }
}
