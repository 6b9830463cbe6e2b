package io.shardgate.proxy.admin;

/** An admin command that cannot be done as asked; the message says why, in words for the operator. */
public final class AdminException extends RuntimeException {

    public AdminException(String message) {
        super(message);
    }
}
