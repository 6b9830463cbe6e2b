package io.shardgate.bench.heap;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Table {@code t} of schema {@value #SCHEMA}, hash-mod on {@code id} into {@code shards} physical tables
 * {@code t_0000..}, spread in equal consecutive runs over {@code nodes} nodes {@code ds0..}: with 8 shards
 * over 2 nodes, t_0000..t_0003 on ds0 and t_0004..t_0007 on ds1 (the proxy's {@code locations: [4, 4]}).
 */
record ShardLayout(int nodes, int shards) {

    static final String SCHEMA = "bench";
    static final String TABLE = "t";

    ShardLayout {
        if (nodes < 1 || shards < 1 || shards % nodes != 0) {
            throw new IllegalArgumentException("shards (" + shards + ") must be a positive multiple of nodes ("
                    + nodes + ")");
        }
    }

    int shardsPerNode() {
        return shards / nodes;
    }

    int nodeOf(int shard) {
        return shard / shardsPerNode();
    }

    static String physicalTable(int shard) {
        return String.format("%s_%04d", TABLE, shard);
    }

    String label() {
        return shards + " shards / " + nodes + " node" + (nodes == 1 ? "" : "s");
    }

    /** The proxy's sharding.yaml; {@code nodePorts.get(i)} is node {@code ds<i>}'s primary. */
    String proxyConfig(int proxyPort, List<Integer> nodePorts, String backendUser, String backendPassword) {
        if (nodePorts.size() != nodes) {
            throw new IllegalArgumentException(nodes + " nodes but " + nodePorts.size() + " ports");
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("proxy:\n")
                .append("  listen: 127.0.0.1:").append(proxyPort).append('\n')
                .append("  users: [{user: ").append(OrderByHeapBench.PROXY_USER)
                .append(", password: ").append(OrderByHeapBench.PROXY_PASSWORD).append("}]\n")
                .append("nodes:\n");
        for (int i = 0; i < nodes; i++) {
            yaml.append("  - name: ds").append(i).append('\n')
                    .append("    primary: 127.0.0.1:").append(nodePorts.get(i)).append('\n')
                    .append("    user: ").append(backendUser).append('\n')
                    .append("    password: ").append(backendPassword).append('\n');
        }
        String nodeNames = IntStream.range(0, nodes).mapToObj(i -> "ds" + i).collect(Collectors.joining(", "));
        String locations = IntStream.range(0, nodes).mapToObj(i -> Integer.toString(shardsPerNode()))
                .collect(Collectors.joining(", "));
        yaml.append("schemas:\n")
                .append("  - name: ").append(SCHEMA).append('\n')
                .append("    default-node: ds0\n")
                .append("    tables:\n")
                .append("      - name: ").append(TABLE).append('\n')
                .append("        shard-key: id\n")
                .append("        strategy: hash-mod\n")
                .append("        nodes: [").append(nodeNames).append("]\n")
                .append("        locations: [").append(locations).append("]\n");
        return yaml.toString();
    }
}
