package io.shardgate.proxy.backend;

import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.PacketDecoder;
import java.time.Duration;

/**
 * How to reach and log into one backend server.
 *
 * @param host                   an IP literal preferably: a name is resolved on the event loop
 * @param schema                 initial schema, or null for none
 * @param tlsMode                TLS to the backend
 * @param trustAnyCertificate    skip certificate verification (tests, self-signed servers)
 * @param serverPublicKeyPem     the server's RSA key for caching_sha2_password full auth without TLS, or null
 * @param allowPublicKeyRetrieval ask the server for its RSA key when none is configured; a machine in
 *                               the middle could then hand out its own key and learn the password
 * @param connectTimeout         one budget for the TCP connect and the handshake together
 * @param maxPacketSize          largest response packet accepted (max_allowed_packet)
 * @param flavor                 the protocol-shaping flags copied from the client the connection will serve
 *                               ({@link #FLAVOR_FLAGS}: FOUND_ROWS, DEPRECATE_EOF), so raw responses can be
 *                               forwarded to that client unchanged
 */
public record BackendSettings(String host, int port, String user, String password, String schema, TlsMode tlsMode,
                              boolean trustAnyCertificate, String serverPublicKeyPem, boolean allowPublicKeyRetrieval,
                              Duration connectTimeout, int maxPacketSize, int flavor) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Client capabilities that change the bytes of responses; a backend connection mirrors its client's. */
    public static final int FLAVOR_FLAGS = Capabilities.FOUND_ROWS | Capabilities.DEPRECATE_EOF;

    public BackendSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be within 1..65535, was " + port);
        }
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
        password = password == null ? "" : password;
        tlsMode = tlsMode == null ? TlsMode.DISABLED : tlsMode;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        maxPacketSize = maxPacketSize <= 0 ? PacketDecoder.DEFAULT_MAX_PACKET_SIZE : maxPacketSize;
        flavor &= FLAVOR_FLAGS;
    }

    /** Plain connection without TLS, default timeouts. */
    public static BackendSettings of(String host, int port, String user, String password, String schema) {
        return new BackendSettings(host, port, user, password, schema, TlsMode.DISABLED, false, null, false, null, 0,
                Capabilities.DEPRECATE_EOF);
    }

    public BackendSettings withTls(TlsMode mode, boolean trustAny) {
        return new BackendSettings(host, port, user, password, schema, mode, trustAny, serverPublicKeyPem,
                allowPublicKeyRetrieval, connectTimeout, maxPacketSize, flavor);
    }

    /** The same server for a client whose capabilities are {@code clientCapabilities}. */
    public BackendSettings withFlavorOf(int clientCapabilities) {
        return new BackendSettings(host, port, user, password, schema, tlsMode, trustAnyCertificate,
                serverPublicKeyPem, allowPublicKeyRetrieval, connectTimeout, maxPacketSize, clientCapabilities);
    }

    public BackendSettings withSchema(String newSchema) {
        return new BackendSettings(host, port, user, password, newSchema, tlsMode, trustAnyCertificate,
                serverPublicKeyPem, allowPublicKeyRetrieval, connectTimeout, maxPacketSize, flavor);
    }

    public BackendSettings withConnectTimeout(Duration timeout) {
        return new BackendSettings(host, port, user, password, schema, tlsMode, trustAnyCertificate,
                serverPublicKeyPem, allowPublicKeyRetrieval, timeout, maxPacketSize, flavor);
    }

    public BackendSettings withPublicKey(String pem, boolean allowRetrieval) {
        return new BackendSettings(host, port, user, password, schema, tlsMode, trustAnyCertificate, pem,
                allowRetrieval, connectTimeout, maxPacketSize, flavor);
    }

    /** host:port, for messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "BackendSettings[" + user + "@" + address() + (schema == null ? "" : "/" + schema) + ", password="
                + (password.isEmpty() ? "<none>" : "****") + ", tls=" + tlsMode + (trustAnyCertificate ? " (trust any)" : "")
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms]";
    }
}
