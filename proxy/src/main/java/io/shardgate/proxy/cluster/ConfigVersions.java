package io.shardgate.proxy.cluster;

import io.shardgate.config.ClusterSettings;
import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigLoader;
import io.shardgate.config.ConfigProblem;
import io.shardgate.config.ShardgateConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The fleet's shared config in ZooKeeper: one znode holding the YAML text as pushed, its data version + 1 the config
 * version (the first push is version 1). The text is stored as written, {@code ${VAR}} included, so each instance
 * substitutes from its own environment and secrets given that way never reach ZooKeeper.
 */
public final class ConfigVersions {

    /** ZooKeeper's default largest znode (jute.maxbuffer) is 1 MiB; a little is left for the request around it. */
    static final int MAX_BYTES = 1_000_000;

    /** One version of the shared config, as stored. */
    public record Version(int number, String yaml) {

        /** Where a version came from, for messages: {@code zookeeper 127.0.0.1:2181/shardgate/config v3}. */
        public String source(ClusterSettings settings) {
            return "zookeeper " + settings.connectString() + "/" + settings.namespace() + ClusterPaths.CONFIG
                    + " v" + number;
        }

        /** The version loaded and validated as this instance would run it (its own listeners, its environment). */
        public ShardgateConfig load(ClusterSettings settings, Function<String, String> env, Path baseDir) {
            return settings.localize(ConfigLoader.readShared(yaml, source(settings), env, baseDir).config());
        }
    }

    private ConfigVersions() {
    }

    /** The latest version, or empty before the first push. Blocks on ZooKeeper. */
    public static Optional<Version> latest(CuratorFramework zk) throws Exception {
        Stat stat = new Stat();
        try {
            byte[] data = zk.getData().storingStatIn(stat).forPath(ClusterPaths.CONFIG);
            return Optional.of(new Version(stat.getVersion() + 1, new String(data, StandardCharsets.UTF_8)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    /**
     * Validates {@code yaml} completely (as {@code check-config} does, with the pusher's environment) and stores it as
     * the next version: every instance then applies it, or keeps its running config and reports why not.
     *
     * @return the new version's number
     * @throws ConfigException when the text is not a valid config; nothing is stored
     */
    public static int push(CuratorFramework zk, String yaml, String source, Function<String, String> env, Path baseDir)
            throws Exception {
        ConfigLoader.readShared(yaml, source, env, baseDir);
        byte[] data = yaml.getBytes(StandardCharsets.UTF_8);
        if (data.length > MAX_BYTES) {
            throw new ConfigException(source, List.of(new ConfigProblem("", "the file has " + data.length
                    + " bytes; a cluster's config may have at most " + MAX_BYTES + " (ZooKeeper's znode limit)")));
        }
        try {
            zk.create().creatingParentsIfNeeded().forPath(ClusterPaths.CONFIG, data);
            return 1;
        } catch (KeeperException.NodeExistsException e) {
            return zk.setData().forPath(ClusterPaths.CONFIG, data).getVersion() + 1;
        }
    }
}
