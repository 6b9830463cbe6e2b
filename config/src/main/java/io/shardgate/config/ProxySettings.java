package io.shardgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code proxy:} section: the client-facing listener.
 *
 * @param allowIps CIDRs or plain addresses; empty means every address may connect
 * @param workerId snowflake worker id, 0..1023
 * @param tls null when the front end offers no TLS
 * @param statementTimeout the default limit on a SELECT's run time (MySQL's {@code max_execution_time}, which
 *     a session may SET to override it); zero means none
 * @param scatterExtraConnections how many pooled connections one cross-shard read may borrow per node, beyond
 *     the session's own, so that every shard streams on its own connection; 0 runs the shards of a node one
 *     after another on the session's connection
 * @param maxSortRows the most rows one cross-shard ORDER BY may hold when the proxy must sort it in memory
 *     (more fails that statement with error 1038, so one query cannot exhaust the proxy's heap)
 * @param subqueryInlineLimit the most rows of one uncorrelated subquery across shards that the proxy writes into
 *     its statement as literals (more fails that statement with 1235)
 * @param maxSemiJoinRows the most rows of one uncorrelated IN / NOT IN subquery over the inline limit that the
 *     proxy holds in a hash set to filter the outer rows by (more fails that statement with 1235)
 * @param maxJoinRows the most rows of one side a join across shards may hold in the proxy's hash table (more
 *     fails that statement with error 1038)
 * @param transport the socket implementation: {@code auto} (epoll on Linux, else NIO), {@code nio},
 *     {@code epoll} or {@code io-uring}
 * @param ioThreads the number of event loops serving client and backend connections, or
 *     {@link #AUTO_IO_THREADS} to size it from the processors
 * @param writeTimeout how long a backend may take to answer any statement that is neither a SELECT nor DDL
 *     (writes, SHOW, COMMIT, PREPARE ...) before its connection is abandoned and the client told the outcome is
 *     unknown; zero means none
 * @param ddlTimeout the same for DDL (CREATE, ALTER, DROP, TRUNCATE, RENAME); zero means none
 * @param idLayout the id layout of key generators that do not name one: {@code 64-bit} (default) or
 *     {@code js-safe}
 * @param limits what one client connection may cost before and after login
 * @param auth how failed logins are slowed down
 * @param xa how prepared XA branches are settled
 */
public record ProxySettings(
        HostPort listen,
        List<UserConfig> users,
        List<String> allowIps,
        int maxConnections,
        int workerId,
        Duration slowQuery,
        TlsSettings tls,
        Duration statementTimeout,
        int scatterExtraConnections,
        int maxSortRows,
        int subqueryInlineLimit,
        int maxSemiJoinRows,
        int maxJoinRows,
        String transport,
        int ioThreads,
        Duration writeTimeout,
        Duration ddlTimeout,
        String idLayout,
        ClientLimits limits,
        AuthSettings auth,
        XaSettings xa) {

    /** {@code io-threads: auto}: the proxy picks the number from the processors it may use. */
    public static final int AUTO_IO_THREADS = 0;

    public ProxySettings {
        users = List.copyOf(users);
        allowIps = List.copyOf(allowIps);
    }

    /** The configured user of that exact name (user names are case-sensitive, as in MySQL). */
    public Optional<UserConfig> user(String name) {
        return users.stream().filter(u -> u.user().equals(name)).findFirst();
    }
}
