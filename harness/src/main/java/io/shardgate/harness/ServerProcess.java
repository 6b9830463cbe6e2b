package io.shardgate.harness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code mariadbd} process and its lifecycle: start, wait until it answers, stop cleanly,
 * kill, pause and resume. The datadir, port and my.cnf stay put, so a stopped or killed
 * server starts again where it was.
 */
final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final int PROTOCOL_V10 = 0x0a;
    private static final Duration CLEAN_STOP = Duration.ofSeconds(30);

    private volatile BackendServer server;
    private final ServerFiles files;
    private final MariaDbBinaries binaries;
    private final List<String> serverFlags;
    private final MariaDbClient client;
    private volatile Process process;
    private volatile boolean paused;

    ServerProcess(BackendServer server, ServerFiles files, MariaDbBinaries binaries, List<String> serverFlags,
                  MariaDbClient client) {
        this.server = server;
        this.files = files;
        this.binaries = binaries;
        this.serverFlags = List.copyOf(serverFlags);
        this.client = client;
    }

    BackendServer server() {
        return server;
    }

    ServerFiles files() {
        return files;
    }

    /**
     * Moves a server whose port another process took before it could bind to {@code port};
     * the caller rewrites its my.cnf. Only before the cluster hands its servers out.
     */
    synchronized void moveTo(int port) {
        if (isAlive()) {
            throw new IllegalStateException(server.name() + " is running on port " + server.port());
        }
        BackendServer old = server;
        server = new BackendServer(old.name(), old.role(), old.index(), old.host(), port, old.socket(),
                old.directory(), old.proxyUser(), old.rootUser());
    }

    /** Spawns the server; {@link #awaitReady(Duration)} says when it answers. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new HarnessException(server.name() + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(binaries.server().toString());
        command.add("--defaults-file=" + files.configFile());
        command.addAll(serverFlags);
        try {
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.stdout().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            HarnessProcesses.register(started);
            process = started;
            paused = false;
        } catch (IOException e) {
            throw new HarnessException("cannot start " + binaries.server() + " for " + server.name() + ": " + e, e);
        }
    }

    /**
     * Waits until the server sends its handshake on its TCP port, then runs a query over its
     * socket; returns the server's version. Fails at once if the process exits, and after
     * {@code timeout} with the tail of its error log either way.
     */
    String awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 10;
        while (!handshakeReceived()) {
            Process current = process;
            if (!current.isAlive()) {
                String log = tail(files.errorLog(), 25);
                if (log.contains("Address already in use")) {
                    throw new PortInUseException(server.name() + ": port " + server.port() + " was taken");
                }
                throw new HarnessException(server.name() + " exited with code " + current.exitValue()
                        + " while starting (pid " + current.pid() + "). Last lines of " + files.errorLog()
                        + ":\n" + log);
            }
            if (System.nanoTime() > deadline) {
                throw new HarnessException(server.name() + " (pid " + current.pid() + ") is running but did not "
                        + "answer on 127.0.0.1:" + server.port() + " within " + timeout.toMillis() + " ms. Last lines of "
                        + files.errorLog() + ":\n" + tail(files.errorLog(), 25));
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(100, pauseMillis * 2);
        }
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(5)));
        return client.query(server.name(), files.socket(), "SELECT VERSION()", left).single();
    }

    /** Clean shutdown (SIGTERM, as {@code mysqladmin shutdown} would); SIGKILL if it hangs. */
    void stop() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        if (paused) {
            resume();
        }
        current.destroy();
        if (!waitForExit(current, CLEAN_STOP)) {
            LOG.warn("{} (pid {}) did not shut down within {} s, killing it", server.name(), current.pid(),
                    CLEAN_STOP.toSeconds());
            kill();
        }
        paused = false;
    }

    /** SIGKILL: no shutdown, as in a crash. Waits until the process is gone. */
    void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        if (!waitForExit(current, Duration.ofSeconds(10))) {
            throw new HarnessException(server.name() + " (pid " + current.pid() + ") survived SIGKILL for 10 s");
        }
        paused = false;
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, like a hung host. */
    void pause() {
        Process current = requireAlive("pause");
        if (!ProcessSignals.send(current.pid(), "STOP")) {
            throw new HarnessException("cannot send SIGSTOP to " + server.name() + " (pid " + current.pid() + ")");
        }
        if (!ProcessSignals.awaitStopped(current.pid(), 5_000)) {
            throw new HarnessException(server.name() + " (pid " + current.pid() + ") did not stop within 5 s of SIGSTOP");
        }
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() {
        Process current = requireAlive("resume");
        if (!ProcessSignals.send(current.pid(), "CONT")) {
            throw new HarnessException("cannot send SIGCONT to " + server.name() + " (pid " + current.pid() + ")");
        }
        paused = false;
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    boolean isPaused() {
        return paused && isAlive();
    }

    long pid() {
        return requireAlive("read the pid of").pid();
    }

    private Process requireAlive(String action) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            throw new HarnessException("cannot " + action + " " + server.name() + ": it is not running");
        }
        return current;
    }

    /** True when the port answers with a protocol-10 handshake (or an error packet). */
    private boolean handshakeReceived() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 250);
            socket.setSoTimeout(1000);
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(5);
            if (header.length < 5) {
                return false;
            }
            int first = header[4] & 0xff;
            return first == PROTOCOL_V10 || first == 0xff;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean waitForExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while waiting for a server", e);
        }
    }

    /** The last {@code lines} lines of a log file, or a note that it does not exist. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(" + file + " does not exist)";
            }
            // decoded leniently: a crashing server may write anything
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** The start failed because another process bound the port first; retry with another. */
    static final class PortInUseException extends HarnessException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }
}
