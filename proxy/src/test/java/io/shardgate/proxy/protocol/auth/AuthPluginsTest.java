package io.shardgate.proxy.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Expected values computed independently with Python's hashlib from the published formulas. */
class AuthPluginsTest {

    private static final byte[] PASSWORD = "secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEED = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);

    @Test
    void nativePasswordScrambleMatchesTheFormula() {
        assertThat(ByteBufUtil.hexDump(NativePassword.scramble(PASSWORD, SEED)))
                .isEqualTo("8817c50fa779daef010ee7577825b0847df9842e");
        // MySQL's PASSWORD('secret') is '*14E65567ABDB5135D0CFD9A70B3032C179A49EE7'
        assertThat(ByteBufUtil.hexDump(NativePassword.doubleHash(PASSWORD)))
                .isEqualTo("14e65567abdb5135d0cfd9a70b3032c179a49ee7");
    }

    @Test
    void nativePasswordVerifiesTheRightPasswordOnly() {
        byte[] response = NativePassword.scramble(PASSWORD, SEED);
        assertThat(NativePassword.verify(response, SEED, PASSWORD)).isTrue();
        assertThat(NativePassword.verifyWithDoubleHash(response, SEED, NativePassword.doubleHash(PASSWORD))).isTrue();
        assertThat(NativePassword.verify(response, SEED, "Secret".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] otherSeed = SEED.clone();
        otherSeed[0] ^= 1;
        assertThat(NativePassword.verify(response, otherSeed, PASSWORD)).as("replay with another seed").isFalse();
        assertThat(NativePassword.verify(new byte[3], SEED, PASSWORD)).isFalse();
    }

    @Test
    void emptyPasswordsScrambleToNothing() {
        assertThat(NativePassword.scramble(new byte[0], SEED)).isEmpty();
        assertThat(NativePassword.verify(new byte[0], SEED, new byte[0])).isTrue();
        assertThat(NativePassword.verify(new byte[0], SEED, PASSWORD)).isFalse();
        assertThat(CachingSha2Password.scramble(new byte[0], SEED)).isEmpty();
        assertThat(CachingSha2Password.verify(new byte[0], SEED, new byte[0])).isTrue();
        assertThat(CachingSha2Password.verify(new byte[20], SEED, new byte[0])).isFalse();
    }

    @Test
    void cachingSha2ScrambleMatchesTheFormula() {
        assertThat(ByteBufUtil.hexDump(CachingSha2Password.scramble(PASSWORD, SEED)))
                .isEqualTo("c76e2898612a4cf042c77fa8c4702c4c64c0c2c557c53c4d75595aaa6abae809");
    }

    @Test
    void cachingSha2VerifiesTheRightPasswordOnly() {
        byte[] response = CachingSha2Password.scramble(PASSWORD, SEED);
        assertThat(CachingSha2Password.verify(response, SEED, PASSWORD)).isTrue();
        assertThat(CachingSha2Password.verify(response, SEED, "x".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CachingSha2Password.verify(NativePassword.scramble(PASSWORD, SEED), SEED, PASSWORD)).isFalse();
    }

    @Test
    void cachingSha2RsaRoundTripsThroughPemAndTheSeedXor() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem = CachingSha2Password.toPem(keys.getPublic());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        PublicKey parsed = CachingSha2Password.parsePublicKey(pem);
        assertThat(parsed).isEqualTo(keys.getPublic());

        byte[] encrypted = CachingSha2Password.encryptPassword(PASSWORD, SEED, parsed);
        assertThat(encrypted).hasSize(256);
        assertThat(CachingSha2Password.decryptPassword(encrypted, SEED, keys.getPrivate())).isEqualTo(PASSWORD);
        // The seed is part of the plaintext: decrypting with another seed does not yield the password.
        byte[] otherSeed = SEED.clone();
        otherSeed[3] ^= 0x10;
        assertThat(CachingSha2Password.decryptPassword(encrypted, otherSeed, keys.getPrivate())).isNotEqualTo(PASSWORD);
    }

    @Test
    void clearTextPasswordIsNulTerminated() {
        assertThat(CachingSha2Password.clearTextPassword(PASSWORD)).containsExactly('s', 'e', 'c', 'r', 'e', 't', 0);
    }

    @Test
    void garbageIsNotAPublicKey() {
        assertThatThrownBy(() -> CachingSha2Password.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an RSA public key");
    }

    @Test
    void seedsArePrintableWithoutNulOrDollar() {
        Random random = new SecureRandom();
        for (int i = 0; i < 200; i++) {
            byte[] seed = AuthSeed.generate(random);
            assertThat(seed).hasSize(AuthSeed.LENGTH);
            for (byte b : seed) {
                assertThat(b).isBetween((byte) 0x21, (byte) 0x7E).isNotEqualTo((byte) '$');
            }
        }
        assertThat(AuthSeed.generate(new Random(1))).isNotEqualTo(AuthSeed.generate(new Random(2)));
    }
}
