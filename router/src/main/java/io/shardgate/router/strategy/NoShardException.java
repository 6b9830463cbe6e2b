package io.shardgate.router.strategy;

/** No shard can hold the value: the statement fails with this message rather than guessing a default. */
public final class NoShardException extends RuntimeException {

    public NoShardException(String message) {
        super(message);
    }
}
