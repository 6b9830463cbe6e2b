package io.shardgate.proxy.cluster;

import io.shardgate.proxy.admin.AdminException;
import io.shardgate.proxy.admin.AdminService;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What administrators change at run time, shared by the fleet under {@code /operations}: a replica's OFFLINE and
 * WEIGHT switches, the blacklist, and KILLs of sessions on other instances. A change made through one instance's
 * admin interface applies there at once and is written here; every instance's {@link CuratorCache} of the tree
 * applies it on that instance (the writer's own cache applies it again, which changes nothing). An instance that
 * starts later, or reconnects after an outage, applies the whole tree from the cache's first load. Persistent
 * znodes: the switches survive restarts of every instance, until an administrator changes them back.
 */
final class SharedOperations implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedOperations.class);
    /** How long {@code KILL ... ON} waits for the other instance to answer. */
    static final long KILL_ANSWER_MILLIS = 5_000;

    private final CuratorFramework zk;
    private final AdminService admin;
    private final String self;
    private final CuratorCache cache;

    SharedOperations(ClusterClient client, AdminService admin, String self) {
        this.zk = client.curator();
        this.admin = admin;
        this.self = self;
        this.cache = CuratorCache.build(zk, ClusterPaths.OPERATIONS);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, now) -> changed(now))
                .forDeletes(this::deleted)
                .build());
    }

    void start() {
        cache.start();
    }

    // ---------------------------------------------------------------- applying what the fleet wrote

    private void changed(ChildData node) {
        String path = node.getPath();
        String text = node.getData() == null ? "" : new String(node.getData(), StandardCharsets.UTF_8);
        try {
            if (path.startsWith(ClusterPaths.REPLICAS + "/")) {
                replica(ClusterPaths.name(path), text.contains("offline=true"), weightOf(text));
            } else if (path.startsWith(ClusterPaths.BLACKLIST + "/") && !text.isEmpty()) {
                admin.blacklist().addShape(text);
            } else if (path.startsWith(ClusterPaths.kills(self) + "/") && !text.startsWith("done ")) {
                kill(path, text);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot apply the shared operation {}: {}", path, e.getMessage());
        }
    }

    private void deleted(ChildData node) {
        String path = node.getPath();
        if (path.startsWith(ClusterPaths.REPLICAS + "/")) {
            replica(ClusterPaths.name(path), false, 0);
        } else if (path.startsWith(ClusterPaths.BLACKLIST + "/") && node.getData() != null) {
            admin.blacklist().removeShape(new String(node.getData(), StandardCharsets.UTF_8));
        }
    }

    private void replica(String name, boolean offline, int weight) {
        int at = name.indexOf('@');
        if (at <= 0) {
            return;
        }
        if (!admin.applyReplicaState(name.substring(0, at), name.substring(at + 1), offline, weight)) {
            LOG.warn("the fleet set replica {} of node {} {}, but this instance's config has no such replica",
                    name.substring(at + 1), name.substring(0, at), offline ? "OFFLINE" : "ONLINE");
        }
    }

    private static int weightOf(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("weight=")) {
                try {
                    return Integer.parseInt(line.substring("weight=".length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** A KILL another instance asked of this one: done here, the outcome written back for the asker. */
    private void kill(String path, String request) {
        String[] parts = request.trim().split(" ");
        AdminService.KillOutcome outcome;
        try {
            outcome = admin.kill(Long.parseLong(parts[1]), parts[0].equals("query"), AdminService.Asker.ADMIN);
        } catch (RuntimeException e) {
            outcome = AdminService.KillOutcome.NO_SUCH_SESSION;
        }
        try {
            zk.setData().forPath(path, ("done " + outcome.name().toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.warn("cannot answer the KILL request {}: {}", path, e.toString());
        }
    }

    // ---------------------------------------------------------------- telling the fleet

    void replicaChanged(String node, String address, boolean offline, int weight) {
        String path = ClusterPaths.replica(node, address);
        try {
            if (!offline && weight == 0) {
                try {
                    zk.delete().forPath(path);
                } catch (KeeperException.NoNodeException e) {
                    // the config's defaults were shared already
                }
                return;
            }
            byte[] data = ("offline=" + offline + "\nweight=" + weight + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                zk.create().creatingParentsIfNeeded().forPath(path, data);
            } catch (KeeperException.NodeExistsException e) {
                zk.setData().forPath(path, data);
            }
        } catch (Exception e) {
            throw unshared(e);
        }
    }

    void blacklistChanged(String shape, boolean listed) {
        String path = ClusterPaths.blacklisted(shape);
        try {
            if (listed) {
                zk.create().creatingParentsIfNeeded().forPath(path, shape.getBytes(StandardCharsets.UTF_8));
            } else {
                zk.delete().forPath(path);
            }
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
            // the fleet had it that way already
        } catch (Exception e) {
            throw unshared(e);
        }
    }

    private static AdminException unshared(Exception e) {
        return new AdminException("applied on this instance only: ZooKeeper cannot be reached to tell the other "
                + "instances (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "); repeat the command once it is back");
    }

    AdminService.KillOutcome killOn(String proxy, long id, boolean queryOnly) {
        String request;
        try {
            request = zk.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(ClusterPaths.kills(proxy) + "/k-", ((queryOnly ? "query " : "connection ") + id)
                            .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AdminException("cannot ask proxy " + proxy + " to KILL: ZooKeeper cannot be reached");
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KILL_ANSWER_MILLIS);
            while (System.nanoTime() < deadline) {
                String answer = new String(zk.getData().forPath(request), StandardCharsets.UTF_8);
                if (answer.startsWith("done ")) {
                    return AdminService.KillOutcome.valueOf(answer.substring(5).trim().toUpperCase(Locale.ROOT));
                }
                Thread.sleep(50);
            }
            throw new AdminException("proxy " + proxy + " did not answer the KILL within " + KILL_ANSWER_MILLIS
                    + " ms; whether the session was stopped is unknown");
        } catch (AdminException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while waiting for proxy " + proxy);
        } catch (Exception e) {
            throw new AdminException("cannot read proxy " + proxy + "'s answer to the KILL: " + e.getMessage());
        } finally {
            try {
                zk.delete().forPath(request);
            } catch (Exception e) {
                LOG.debug("KILL request {} left behind: {}", request, e.toString());
            }
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
