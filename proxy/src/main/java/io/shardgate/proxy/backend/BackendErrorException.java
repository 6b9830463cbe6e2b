package io.shardgate.proxy.backend;

import io.shardgate.proxy.protocol.ErrPacket;

/** The backend answered with an ERR packet (code, SQLSTATE and message as the server sent them). */
public final class BackendErrorException extends BackendException {

    private final ErrPacket error;

    public BackendErrorException(String backend, ErrPacket error) {
        super(backend, error.toString(), null);
        this.error = error;
    }

    public ErrPacket error() {
        return error;
    }

    public int errorCode() {
        return error.errorCode();
    }

    public String sqlState() {
        return error.sqlState();
    }

    public String serverMessage() {
        return error.message();
    }
}
