package io.shardgate.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code mariadbd} this JVM started, and the base directories they live in.
 *
 * <p>This is deliberately process-wide state, the one exception to "pass state in": a JVM
 * shutdown hook must find servers whose cluster was never closed, and a test must be able to
 * assert that no server outlived its cluster, whoever started it. Three safety nets, so that
 * no server outlives the test run: {@link BackendCluster#close()}, the shutdown hook (SIGTERM,
 * then SIGKILL after a few seconds), and, for a JVM that was itself killed with SIGKILL, a
 * reaper that on the next start kills servers whose owning JVM (its pid is part of the default
 * base directory's name) no longer exists.
 */
public final class HarnessProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(HarnessProcesses.class);

    /** Default base directories are named {@code shardgate-harness-<jvm pid>-<random>}. */
    static final String BASE_DIR_PREFIX = "shardgate-harness-";
    private static final Pattern OWNED_DIR = Pattern.compile(Pattern.quote(BASE_DIR_PREFIX) + "(\\d+)-[^/]*");

    private static final Map<Long, Process> STARTED = new ConcurrentHashMap<>();
    private static final Set<Path> BASE_DIRS = ConcurrentHashMap.newKeySet();
    private static final Set<Path> EVER_USED_BASE_DIRS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean REAPED = new AtomicBoolean();

    private HarnessProcesses() {
    }

    /** A server process found in {@code /proc}. */
    public record RunningServer(long pid, String commandLine) {
    }

    /**
     * Where default base directories go: {@code /dev/shm} when it is a writable directory, else
     * {@code java.io.tmpdir}. Datadirs in memory make a cluster start 2-3 times faster on a busy
     * disk (measured here: 3 primaries + 1 replica in 1.1-1.8 s instead of 2.3-5 s) and cost
     * ~30 MB of RAM per server.
     */
    public static Path defaultBaseDirRoot() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The prefix of this JVM's default base directories' names. */
    public static String ownBaseDirPrefix() {
        return BASE_DIR_PREFIX + ProcessHandle.current().pid() + "-";
    }

    /** Started servers that are still alive, by pid (a stopped or killed server leaves). */
    public static List<ProcessHandle> alive() {
        List<ProcessHandle> alive = new ArrayList<>();
        for (Process process : STARTED.values()) {
            if (process.isAlive()) {
                alive.add(process.toHandle());
            }
        }
        return alive;
    }

    /** Every base directory a cluster of this JVM used, closed or not. */
    public static Set<Path> knownBaseDirs() {
        return Set.copyOf(EVER_USED_BASE_DIRS);
    }

    /**
     * {@code mariadbd}/{@code mysqld} processes whose command line mentions {@code fragment}
     * (a base directory or a prefix of its name), read from {@code /proc/<pid>/cmdline}.
     */
    public static List<RunningServer> runningServersMentioning(String fragment) {
        List<RunningServer> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                commandLine(proc).ifPresent(args -> {
                    if (isServer(args) && String.join(" ", args).contains(fragment)) {
                        found.add(new RunningServer(Long.parseLong(proc.getFileName().toString()),
                                String.join(" ", args)));
                    }
                });
            }
        } catch (IOException e) {
            throw new HarnessException("cannot list /proc: " + e, e);
        }
        return found;
    }

    static void register(Process process) {
        installShutdownHook();
        STARTED.put(process.pid(), process);
        process.onExit().thenAccept(exited -> STARTED.remove(exited.pid(), exited));
    }

    /** Records a base directory; unless it is to be kept, the shutdown hook removes it. */
    static void registerBaseDir(Path dir, boolean keep) {
        installShutdownHook();
        if (!keep) {
            BASE_DIRS.add(dir);
        }
        EVER_USED_BASE_DIRS.add(dir);
    }

    static void baseDirRemoved(Path dir) {
        BASE_DIRS.remove(dir);
    }

    /** {@link #reapOrphans(Path)}, once per JVM: the first cluster a JVM starts pays for it. */
    static void reapOrphansOnce(Path tempRoot) {
        if (REAPED.compareAndSet(false, true)) {
            reapOrphans(tempRoot);
        }
    }

    /**
     * Kills servers left behind by a JVM that died without running its shutdown hook (SIGKILL,
     * a surefire timeout) and removes their base directories. Only servers and directories
     * named after a JVM pid that no longer exists are touched.
     *
     * @return how many servers were killed
     */
    public static int reapOrphans(Path tempRoot) {
        int killed = 0;
        for (RunningServer server : runningServersMentioning(tempRoot.resolve(BASE_DIR_PREFIX).toString())) {
            Matcher owner = OWNED_DIR.matcher(server.commandLine());
            if (owner.find() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()) {
                LOG.warn("killing orphaned mariadbd {} of dead JVM {}: {}", server.pid(), owner.group(1),
                        server.commandLine());
                Optional<ProcessHandle> handle = ProcessHandle.of(server.pid());
                if (handle.isPresent() && handle.get().destroyForcibly()) {
                    awaitExit(handle.get());
                    killed++;
                }
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tempRoot, BASE_DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                Matcher owner = OWNED_DIR.matcher(dir.getFileName().toString());
                if (owner.matches() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()
                        && runningServersMentioning(dir.toString()).isEmpty()) {
                    DirectoryTrees.deleteRecursively(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean stale harness directories in {}: {}", tempRoot, e.toString());
        }
        return killed;
    }

    /** Not our child, so no {@link Process#waitFor}: wait for /proc to let it go. */
    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("orphaned mariadbd {} still exists 10 s after SIGKILL", handle.pid());
        }
    }

    private static void installShutdownHook() {
        if (HOOK_INSTALLED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(HarnessProcesses::stopEverything,
                    "shardgate-harness-shutdown"));
        }
    }

    /** The shutdown hook: SIGCONT (a paused server ignores SIGTERM), SIGTERM, then SIGKILL. */
    private static void stopEverything() {
        List<Process> alive = new ArrayList<>(STARTED.values());
        for (Process process : alive) {
            ProcessSignals.send(process.pid(), "CONT");
            process.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (Process process : alive) {
            awaitExit(process, deadline - System.nanoTime());
        }
        for (Process process : alive) {
            if (process.isAlive()) {
                process.destroyForcibly();
                awaitExit(process, TimeUnit.SECONDS.toNanos(2));
            }
        }
        for (Path dir : BASE_DIRS) {
            try {
                DirectoryTrees.deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("shardgate harness: cannot remove " + dir + ": " + e);
            }
        }
    }

    private static void awaitExit(Process process, long nanos) {
        try {
            process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isServer(List<String> args) {
        if (args.isEmpty()) {
            return false;
        }
        String program = Path.of(args.get(0)).getFileName().toString();
        return program.equals("mariadbd") || program.equals("mysqld");
    }

    private static Optional<List<String>> commandLine(Path proc) {
        try {
            byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
            if (raw.length == 0) {
                return Optional.empty();
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            return Optional.of(List.of(text.split("\0")));
        } catch (IOException | SecurityException e) {
            // the process ended while we looked, or is not ours to read
            return Optional.empty();
        }
    }
}
