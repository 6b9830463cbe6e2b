package io.shardgate.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link BackendCluster.Settings} into running servers: template datadir, one copy per
 * server, all servers started at once, replication configured and checked. Anything that
 * fails stops what was started and removes the files before the error propagates.
 */
final class ClusterLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLauncher.class);
    private static final int PORT_ATTEMPTS = 3;
    /** A loaded 2-core machine has taken 4 s for one install; far beyond that something hangs. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);

    private final BackendCluster.Settings settings;
    private final MariaDbBinaries binaries;
    private final MariaDbClient client;
    private final boolean runAsRoot = "root".equals(System.getProperty("user.name"));
    private final List<Path> ownedDirs = new ArrayList<>();

    private ClusterLauncher(BackendCluster.Settings settings, MariaDbBinaries binaries) {
        this.settings = settings;
        this.binaries = binaries;
        this.client = new MariaDbClient(binaries.client());
    }

    static BackendCluster launch(BackendCluster.Settings settings) {
        long started = System.nanoTime();
        MariaDbBinaries binaries = settings.binaries().orElseGet(MariaDbBinaries::locate);
        return new ClusterLauncher(settings, binaries).launch(started);
    }

    private BackendCluster launch(long started) {
        Path baseDir = createBaseDir();
        List<ServerProcess> primaries = new ArrayList<>();
        List<ServerProcess> replicas = new ArrayList<>();
        try {
            Path template = DatadirTemplate.prepare(binaries, baseDir.resolve("template"), settings.templateCache(),
                    runAsRoot, INSTALL_TIMEOUT);
            long templated = System.nanoTime();

            Path socketDir = socketDir(baseDir);
            List<Integer> ports = LoopbackPorts.allocate(settings.primaries() + settings.replicaSources().size());
            for (int i = 0; i < settings.primaries(); i++) {
                primaries.add(prepare(baseDir, socketDir, Role.PRIMARY, i, ports.get(i)));
            }
            for (int i = 0; i < settings.replicaSources().size(); i++) {
                replicas.add(prepare(baseDir, socketDir, Role.REPLICA, i, ports.get(settings.primaries() + i)));
            }
            List<ServerProcess> all = Stream.concat(primaries.stream(), replicas.stream()).toList();
            Parallel.runAll(all.stream().<Runnable>map(server -> () -> copyTemplate(template, server)).toList());
            deleteInstalledTemplate(baseDir.resolve("template"));
            long copied = System.nanoTime();

            AtomicReference<String> version = new AtomicReference<>();
            Parallel.runAll(all.stream().<Runnable>map(server -> () -> version.set(startWithPortRetry(server)))
                    .toList());
            long running = System.nanoTime();

            Replication replication = new Replication(client);
            for (ServerProcess replica : replicas) {
                replication.configure(replica, primaries.get(settings.replicaSources().get(replica.server().index())));
            }
            for (int p = 0; p < primaries.size(); p++) {
                List<ServerProcess> followers = BackendCluster.followers(settings, p, replicas);
                if (!followers.isEmpty()) {
                    replication.verify(primaries.get(p), followers, settings.startTimeout());
                }
            }
            long replicated = System.nanoTime();

            BackendCluster cluster = new BackendCluster(settings, binaries, baseDir, ownedDirs, primaries, replicas,
                    client, version.get(), Duration.ofNanos(replicated - started));
            LOG.info("BackendCluster: {} primaries + {} replicas of MariaDB {} ({}) up in {} ms "
                            + "[template {} ms, copies {} ms, servers {} ms, replication {} ms] in {}",
                    primaries.size(), replicas.size(), version.get(), binaries.source().name().toLowerCase(Locale.ROOT),
                    cluster.startupTime().toMillis(), millis(started, templated), millis(templated, copied),
                    millis(copied, running), millis(running, replicated), baseDir);
            return cluster;
        } catch (RuntimeException e) {
            abandon(primaries, replicas, e);
            throw e;
        }
    }

    private Path createBaseDir() {
        try {
            Path dir;
            if (settings.baseDir().isPresent()) {
                dir = settings.baseDir().get().toAbsolutePath();
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> entries = Files.list(dir)) {
                        if (entries.findAny().isPresent()) {
                            throw new HarnessException("base dir " + dir + " is not empty; the cluster deletes it"
                                    + " on close, so it must be empty or not exist");
                        }
                    }
                }
                Files.createDirectories(dir);
            } else {
                Path tempRoot = HarnessProcesses.defaultBaseDirRoot();
                HarnessProcesses.reapOrphansOnce(tempRoot);
                dir = Files.createTempDirectory(tempRoot, HarnessProcesses.ownBaseDirPrefix());
            }
            own(dir);
            return dir;
        } catch (IOException e) {
            throw new HarnessException("cannot create the base dir: " + e, e);
        }
    }

    /** Sockets go next to the datadirs unless that path is too long for a Unix socket address. */
    private Path socketDir(Path baseDir) {
        Path longest = baseDir.resolve("replica-" + settings.replicaSources().size()).resolve("mysqld.sock");
        if (longest.toString().length() <= ServerFiles.MAX_SOCKET_PATH) {
            return null;
        }
        try {
            Path dir = Files.createTempDirectory(HarnessProcesses.defaultBaseDirRoot(), HarnessProcesses.ownBaseDirPrefix() + "sockets-");
            own(dir);
            return dir;
        } catch (IOException e) {
            throw new HarnessException("cannot create a socket directory: " + e, e);
        }
    }

    private void own(Path dir) {
        ownedDirs.add(dir);
        HarnessProcesses.registerBaseDir(dir, settings.keepBaseDir());
    }

    private ServerProcess prepare(Path baseDir, Path socketDir, Role role, int index, int port) {
        String name = role.name().toLowerCase(Locale.ROOT) + "-" + index;
        Path dir = baseDir.resolve(name);
        Path socket = socketDir == null ? dir.resolve("mysqld.sock") : socketDir.resolve(name + ".sock");
        BackendServer server = new BackendServer(name, role, index, "127.0.0.1", port, socket, dir,
                DatadirTemplate.PROXY_USER, DatadirTemplate.ROOT_USER);
        return new ServerProcess(server, new ServerFiles(dir, socket), binaries, settings.serverFlags(), client);
    }

    private int serverId(BackendServer server) {
        return server.role() == Role.PRIMARY ? server.index() + 1 : settings.primaries() + server.index() + 1;
    }

    private void writeConfig(ServerProcess process) {
        BackendServer server = process.server();
        try {
            Files.writeString(process.files().configFile(), MyCnf.forServer(process.files(), server.port(),
                    serverId(server), server.role(), binaries, runAsRoot));
        } catch (IOException e) {
            throw new HarnessException("cannot write " + process.files().configFile() + ": " + e, e);
        }
    }

    /** Every server has its copy; on tmpfs the original would only hold on to 26 MB of RAM. */
    private static void deleteInstalledTemplate(Path dir) {
        try {
            DirectoryTrees.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("cannot remove the installed template {}: {}", dir, e.toString());
        }
    }

    private void copyTemplate(Path template, ServerProcess process) {
        try {
            Files.createDirectories(process.files().tmpDir());
            DirectoryTrees.copy(template, process.files().dataDir());
        } catch (IOException e) {
            throw new HarnessException("cannot copy the template datadir for " + process.server().name() + ": " + e, e);
        }
        writeConfig(process);
    }

    /** Starts the server; if another process took its port meanwhile, moves it to a fresh one. */
    private String startWithPortRetry(ServerProcess process) {
        for (int attempt = 1; ; attempt++) {
            process.start();
            try {
                return process.awaitReady(settings.startTimeout());
            } catch (ServerProcess.PortInUseException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                int taken = process.server().port();
                process.moveTo(LoopbackPorts.allocate(1).get(0));
                LOG.info("{}: port {} was taken, retrying on {}", process.server().name(), taken,
                        process.server().port());
                writeConfig(process);
            }
        }
    }

    private void abandon(List<ServerProcess> primaries, List<ServerProcess> replicas, RuntimeException cause) {
        try {
            List<ServerProcess> everything = new ArrayList<>(replicas);
            everything.addAll(primaries);
            Parallel.runAll(everything.stream().<Runnable>map(server -> server::kill).toList());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        if (!settings.keepBaseDir()) {
            for (Path dir : ownedDirs) {
                try {
                    DirectoryTrees.deleteRecursively(dir);
                    HarnessProcesses.baseDirRemoved(dir);
                } catch (IOException e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
