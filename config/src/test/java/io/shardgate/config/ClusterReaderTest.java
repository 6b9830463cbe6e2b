package io.shardgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterReaderTest {

    @TempDir
    Path dir;

    private LocalConfig read(String yaml) throws Exception {
        Path file = dir.resolve("local.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.readLocal(file, Map.of("ZK", "10.0.0.9:2181")::get);
    }

    private ConfigException problems(String yaml) {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> read(yaml));
    }

    @Test
    void aClusterSectionMakesClusterModeWithDefaults() throws Exception {
        LocalConfig local = read("cluster:\n  zookeeper: 127.0.0.1:2181, ${ZK}\n");
        assertThat(local).isInstanceOf(LocalConfig.Clustered.class);
        ClusterSettings c = ((LocalConfig.Clustered) local).cluster();
        assertThat(c.connectString()).isEqualTo("127.0.0.1:2181,10.0.0.9:2181");
        assertThat(c.namespace()).isEqualTo("shardgate");
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.listen()).isNull();
        assertThat(((LocalConfig.Clustered) local).baseDir()).isEqualTo(dir.toAbsolutePath());
    }

    @Test
    void instanceListenersReplaceTheSharedOnes() throws Exception {
        ClusterSettings c = ((LocalConfig.Clustered) read("""
                cluster:
                  zookeeper: zk:2181
                  namespace: shop-fleet
                  session-timeout: 4s
                  listen: 0.0.0.0:3307
                  admin-listen: 127.0.0.1:3308
                  http-listen: 127.0.0.1:9797
                """)).cluster();
        ShardgateConfig shared = ConfigLoader.parse("""
                proxy: {listen: 127.0.0.1:4000, users: [{user: app, password: pw}]}
                admin: {listen: 127.0.0.1:4001, users: [{user: ops, password: pw}]}
                nodes: [{name: ds0, primary: 127.0.0.1:3306, user: u, password: p}]
                schemas: [{name: shop, default-node: ds0}]
                """, "shared");
        ShardgateConfig local = c.localize(shared);
        assertThat(local.proxy().listen()).isEqualTo(new HostPort("0.0.0.0", 3307));
        assertThat(local.admin().listen()).isEqualTo(new HostPort("127.0.0.1", 3308));
        assertThat(local.admin().httpListen()).isEqualTo(new HostPort("127.0.0.1", 9797));
        assertThat(local.admin().users()).isEqualTo(shared.admin().users());
        assertThat(local.proxy().users()).isEqualTo(shared.proxy().users());
        assertThat(c.sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theRestOfAConfigBesideClusterIsRefused() {
        assertThat(problems("cluster: {zookeeper: zk:2181}\nnodes: []\n").problems())
                .extracting(ConfigProblem::toString)
                .containsExactly("nodes: not read in cluster mode: the shared config lives in ZooKeeper (shardgate "
                        + "config push FILE stores it); this file holds only the cluster section");
    }

    @Test
    void everyWrongValueIsReportedAtOnce() {
        assertThat(problems("""
                cluster:
                  zookeeper: zk:2181/chroot
                  namespace: a/b
                  session-timeout: 100ms
                  admin-listen: nowhere
                  zookeper: x
                """).problems()).extracting(ConfigProblem::toString).containsExactlyInAnyOrder(
                "cluster.zookeper: unknown key (did you mean 'zookeeper'?)",
                "cluster.zookeeper: 'zk:2181/chroot' has a path; use cluster.namespace for the root znode",
                "cluster.namespace: 'a/b' is not a namespace: letters, digits, '_', '-', '.', at most 100, not "
                        + "starting with '.', not 'zookeeper' (ZooKeeper's own)",
                "cluster.session-timeout: must be at least 1s, got '100ms'",
                "cluster.admin-listen: 'nowhere' is not host:port");
        assertThatThrownBy(() -> read("cluster: {namespace: x}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.zookeeper");
    }

    @Test
    void aSharedConfigMayNameAdminUsersWithoutListeners() {
        String yaml = """
                proxy: {users: [{user: app, password: pw}]}
                admin: {users: [{user: ops, password: pw}]}
                nodes: [{name: ds0, primary: 127.0.0.1:3306, user: u, password: p}]
                schemas: [{name: shop, default-node: ds0}]
                """;
        assertThat(ConfigLoader.readShared(yaml, "shared", k -> null, dir).warnings()).isEmpty();
        assertThat(ConfigLoader.read(yaml, "file", k -> null, dir).warnings()).extracting(ConfigProblem::toString)
                .containsExactly("admin: neither listen nor http-listen is set; the admin interface is disabled");
    }

    @Test
    void aFileWithoutClusterIsAWholeConfig() throws Exception {
        assertThat(read("""
                proxy: {users: [{user: app, password: pw}]}
                nodes: [{name: ds0, primary: 127.0.0.1:3306, user: u, password: p}]
                schemas: [{name: shop, default-node: ds0}]
                """)).isInstanceOf(LocalConfig.Standalone.class);
    }
}
