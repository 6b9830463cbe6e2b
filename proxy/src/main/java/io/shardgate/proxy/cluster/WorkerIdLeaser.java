package io.shardgate.proxy.cluster;

import io.shardgate.router.keygen.SnowflakeGenerator;
import io.shardgate.router.keygen.WorkerLease;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds this instance's worker id as an ephemeral znode {@code /workers/NNNN}: the lowest free one of 0..1023, taken
 * at start and again whenever the session that held it is gone. One thread, "worker-id-lease", does everything:
 *
 * <ul>
 *   <li><b>Take</b>: create {@code /workers/0000}, {@code 0001} ... until one is free (or is already this session's,
 *       when a create's answer was lost and retried); the session that owns the znode is remembered.
 *   <li><b>Renew</b>, every sixth of the session timeout: a write to the znode by the session that owns it (the
 *       client's session id before and after the write). It succeeds only while that session is alive (writes go
 *       through ZooKeeper's leader, which checks the session), and the answer's {@code ephemeralOwner} proves the
 *       znode is still the one this session created. ZooKeeper then keeps the
 *       session at least a session timeout past the moment the write was sent, so the lease's deadline is that moment
 *       plus two thirds of the timeout (the rest is margin for clock rates and scheduling).
 *   <li><b>Lose</b>: a failed renewal changes nothing by itself: the deadline runs out, and {@link WorkerLease} makes
 *       no id past it, even in a process that was paused and has not yet heard that its session expired. An answer
 *       that the znode is gone or another session's ends the term at once; the next round takes an id again.
 * </ul>
 *
 * <p>An id leased again after another instance held it: that instance's last id was made before its deadline, at
 * least a third of the session timeout before ZooKeeper deleted its znode and let this one take it. Ids cannot
 * repeat as long as the hosts' clocks agree to within that margin (NTP keeps them within milliseconds).
 */
final class WorkerIdLeaser implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerIdLeaser.class);

    private final ClusterClient client;
    private final WorkerLease lease;
    private final byte[] owner;
    private final Thread thread;
    private volatile boolean closed;
    /** The held znode's id and owning session; -1 when none is held. Touched by the lease thread only. */
    private int workerId = -1;
    private long ownerSession;
    private long term;

    WorkerIdLeaser(ClusterClient client, WorkerLease lease, String instance) {
        this.client = client;
        this.lease = lease;
        this.owner = instance.getBytes(StandardCharsets.UTF_8);
        this.thread = Thread.ofPlatform().daemon().name("worker-id-lease").unstarted(this::run);
        client.curator().getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.LOST) {
                lease.revoke("the ZooKeeper session expired; a new worker id is being leased");
            }
        });
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed) {
            long timeout = client.sessionTimeoutMillis();
            long pause = timeout / 6;
            try {
                if (workerId < 0) {
                    take();
                } else {
                    renew();
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    LOG.debug("worker-id lease round failed: {}", e.toString());
                }
                pause = Math.min(pause, 200);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void take() throws Exception {
        CuratorFramework zk = client.curator();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(client.sessionTimeoutMillis() * 2 / 3);
        long session = sessionId();
        for (int id = 0; id <= SnowflakeGenerator.MAX_WORKER_ID; id++) {
            String path = ClusterPaths.worker(id);
            boolean created;
            try {
                zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, owner);
                created = true;
            } catch (KeeperException.NodeExistsException e) {
                created = false;
            }
            // whose it is: ours when created now, or when a create whose answer was lost had created it before
            Stat stat = zk.checkExists().forPath(path);
            if (stat == null || !created && stat.getEphemeralOwner() != session) {
                continue;
            }
            workerId = id;
            ownerSession = stat.getEphemeralOwner();
            term = lease.grant(id, deadline);
            LOG.info("leased worker id {} ({})", id, path);
            return;
        }
        lease.revoke("all 1024 worker ids are leased by other instances");
        LOG.warn("all 1024 worker ids are leased by other instances: this one generates no keys until one is free");
    }

    private void renew() throws Exception {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(client.sessionTimeoutMillis() * 2 / 3);
        // the write must be made by the session that owns the znode: after an expiry Curator opens a new session,
        // which could still write to the old session's znode until ZooKeeper deletes it
        long before = sessionId();
        Stat stat;
        try {
            stat = before != ownerSession ? null : client.curator().setData().forPath(ClusterPaths.worker(workerId), owner);
        } catch (KeeperException.NoNodeException e) {
            stat = null;
        }
        if (stat == null || stat.getEphemeralOwner() != ownerSession || sessionId() != ownerSession) {
            LOG.warn("worker id {} is no longer this instance's (its ZooKeeper session expired); leasing another",
                    workerId);
            lease.revoke("the ZooKeeper session that held worker id " + workerId + " expired; a new one is being leased");
            workerId = -1;
            return;
        }
        lease.renew(term, deadline);
    }

    private long sessionId() throws Exception {
        return client.curator().getZookeeperClient().getZooKeeper().getSessionId();
    }

    /** The worker id held now, -1 when none. */
    int workerId() {
        return lease.workerId();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lease.revoke("this instance is shutting down");
    }
}
