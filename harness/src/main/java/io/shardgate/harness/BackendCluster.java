package io.shardgate.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real MariaDB servers as local processes: N primaries and M GTID replicas, each a
 * {@code mariadbd} with its own datadir, loopback port, socket and tmpdir under one base
 * directory. Used by the demo and the integration tests; no Docker needed.
 *
 * <pre>{@code
 * try (BackendCluster cluster = BackendCluster.builder().primaries(2).replicas(1).start()) {
 *     BackendServer primary = cluster.primary(0);
 *     DriverManager.getConnection(primary.jdbcUrl(), primary.user(), primary.password());
 * }
 * }</pre>
 *
 * <p>Every server has the proxy's account ({@code shard}/{@code shard}, mysql_native_password,
 * all privileges) and {@code root}/{@code root} over TCP. Replicas are {@code read_only} and
 * replicate from their primary by GTID; {@link #start()} returns after a row written on each
 * such primary has been read back on its replicas.
 *
 * <p>{@link #close()} stops every server (replicas first) and removes the base directory;
 * a JVM shutdown hook does the same for clusters that were never closed.
 */
public final class BackendCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackendCluster.class);

    private final Settings settings;
    private final MariaDbBinaries binaries;
    private final Path baseDir;
    private final List<Path> ownedDirs;
    private final List<ServerProcess> primaries;
    private final List<ServerProcess> replicas;
    private final Map<String, ServerProcess> byName;
    private final Replication replication;
    private final MariaDbClient client;
    private final String serverVersion;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    BackendCluster(Settings settings, MariaDbBinaries binaries, Path baseDir, List<Path> ownedDirs,
                   List<ServerProcess> primaries, List<ServerProcess> replicas, MariaDbClient client,
                   String serverVersion, Duration startupTime) {
        this.settings = settings;
        this.binaries = binaries;
        this.baseDir = baseDir;
        this.ownedDirs = List.copyOf(ownedDirs);
        this.primaries = List.copyOf(primaries);
        this.replicas = List.copyOf(replicas);
        this.client = client;
        this.replication = new Replication(client);
        this.serverVersion = serverVersion;
        this.startupTime = startupTime;
        Map<String, ServerProcess> names = new LinkedHashMap<>();
        for (ServerProcess server : this.primaries) {
            names.put(server.server().name(), server);
        }
        for (ServerProcess server : this.replicas) {
            names.put(server.server().name(), server);
        }
        this.byName = Map.copyOf(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- topology

    public List<BackendServer> primaries() {
        return primaries.stream().map(ServerProcess::server).toList();
    }

    public List<BackendServer> replicas() {
        return replicas.stream().map(ServerProcess::server).toList();
    }

    /** Primaries first, then replicas. */
    public List<BackendServer> servers() {
        List<BackendServer> all = new ArrayList<>(primaries());
        all.addAll(replicas());
        return all;
    }

    public BackendServer primary(int index) {
        return primaries.get(index).server();
    }

    public BackendServer replica(int index) {
        return replicas.get(index).server();
    }

    /** The primary {@code replica} replicates from. */
    public BackendServer primaryOf(BackendServer replica) {
        requireRole(replica, Role.REPLICA);
        return primary(settings.replicaSources().get(replica.index()));
    }

    /** {@code SELECT VERSION()} of the servers, e.g. {@code 10.11.19-MariaDB-0+deb12u1-log}. */
    public String serverVersion() {
        return serverVersion;
    }

    public MariaDbBinaries binaries() {
        return binaries;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** Wall time {@link Builder#start()} took, from locating binaries to replication checked. */
    public Duration startupTime() {
        return startupTime;
    }

    // ---------------------------------------------------------------- SQL as root

    /** Runs statements as root over the server's socket; returns the last result's rows. */
    public List<List<String>> query(BackendServer server, String sql) {
        return client.query(server.name(), process(server).files().socket(), sql, settings.startTimeout()).rows();
    }

    // ---------------------------------------------------------------- replication

    /**
     * Writes a row on every primary that has replicas, in a scratch schema, waits until each
     * of its replicas has it and reads it back there, then drops the schema.
     */
    public void verifyReplication() {
        for (int p = 0; p < primaries.size(); p++) {
            List<ServerProcess> followers = followers(settings, p, replicas);
            if (!followers.isEmpty()) {
                replication.verify(primaries.get(p), followers, settings.startTimeout());
            }
        }
    }

    /** Blocks until {@code replica} has applied everything its primary has written so far. */
    public void awaitReplicaCaughtUp(BackendServer replica, Duration timeout) {
        requireRole(replica, Role.REPLICA);
        replication.awaitCaughtUp(process(replica), process(primaryOf(replica)), timeout);
    }

    /** The replica's threads and last errors as one line, for diagnostics. */
    public String replicationStatus(BackendServer replica) {
        requireRole(replica, Role.REPLICA);
        return replication.status(process(replica));
    }

    static List<ServerProcess> followers(Settings settings, int primaryIndex, List<ServerProcess> replicas) {
        List<ServerProcess> followers = new ArrayList<>();
        for (ServerProcess replica : replicas) {
            if (settings.replicaSources().get(replica.server().index()) == primaryIndex) {
                followers.add(replica);
            }
        }
        return followers;
    }

    // ---------------------------------------------------------------- single-server control

    /** Clean shutdown; {@link #start(BackendServer)} brings it back with its data. */
    public void stop(BackendServer server) {
        process(server).stop();
    }

    /** SIGKILL, as in a crash. */
    public void kill(BackendServer server) {
        process(server).kill();
    }

    /** SIGSTOP: connections hang instead of failing, like an unresponsive host. */
    public void pause(BackendServer server) {
        process(server).pause();
    }

    /** SIGCONT after {@link #pause(BackendServer)}. */
    public void resume(BackendServer server) {
        process(server).resume();
    }

    /**
     * Starts a stopped or killed server again on the same port and datadir and waits until it
     * answers. A replica resumes replicating by itself.
     */
    public void start(BackendServer server) {
        ServerProcess process = process(server);
        process.start();
        process.awaitReady(settings.startTimeout());
    }

    /** True while the process exists, paused or not. */
    public boolean isAlive(BackendServer server) {
        return process(server).isAlive();
    }

    public boolean isPaused(BackendServer server) {
        return process(server).isPaused();
    }

    /** The running server's process id. */
    public long pid(BackendServer server) {
        return process(server).pid();
    }

    private ServerProcess process(BackendServer server) {
        Objects.requireNonNull(server, "server");
        ServerProcess process = byName.get(server.name());
        if (process == null || !process.server().equals(server)) {
            throw new IllegalArgumentException(server + " is not a server of this cluster");
        }
        return process;
    }

    private static void requireRole(BackendServer server, Role role) {
        if (server.role() != role) {
            throw new IllegalArgumentException(server.name() + " is a " + server.role() + ", not a " + role);
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops every server, replicas first, and removes the base directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        RuntimeException failure = null;
        try {
            stopAll(replicas);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            stopAll(primaries);
        } catch (RuntimeException e) {
            failure = addTo(failure, e);
        }
        if (!settings.keepBaseDir()) {
            for (Path dir : ownedDirs) {
                try {
                    DirectoryTrees.deleteRecursively(dir);
                    HarnessProcesses.baseDirRemoved(dir);
                } catch (IOException e) {
                    failure = addTo(failure, new HarnessException("cannot remove " + dir + ": " + e, e));
                }
            }
        }
        LOG.info("BackendCluster in {} closed in {} ms", baseDir, (System.nanoTime() - started) / 1_000_000);
        if (failure != null) {
            throw failure;
        }
    }

    static void stopAll(List<ServerProcess> servers) {
        Parallel.runAll(servers.stream().<Runnable>map(server -> server::stop).toList());
    }

    private static RuntimeException addTo(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    // ---------------------------------------------------------------- configuration

    /**
     * What to start.
     *
     * @param primaries      number of primaries, at least 1
     * @param replicaSources for replica {@code i}, the index of the primary it follows
     * @param baseDir        where servers live; empty for a fresh temporary directory
     * @param serverFlags    extra {@code mariadbd} command-line options for every server
     * @param binaries       which MariaDB; empty for {@link MariaDbBinaries#locate()}
     * @param templateCache  where to keep the installed template datadir across clusters
     * @param startTimeout   how long one server may take to answer, and one replica to catch up
     * @param keepBaseDir    leave the files behind on close, for post-mortems
     */
    record Settings(int primaries, List<Integer> replicaSources, Optional<Path> baseDir, List<String> serverFlags,
                    Optional<MariaDbBinaries> binaries, Optional<Path> templateCache, Duration startTimeout,
                    boolean keepBaseDir) {
        Settings {
            replicaSources = List.copyOf(replicaSources);
            serverFlags = List.copyOf(serverFlags);
        }
    }

    /** Options for a cluster; {@link #start()} starts it. */
    public static final class Builder {
        private int primaries = 1;
        private List<Integer> replicaSources = List.of();
        private Path baseDir;
        private final List<String> serverFlags = new ArrayList<>();
        private MariaDbBinaries binaries;
        private Path templateCache;
        private Duration startTimeout = Duration.ofSeconds(60);
        private boolean keepBaseDir;

        private Builder() {
        }

        public Builder primaries(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("primaries must be at least 1, was " + count);
            }
            this.primaries = count;
            return this;
        }

        /** {@code count} replicas, all of primary 0. */
        public Builder replicas(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("replicas cannot be negative, was " + count);
            }
            Integer[] sources = new Integer[count];
            Arrays.fill(sources, 0);
            this.replicaSources = List.of(sources);
            return this;
        }

        /** One replica per argument, following the primary of that index. */
        public Builder replicaOf(int... primaryIndexes) {
            this.replicaSources = Arrays.stream(primaryIndexes).boxed().toList();
            return this;
        }

        /** A directory that does not exist yet or is empty; removed on close. */
        public Builder baseDir(Path dir) {
            this.baseDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Extra {@code mariadbd} options for every server, e.g. {@code --ssl-cert=...}. */
        public Builder serverFlags(String... flags) {
            this.serverFlags.addAll(List.of(flags));
            return this;
        }

        public Builder binaries(MariaDbBinaries binaries) {
            this.binaries = Objects.requireNonNull(binaries, "binaries");
            return this;
        }

        /** Keep the installed template datadir here and reuse it (saves one install per cluster). */
        public Builder templateCache(Path dir) {
            this.templateCache = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        public Builder keepBaseDir(boolean keep) {
            this.keepBaseDir = keep;
            return this;
        }

        public BackendCluster start() {
            for (int source : replicaSources) {
                if (source < 0 || source >= primaries) {
                    throw new IllegalArgumentException("a replica follows primary " + source + " but there are only "
                            + primaries + " primaries");
                }
            }
            return ClusterLauncher.launch(new Settings(primaries, replicaSources, Optional.ofNullable(baseDir),
                    serverFlags, Optional.ofNullable(binaries), Optional.ofNullable(templateCache), startTimeout,
                    keepBaseDir));
        }
    }
}
