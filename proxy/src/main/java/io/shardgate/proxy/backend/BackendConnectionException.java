package io.shardgate.proxy.backend;

/**
 * The conversation with a backend broke: it could not be reached, closed the connection, timed
 * out, violated the protocol, or asked for an authentication this client cannot do. The
 * connection is unusable afterwards.
 */
public final class BackendConnectionException extends BackendException {

    public BackendConnectionException(String backend, String message) {
        super(backend, message, null);
    }

    public BackendConnectionException(String backend, String message, Throwable cause) {
        super(backend, message, cause);
    }
}
