package io.shardgate.proxy.backend;

/** Something went wrong talking to a backend server; the message names the backend. */
public abstract sealed class BackendException extends RuntimeException
        permits BackendErrorException, BackendConnectionException {

    private final String backend;

    protected BackendException(String backend, String message, Throwable cause) {
        super("backend " + backend + ": " + message, cause);
        this.backend = backend;
    }

    /** host:port of the backend. */
    public String backend() {
        return backend;
    }
}
