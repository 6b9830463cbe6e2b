package io.shardgate.proxy.cli;

import io.netty.util.ResourceLeakDetector;
import io.shardgate.config.ConfigException;
import io.shardgate.proxy.server.ShardgateServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Runs the proxy until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the proxy with a sharding.yaml (reloaded on change and on SIGHUP).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigFile configFile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "the config file, instead of --config")
    Path positional;

    /** The system property that sets Netty's leak detector level (disabled, simple, advanced, paranoid). */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    @Override
    public Integer call() throws InterruptedException {
        leakDetectionOffUnlessAsked();
        Path config = configFile.resolve(positional);
        ShardgateServer server;
        try {
            server = ShardgateServer.serve(config);
        } catch (ConfigException e) {
            System.err.printf("%s: %d problem%s, not starting:%n", config, e.problems().size(),
                    e.problems().size() == 1 ? "" : "s");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 1;
        } catch (IllegalStateException e) {
            System.err.println("cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shardgate-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Netty's default leak detector wraps every buffer and records a stack trace for one in 128: a few percent of
     * the proxy's CPU per query in a point-select profile. The proxy runs without it unless the property (or its
     * older spelling, which Netty still reads) asks for a level; the test suite runs it at paranoid.
     */
    static void leakDetectionOffUnlessAsked() {
        if (System.getProperty(LEAK_DETECTION) == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
