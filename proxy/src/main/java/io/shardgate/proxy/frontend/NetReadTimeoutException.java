package io.shardgate.proxy.frontend;

/** A logged-in client stalled in the middle of a packet past {@code proxy.net-read-timeout}: answered 1159. */
final class NetReadTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NetReadTimeoutException(long stalledMillis) {
        super("no bytes of an unfinished packet for " + stalledMillis + " ms", null, false, false);
    }
}
