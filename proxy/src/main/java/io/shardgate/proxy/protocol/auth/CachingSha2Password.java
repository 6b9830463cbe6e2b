package io.shardgate.proxy.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * caching_sha2_password (MySQL 8's default).
 *
 * <p>Fast path: the client sends {@code XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + seed))}; a
 * server that has the user in its cache answers AuthMoreData {@link #FAST_AUTH_SUCCESS} and OK.
 * Otherwise it answers {@link #PERFORM_FULL_AUTHENTICATION} and wants the plain password: in clear
 * (NUL-terminated) over TLS, or else RSA-encrypted with the server's public key, which the client
 * may ask for with {@link #REQUEST_PUBLIC_KEY}. The RSA plaintext is (password + NUL) XOR the
 * seed repeated, so a captured ciphertext is useless for another handshake.
 */
public final class CachingSha2Password {

    public static final String PLUGIN_NAME = "caching_sha2_password";

    /** AuthMoreData payloads and the client's key request. */
    public static final int REQUEST_PUBLIC_KEY = 0x02;
    public static final int FAST_AUTH_SUCCESS = 0x03;
    public static final int PERFORM_FULL_AUTHENTICATION = 0x04;

    public static final String RSA_TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";

    private CachingSha2Password() {
    }

    /** The client's fast-path auth response. An empty password scrambles to an empty response. */
    public static byte[] scramble(byte[] password, byte[] seed) {
        if (password.length == 0) {
            return new byte[0];
        }
        byte[] stage1 = Digests.sha256(password);
        byte[] stage2 = Digests.sha256(stage1);
        return Digests.xor(stage1, Digests.sha256(stage2, seed));
    }

    /** Server side: does the fast-path {@code response} prove knowledge of {@code password}? */
    public static boolean verify(byte[] response, byte[] seed, byte[] password) {
        if (password.length == 0) {
            return response.length == 0;
        }
        if (response.length != 32) {
            return false;
        }
        byte[] stage2 = Digests.sha256(Digests.sha256(password));
        byte[] stage1 = Digests.xor(response, Digests.sha256(stage2, seed));
        return MessageDigest.isEqual(Digests.sha256(stage1), stage2);
    }

    /** The full-path answer over TLS: the password in clear, NUL-terminated. */
    public static byte[] clearTextPassword(byte[] password) {
        return Arrays.copyOf(password, password.length + 1);
    }

    /** The full-path answer without TLS: (password + NUL) XOR seed, RSA-OAEP encrypted. */
    public static byte[] encryptPassword(byte[] password, byte[] seed, PublicKey serverKey) {
        try {
            Cipher cipher = Cipher.getInstance(RSA_TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, serverKey);
            return cipher.doFinal(xorWithSeed(clearTextPassword(password), seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption of the password failed: " + e.getMessage(), e);
        }
    }

    /** Server side of {@link #encryptPassword}: the password without its NUL. */
    public static byte[] decryptPassword(byte[] encrypted, byte[] seed, PrivateKey serverKey)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(RSA_TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, serverKey);
        byte[] plain = xorWithSeed(cipher.doFinal(encrypted), seed);
        int length = plain.length > 0 && plain[plain.length - 1] == 0 ? plain.length - 1 : plain.length;
        return Arrays.copyOf(plain, length);
    }

    /** Parses the PEM ("-----BEGIN PUBLIC KEY-----", X.509 SubjectPublicKeyInfo) a server sends. */
    public static PublicKey parsePublicKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM form: " + e.getMessage(), e);
        }
    }

    /** The PEM form of a public key, as a server sends it in AuthMoreData. */
    public static String toPem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] xorWithSeed(byte[] data, byte[] seed) {
        byte[] result = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            result[i] = (byte) (data[i] ^ seed[i % seed.length]);
        }
        return result;
    }
}
