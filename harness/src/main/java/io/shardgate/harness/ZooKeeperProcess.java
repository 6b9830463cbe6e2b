package io.shardgate.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real ZooKeeper server ({@code org.apache.zookeeper.server.ZooKeeperServerMain}) as a separate JVM on this JVM's
 * class path, with its own data directory and a free port on 127.0.0.1: what the proxy's cluster mode is tested
 * against. A separate process so that a test can stop it (the fleet then loses ZooKeeper as in production) and start
 * it again on the same port and data, sessions and znodes included.
 *
 * <p>The server ticks every 200 ms and accepts session timeouts of 1 s to 60 s, so tests can expire sessions in a
 * few seconds. It needs the {@code zookeeper} jar on the class path (the proxy module brings it); this module does
 * not compile against it.
 */
public final class ZooKeeperProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private Process process;

    private ZooKeeperProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server with a fresh data directory under {@code dir} and waits until it answers. */
    public static ZooKeeperProcess start(Path dir) {
        ZooKeeperProcess zk = new ZooKeeperProcess(dir, LoopbackPorts.allocate(1).getFirst());
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("zoo.cfg"), String.join("\n",
                    "tickTime=200",
                    "minSessionTimeout=1000",
                    "maxSessionTimeout=60000",
                    "dataDir=" + dir.resolve("data").toAbsolutePath(),
                    "clientPort=" + zk.port,
                    "clientPortAddress=127.0.0.1",
                    "admin.enableServer=false",
                    "4lw.commands.whitelist=srvr",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ZooKeeper config under " + dir, e);
        }
        zk.startProcess();
        Runtime.getRuntime().addShutdownHook(new Thread(zk::stop, "zookeeper-stop-" + zk.port));
        return zk;
    }

    /** {@code 127.0.0.1:port}: the connect string of this one-server ensemble. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The server's process id, while it runs. */
    public long pid() {
        return process.pid();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, SIGKILL after 10 s); its data stays for {@link #restart}. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port and data directory; sessions that have not expired go on. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    private synchronized void startProcess() {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Dzookeeper.admin.enableServer=false",
                "-cp", System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain", dir.resolve("zoo.cfg").toString());
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("zookeeper.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ZooKeeper", e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new HarnessException("ZooKeeper exited at start (code " + process.exitValue() + "); see "
                        + dir.resolve("zookeeper.log"));
            }
            // "srvr", not "ruok": ruok answers imok as soon as the port is open, even when the server failed to start
            String srvr = fourLetterWord("srvr");
            if (srvr != null && srvr.contains("Mode: standalone")) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while ZooKeeper started");
            }
        }
        stop();
        throw new HarnessException("ZooKeeper did not answer within " + START_TIMEOUT + "; see "
                + dir.resolve("zookeeper.log"));
    }

    /** ZooKeeper's four-letter administrative words ({@code srvr}); null when it does not answer. */
    private String fourLetterWord(String word) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
