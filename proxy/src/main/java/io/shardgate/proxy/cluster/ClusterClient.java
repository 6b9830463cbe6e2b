package io.shardgate.proxy.cluster;

import io.shardgate.config.ClusterSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's ZooKeeper client (Curator, rooted at the fleet's namespace) and what it knows of its connection,
 * for {@code /ready}, the metrics and the log. A lost connection is logged once when it goes and once when it comes
 * back; the instance serves on with the config it has meanwhile.
 */
public final class ClusterClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);

    private final CuratorFramework curator;
    private final ClusterSettings settings;
    private volatile boolean connected;
    private volatile Instant lostAt;

    private ClusterClient(ClusterSettings settings) {
        this.settings = settings;
        int sessionMs = (int) settings.sessionTimeout().toMillis();
        this.curator = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .namespace(settings.namespace())
                .sessionTimeoutMs(sessionMs)
                // a request waits at most about a session timeout for a connection, then fails and is retried
                .connectionTimeoutMs(Math.min(sessionMs, 15_000))
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1_000))
                .build();
        curator.getConnectionStateListenable().addListener((client, state) -> changed(state));
    }

    /**
     * Connects and waits until ZooKeeper answers: a proxy in cluster mode cannot start without it (its config is
     * there).
     *
     * @throws IllegalStateException when no server of the ensemble answered within {@code wait}
     */
    public static ClusterClient connect(ClusterSettings settings, Duration wait) {
        ClusterClient client = new ClusterClient(settings);
        client.curator.start();
        boolean up;
        try {
            up = client.curator.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        }
        if (!up) {
            client.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + settings.connectString() + " within "
                    + wait.toSeconds() + " s; a proxy in cluster mode needs it to start (its config is there)");
        }
        client.connected = true;
        return client;
    }

    private void changed(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                Instant since = lostAt;
                connected = true;
                lostAt = null;
                if (since != null) {
                    LOG.info("ZooKeeper {} again ({} s after the connection was lost)", settings.connectString(),
                            Duration.between(since, Instant.now()).toSeconds());
                }
            }
            case SUSPENDED, LOST -> {
                if (connected) {
                    lostAt = Instant.now();
                    LOG.warn("lost the connection to ZooKeeper {}: serving on with the running config; generated keys "
                            + "pause once the worker-id lease runs out", settings.connectString());
                }
                connected = false;
                if (state == ConnectionState.LOST) {
                    LOG.warn("ZooKeeper session expired: this instance's worker-id lease and registry entry are gone "
                            + "until it reconnects");
                }
            }
            default -> {
            }
        }
    }

    public CuratorFramework curator() {
        return curator;
    }

    public ClusterSettings settings() {
        return settings;
    }

    public boolean connected() {
        return connected;
    }

    /** For /ready and SHOW PROXIES: {@code connected}, or since when it is not. */
    public String state() {
        Instant since = lostAt;
        return connected ? "connected" : "disconnected since " + (since == null ? "start" : since.toString());
    }

    /**
     * The session timeout ZooKeeper granted (its server clamps the one asked for to its own bounds); the one asked
     * for before the first connection.
     */
    long sessionTimeoutMillis() {
        try {
            int negotiated = curator.getZookeeperClient().getZooKeeper().getSessionTimeout();
            return negotiated > 0 ? Math.min(negotiated, settings.sessionTimeout().toMillis())
                    : settings.sessionTimeout().toMillis();
        } catch (Exception e) {
            return settings.sessionTimeout().toMillis();
        }
    }

    @Override
    public void close() {
        curator.close();
    }
}
