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

    /**
     * Why {@code failure} happened, for a message or a log line: the backend client's own words when it has them
     * (they name no JDK class), else the root cause's message.
     */
    public static String reason(Throwable failure) {
        Throwable c = failure;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof BackendException) {
                return c.getMessage();
            }
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
