package io.shardgate.proxy.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a fleet keeps what in ZooKeeper, under its namespace ({@code cluster.namespace}, a chroot every path below is
 * relative to). docs/cluster.md shows the tree; change both together.
 */
final class ClusterPaths {

    /** The shared config: YAML text; the znode's data version + 1 is the config version. */
    static final String CONFIG = "/config";
    /** {@code /workers/0000} .. {@code /workers/1023}: ephemeral, one per leased worker id. */
    static final String WORKERS = "/workers";
    /** {@code /instances/<host:port>}: ephemeral, one per running instance, its report as properties. */
    static final String INSTANCES = "/instances";
    static final String OPERATIONS = "/operations";
    /** {@code /operations/replicas/<node>@<host:port>}: an administrator's OFFLINE and WEIGHT switches. */
    static final String REPLICAS = OPERATIONS + "/replicas";
    /** {@code /operations/blacklist/<sha-256 of the shape>}: data is the shape. */
    static final String BLACKLIST = OPERATIONS + "/blacklist";
    /** {@code /operations/kills/<host:port>/k-<sequence>}: KILL requests for that instance, answered in place. */
    static final String KILLS = OPERATIONS + "/kills";

    private ClusterPaths() {
    }

    static String worker(int id) {
        return WORKERS + "/" + String.format("%04d", id);
    }

    static String instance(String name) {
        return INSTANCES + "/" + name;
    }

    static String replica(String node, String address) {
        return REPLICAS + "/" + node + "@" + address;
    }

    static String blacklisted(String shape) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return BLACKLIST + "/" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String kills(String instance) {
        return KILLS + "/" + instance;
    }

    /** The last segment of a path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
