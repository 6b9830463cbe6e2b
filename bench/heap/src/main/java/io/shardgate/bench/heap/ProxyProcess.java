package io.shardgate.bench.heap;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A shardgate proxy in its own JVM ({@code java -jar shardgate.jar serve --config ...}), so that its heap is
 * measured alone: no driver, no harness, no benchmark in it. It writes a GC log ({@link GcLog}); full
 * collections are requested, and the heap read right after them, over the JVM's local management agent
 * (attach API): one remote call per probe instead of a {@code jcmd} JVM start. The agent is started before
 * the baseline is taken, so its own few objects are part of the baseline.
 *
 * <p>{@link #close()} stops the process by its pid (SIGTERM, then SIGKILL after 15 s); a shutdown hook does
 * the same if the benchmark dies first.
 */
final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final GcLog gcLog;
    private final Thread shutdownHook;
    private JMXConnector jmx;
    private MemoryMXBean memory;

    private ProxyProcess(Process process, int port, Path log, Path gcLogFile) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = new GcLog(gcLogFile);
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-proxy-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the proxy with {@code configYaml} (whose listen port is {@code port}) and waits until a client
     * can log in to {@code schema}.
     *
     * @param maxHeap {@code -Xmx} value such as {@code 64m}, or empty for the JVM's default
     */
    static ProxyProcess start(Path java, Path jar, Path dir, String configYaml, int port, Optional<String> maxHeap,
                              List<String> extraJvmOptions, String schema) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("shardgate.yaml");
        Files.writeString(config, configYaml);
        Path gcLogFile = dir.resolve("gc.log");
        Path log = dir.resolve("proxy.log");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        maxHeap.ifPresent(heap -> command.add("-Xmx" + heap));
        command.add("-Xlog:gc:file=" + gcLogFile + ":uptime");
        command.addAll(extraJvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ProxyProcess proxy = new ProxyProcess(process, port, log, gcLogFile);
        try {
            proxy.awaitLogin(schema);
            proxy.attach();
        } catch (IOException | RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    GcLog gcLog() {
        return gcLog;
    }

    Path logFile() {
        return log;
    }

    /**
     * A full, stop-the-world collection (System.gc() in the proxy; G1 runs it as "Pause Full"); returns the
     * heap in use right after it, in bytes: the live heap, exact to the byte (the GC log rounds to MiB).
     */
    long fullGc() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Resident set size from {@code /proc}, in bytes; 0 once the process is gone. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** True once the proxy's output mentions an OutOfMemoryError. */
    boolean outOfMemory() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the proxy's output, for failure reports. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitLogin(String schema) throws IOException {
        String url = "jdbc:mysql://127.0.0.1:" + port + "/" + schema + "?" + StreamingReader.streamingOptions(10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the proxy exited with " + process.exitValue() + ":\n" + tail(30));
            }
            try (Connection c = DriverManager.getConnection(url, OrderByHeapBench.PROXY_USER,
                    OrderByHeapBench.PROXY_PASSWORD)) {
                c.isValid(5);
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(200);
        }
        throw new IOException("the proxy did not accept a login within 90 s: " + last + "\n" + tail(30));
    }

    private void attach() throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid()));
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to the proxy JVM " + pid() + ": " + e.getMessage(), e);
        }
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
        memory = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException e) {
                // the process is stopped below either way
            }
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs, harmlessly
        }
    }
}
