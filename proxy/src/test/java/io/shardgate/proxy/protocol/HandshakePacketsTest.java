package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakePacketsTest {

    private static final byte[] SEED = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    private static final int SERVER_CAPS = Capabilities.LONG_PASSWORD | Capabilities.PROTOCOL_41
            | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH | Capabilities.CONNECT_WITH_DB
            | Capabilities.DEPRECATE_EOF | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_ATTRS;

    private static HandshakeV10 greeting() {
        return new HandshakeV10("8.0.36-shardgate", 0x01020304L, SEED, SERVER_CAPS, CharsetId.UTF8MB4_GENERAL_CI,
                ServerStatus.AUTOCOMMIT, "mysql_native_password", 0);
    }

    private static <T> T roundTrip(byte[] bytes, java.util.function.Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void handshakeV10RoundTripsWithTheSeedSplitInTwoParts() {
        byte[] bytes = Bytes.encode(greeting()::encode);
        HandshakeV10 decoded = roundTrip(bytes, HandshakeV10::decode);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(greeting());
        assertThat(decoded.seed()).isEqualTo(SEED);
        // auth-plugin-data-len 21 = 20 seed bytes + NUL; part 2 is 12 seed bytes + NUL
        int versionEnd = 1 + "8.0.36-shardgate".length() + 1;
        assertThat(bytes[versionEnd + 4 + 8 + 1 + 2 + 1 + 2 + 2]).isEqualTo((byte) 21);
        assertThat(bytes[bytes.length - "mysql_native_password".length() - 2]).as("NUL after part 2").isZero();
        assertThat(Bytes.encode(decoded::encode)).isEqualTo(bytes);
    }

    @Test
    void handshakeV10WithoutPluginAuthHasNoPluginName() {
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION;
        HandshakeV10 old = new HandshakeV10("5.1.0", 7, SEED, caps, 8, 0, "", 0);
        HandshakeV10 decoded = roundTrip(Bytes.encode(old::encode), HandshakeV10::decode);
        assertThat(decoded.authPluginName()).isEmpty();
        assertThat(decoded.seed()).isEqualTo(SEED);
    }

    @Test
    void handshakeV10RejectsOtherProtocolVersions() {
        byte[] bytes = Bytes.encode(greeting()::encode);
        bytes[0] = 9;
        assertThatThrownBy(() -> roundTrip(bytes, HandshakeV10::decode))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("expected header 0x0A, found 0x09");
    }

    @Test
    void handshakeV10SurvivesTruncationAndByteFlips() {
        byte[] bytes = Bytes.encode(greeting()::encode);
        assertThat(MalformedInput.truncations(bytes, HandshakeV10::decode)).isPositive();
        MalformedInput.byteFlips(bytes, 0xFF, HandshakeV10::decode);
        MalformedInput.byteFlips(bytes, 0x00, HandshakeV10::decode);
    }

    @Test
    void handshakeResponseRoundTripsWithEveryOptionalField() {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("_client_name", "libmariadb");
        attrs.put("_pid", "4242");
        int caps = SERVER_CAPS;
        HandshakeResponse41 response = new HandshakeResponse41(caps, 16 * 1024 * 1024, CharsetId.UTF8MB4_GENERAL_CI,
                "app", new byte[20], "shop", "mysql_native_password", attrs, 0);
        byte[] bytes = Bytes.encode(response::encode);
        HandshakeResponse41 decoded = roundTrip(bytes, HandshakeResponse41::decode);
        assertThat(decoded).usingRecursiveComparison().isEqualTo(response);
        assertThat(decoded.connectAttributes().keySet()).containsExactly("_client_name", "_pid");
        assertThat(Bytes.encode(decoded::encode)).isEqualTo(bytes);
    }

    @Test
    void handshakeResponseAuthLengthFollowsTheCapabilities() {
        int lenenc = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
                | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;
        int secure = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION;
        int plain = Capabilities.PROTOCOL_41;
        for (int caps : new int[] {lenenc, secure, plain}) {
            HandshakeResponse41 response = new HandshakeResponse41(caps, 0, 45, "u", new byte[] {1, 2, 3}, null, null,
                    null, 0);
            HandshakeResponse41 decoded = roundTrip(Bytes.encode(response::encode), HandshakeResponse41::decode);
            assertThat(decoded.authResponse()).as(Capabilities.describe(caps)).containsExactly(1, 2, 3);
            assertThat(decoded.database()).isNull();
            assertThat(decoded.authPluginName()).isNull();
        }
        HandshakeResponse41 longAuth = new HandshakeResponse41(secure, 0, 45, "u", new byte[256], null, null, null, 0);
        assertThatThrownBy(() -> Bytes.encode(longAuth::encode)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PLUGIN_AUTH_LENENC_CLIENT_DATA");
    }

    @Test
    void handshakeResponseWithoutProtocol41IsRejected() {
        byte[] bytes = Bytes.encode(new HandshakeResponse41(Capabilities.PROTOCOL_41, 0, 45, "u", null, null, null,
                null, 0)::encode);
        bytes[1] = 0; // clears PROTOCOL_41 (bit 9)
        assertThatThrownBy(() -> roundTrip(bytes, HandshakeResponse41::decode))
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("PROTOCOL_41");
    }

    @Test
    void handshakeResponseSurvivesTruncationAndByteFlips() {
        HandshakeResponse41 response = new HandshakeResponse41(SERVER_CAPS, 1 << 24, 45, "app", new byte[20], "shop",
                "caching_sha2_password", Map.of("k", "v"), 0);
        byte[] bytes = Bytes.encode(response::encode);
        assertThat(MalformedInput.truncations(bytes, HandshakeResponse41::decode)).isPositive();
        MalformedInput.byteFlips(bytes, 0xFF, HandshakeResponse41::decode);
        MalformedInput.byteFlips(bytes, 0xFE, HandshakeResponse41::decode);
    }

    @Test
    void sslRequestIsTheFirst32BytesOfAResponse() {
        int caps = SERVER_CAPS | Capabilities.SSL;
        SslRequest request = new SslRequest(caps, 1 << 24, 45, 0);
        byte[] bytes = Bytes.encode(request::encode);
        assertThat(bytes).hasSize(32);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        assertThat(SslRequest.matches(buf)).isTrue();
        assertThat(SslRequest.decode(buf)).isEqualTo(request);
        buf.release();
        HandshakeResponse41 full = new HandshakeResponse41(caps, 1 << 24, 45, "u", null, null, null, null, 0);
        byte[] fullBytes = Bytes.encode(full::encode);
        assertThat(java.util.Arrays.copyOf(fullBytes, 32)).isEqualTo(bytes);
        ByteBuf fullBuf = Unpooled.wrappedBuffer(fullBytes);
        assertThat(SslRequest.matches(fullBuf)).isFalse();
        fullBuf.release();
        ByteBuf noSsl = Unpooled.wrappedBuffer(Bytes.encode(new SslRequest(SERVER_CAPS, 0, 45, 0)::encode));
        assertThat(SslRequest.matches(noSsl)).isFalse();
        assertThatThrownBy(() -> SslRequest.decode(noSsl)).isInstanceOf(MalformedPacketException.class);
        noSsl.release();
    }

    @Test
    void authSwitchRequestKeepsThePluginDataAndStripsTheNulFromTheSeed() {
        byte[] data = java.util.Arrays.copyOf(SEED, 21);
        AuthSwitchRequest request = new AuthSwitchRequest("mysql_native_password", data);
        byte[] bytes = Bytes.encode(request::encode);
        assertThat(bytes[0]).isEqualTo((byte) 0xFE);
        AuthSwitchRequest decoded = roundTrip(bytes, AuthSwitchRequest::decode);
        assertThat(decoded.pluginName()).isEqualTo("mysql_native_password");
        assertThat(decoded.pluginData()).isEqualTo(data);
        assertThat(decoded.seed()).isEqualTo(SEED);
        assertThat(MalformedInput.truncations(bytes, AuthSwitchRequest::decode)).isPositive();
    }

    @Test
    void authMoreDataRoundTrips() {
        AuthMoreData more = new AuthMoreData(new byte[] {3});
        byte[] bytes = Bytes.encode(more::encode);
        assertThat(bytes).containsExactly(1, 3);
        assertThat(roundTrip(bytes, AuthMoreData::decode).data()).containsExactly(3);
        assertThat(MalformedInput.byteFlips(bytes, 0xFE, AuthMoreData::decode)).isEqualTo(1);
        assertThat(MalformedInput.truncations(bytes, AuthMoreData::decode)).isEqualTo(1);
    }

    @Test
    void changeUserRoundTripsWithPluginAndAttributes() {
        int caps = SERVER_CAPS;
        ComChangeUser change = new ComChangeUser("other", new byte[20], "db2", 45, "mysql_native_password",
                Map.of("a", "b"));
        byte[] bytes = Bytes.encode(b -> change.encode(b, caps));
        assertThat(bytes[0]).isEqualTo((byte) Command.CHANGE_USER.code());
        ComChangeUser decoded = roundTrip(bytes, b -> ComChangeUser.decode(b, caps));
        assertThat(decoded).usingRecursiveComparison().isEqualTo(change);
        assertThat(MalformedInput.truncations(bytes, b -> ComChangeUser.decode(b, caps))).isPositive();
        MalformedInput.byteFlips(bytes, 0xFF, b -> ComChangeUser.decode(b, caps));
    }

    @Test
    void changeUserWithoutTrailingFieldsDecodesDefaults() {
        int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION;
        byte[] bytes = Bytes.fromHex("11" + "7500" + "00" + "00");
        ComChangeUser decoded = roundTrip(bytes, b -> ComChangeUser.decode(b, caps));
        assertThat(decoded.username()).isEqualTo("u");
        assertThat(decoded.authResponse()).isEmpty();
        assertThat(decoded.schema()).isEmpty();
        assertThat(decoded.characterSet()).isZero();
        assertThat(decoded.authPluginName()).isNull();
    }
}
