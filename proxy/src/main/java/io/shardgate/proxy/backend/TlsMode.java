package io.shardgate.proxy.backend;

/** Whether the connection to a backend uses TLS. */
public enum TlsMode {
    /** Never; the password never travels in clear because the auth plugins scramble it. */
    DISABLED,
    /** When the server offers it. */
    PREFERRED,
    /** Always; fails when the server does not offer TLS. */
    REQUIRED
}
