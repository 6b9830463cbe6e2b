package io.shardgate.harness;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * GTID replication between a cluster's servers, set up and checked through SQL.
 *
 * <p>A replica starts from its primary's current {@code @@gtid_binlog_pos}; the accounts in the
 * copied datadirs were made without a binary log, so nothing before that position needs to
 * replay. Catching up is measured with {@code MASTER_GTID_WAIT}, which blocks in the server
 * until the replica has applied the primary's position, instead of polling.
 */
final class Replication {

    static final String SCRATCH_SCHEMA = "shardgate_harness";
    private static final Duration SQL_TIMEOUT = Duration.ofSeconds(30);

    private final MariaDbClient client;

    Replication(MariaDbClient client) {
        this.client = client;
    }

    void configure(ServerProcess replica, ServerProcess primary) {
        String position = binlogPosition(primary);
        BackendServer source = primary.server();
        Credentials repl = DatadirTemplate.REPLICATION_USER;
        run(replica, "SET GLOBAL gtid_slave_pos='" + position + "';"
                + " CHANGE MASTER TO MASTER_HOST='" + source.host() + "', MASTER_PORT=" + source.port()
                + ", MASTER_USER='" + repl.user() + "', MASTER_PASSWORD='" + repl.password() + "'"
                // reconnect within a second after a primary restarts (the default is 60 s);
                // 11.4 would otherwise ask the primary for TLS, which it may not offer
                + ", MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1, MASTER_SSL=0;"
                + " START SLAVE;");
    }

    /** Blocks until {@code replica} has applied everything {@code primary} has written so far. */
    void awaitCaughtUp(ServerProcess replica, ServerProcess primary, Duration timeout) {
        String position = binlogPosition(primary);
        if (position.isEmpty()) {
            return;
        }
        double seconds = timeout.toMillis() / 1000.0;
        String answer = client.query(replica.server().name(), replica.files().socket(),
                "SELECT MASTER_GTID_WAIT('" + position + "', " + seconds + ")",
                timeout.plus(SQL_TIMEOUT)).single();
        if (!answer.equals("0")) {
            throw new HarnessException(replica.server().name() + " did not reach " + primary.server().name()
                    + "'s GTID position " + position + " within " + timeout.toMillis() + " ms; replica status: "
                    + status(replica));
        }
    }

    /**
     * Writes a row on {@code primary} in a scratch schema, waits until every replica has it,
     * reads it back there, then drops the schema everywhere.
     */
    void verify(ServerProcess primary, List<ServerProcess> replicas, Duration timeout) {
        String token = UUID.randomUUID().toString();
        run(primary, "CREATE DATABASE IF NOT EXISTS " + SCRATCH_SCHEMA + ";"
                + " CREATE TABLE IF NOT EXISTS " + SCRATCH_SCHEMA + ".replication_check (token VARCHAR(64) PRIMARY KEY);"
                + " INSERT INTO " + SCRATCH_SCHEMA + ".replication_check VALUES ('" + token + "');");
        for (ServerProcess replica : replicas) {
            awaitCaughtUp(replica, primary, timeout);
            String seen = client.query(replica.server().name(), replica.files().socket(),
                    "SELECT COUNT(*) FROM " + SCRATCH_SCHEMA + ".replication_check WHERE token='" + token + "'",
                    SQL_TIMEOUT).single();
            if (!seen.equals("1")) {
                throw new HarnessException(replica.server().name() + " caught up with " + primary.server().name()
                        + " but does not have the row written there; replica status: " + status(replica));
            }
        }
        run(primary, "DROP DATABASE " + SCRATCH_SCHEMA);
        for (ServerProcess replica : replicas) {
            awaitCaughtUp(replica, primary, timeout);
        }
    }

    /** The replication threads' state and last errors, for failure messages. */
    String status(ServerProcess replica) {
        try {
            SqlResult status = client.query(replica.server().name(), replica.files().socket(),
                    "SHOW SLAVE STATUS", SQL_TIMEOUT);
            if (status.rows().isEmpty()) {
                return "not configured as a replica";
            }
            StringBuilder out = new StringBuilder();
            for (String column : List.of("Slave_IO_Running", "Slave_SQL_Running", "Gtid_IO_Pos",
                    "Seconds_Behind_Master", "Last_IO_Error", "Last_SQL_Error")) {
                out.append(column).append('=').append(status.firstRow(column)).append("; ");
            }
            return out.toString();
        } catch (HarnessException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private String binlogPosition(ServerProcess primary) {
        return client.query(primary.server().name(), primary.files().socket(),
                "SELECT @@GLOBAL.gtid_binlog_pos", SQL_TIMEOUT).single();
    }

    private void run(ServerProcess server, String sql) {
        client.query(server.server().name(), server.files().socket(), sql, SQL_TIMEOUT);
    }
}
