package io.shardgate.proxy.reshard;

/** A reshard cannot go on; the message says why, for the operator. */
public final class ReshardException extends RuntimeException {

    public ReshardException(String message) {
        super(message);
    }

    public ReshardException(String message, Throwable cause) {
        super(message, cause);
    }
}
