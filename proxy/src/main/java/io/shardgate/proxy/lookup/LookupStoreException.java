package io.shardgate.proxy.lookup;

/** The locator table could not be read or written; the statement that needed it fails with this message. */
public final class LookupStoreException extends RuntimeException {

    public LookupStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
