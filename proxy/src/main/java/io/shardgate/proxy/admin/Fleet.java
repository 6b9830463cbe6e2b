package io.shardgate.proxy.admin;

/**
 * The other proxies of a cluster, as the admin interface sees them (cluster mode only; a proxy with a file has none).
 * The admin side applies a change here first, then tells the fleet, which applies it on every other instance through
 * {@link AdminService}'s {@code apply...} methods.
 */
public interface Fleet {

    /** {@code SHOW PROXIES}: every registered instance. */
    AdminTable proxies();

    /** A replica's administrator switches changed here: every instance takes the same. */
    void replicaChanged(String node, String address, boolean offline, int weightOverride);

    /** A statement shape was added to (or removed from) the blacklist here. */
    void blacklistChanged(String shape, boolean listed);

    /**
     * {@code KILL [QUERY] id ON 'proxy'}: asks that instance to do it and waits for its answer.
     *
     * @return the answer to show; throws {@link AdminException} when the instance is unknown or does not answer
     */
    AdminService.KillOutcome killOn(String proxy, long id, boolean queryOnly);

    /** This instance's name in the fleet (its client address), as {@link #proxies()} lists it. */
    String self();
}
