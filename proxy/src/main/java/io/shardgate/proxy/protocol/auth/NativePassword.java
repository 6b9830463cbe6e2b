package io.shardgate.proxy.protocol.auth;

import java.security.MessageDigest;

/**
 * mysql_native_password: the client proves it knows the password with
 * {@code SHA1(pw) XOR SHA1(seed + SHA1(SHA1(pw)))}; the server, which stores only
 * {@code SHA1(SHA1(pw))}, recovers SHA1(pw) from the scramble and checks that it hashes to the
 * stored value. An empty password scrambles to an empty response.
 */
public final class NativePassword {

    public static final String PLUGIN_NAME = "mysql_native_password";

    private NativePassword() {
    }

    /** The client's auth response. */
    public static byte[] scramble(byte[] password, byte[] seed) {
        if (password.length == 0) {
            return new byte[0];
        }
        byte[] stage1 = Digests.sha1(password);
        return Digests.xor(stage1, Digests.sha1(seed, Digests.sha1(stage1)));
    }

    /** The stored form, SHA1(SHA1(pw)) (mysql.user shows it as '*' + hex). */
    public static byte[] doubleHash(byte[] password) {
        return Digests.sha1(Digests.sha1(password));
    }

    /** Server side: does {@code response} prove knowledge of {@code password}? */
    public static boolean verify(byte[] response, byte[] seed, byte[] password) {
        if (password.length == 0) {
            return response.length == 0;
        }
        return verifyWithDoubleHash(response, seed, doubleHash(password));
    }

    /** Server side, when only the stored double hash is known. */
    public static boolean verifyWithDoubleHash(byte[] response, byte[] seed, byte[] doubleHash) {
        if (response.length != doubleHash.length) {
            return false;
        }
        byte[] stage1 = Digests.xor(response, Digests.sha1(seed, doubleHash));
        return MessageDigest.isEqual(Digests.sha1(stage1), doubleHash);
    }
}
