package io.shardgate.router.keygen;

/**
 * This proxy may not make ids now: in cluster mode it holds no worker-id lease (see {@link WorkerLease}). The
 * statement that needed one is refused; the others run as usual.
 */
public final class NoWorkerIdException extends IllegalStateException {

    public NoWorkerIdException(String why) {
        super(why);
    }
}
