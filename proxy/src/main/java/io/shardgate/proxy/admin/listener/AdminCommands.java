package io.shardgate.proxy.admin.listener;

import io.shardgate.proxy.admin.AdminException;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.admin.AdminTable;
import io.shardgate.proxy.admin.ReloadOutcome;
import io.shardgate.proxy.admin.listener.AdminCommandHandler.Answer;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Runs one {@link AdminCommand} of an admin connection against the {@link AdminService}: the answer as a table, an
 * OK with a line of text for the operator, or an ERR. May block (reload); runs on a virtual thread.
 */
final class AdminCommands {

    /**
     * What drivers ask a server at connect ({@code SELECT @@max_allowed_packet ...}): answered with a MySQL server's
     * defaults, so they connect; any other variable is NULL.
     */
    private static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("auto_increment_increment", "1"), Map.entry("autocommit", "1"),
            Map.entry("character_set_client", "utf8mb4"), Map.entry("character_set_connection", "utf8mb4"),
            Map.entry("character_set_results", "utf8mb4"), Map.entry("character_set_server", "utf8mb4"),
            Map.entry("collation_connection", "utf8mb4_general_ci"), Map.entry("collation_server", "utf8mb4_general_ci"),
            Map.entry("init_connect", ""), Map.entry("interactive_timeout", "28800"), Map.entry("license", "GPL"),
            Map.entry("lower_case_table_names", "0"), Map.entry("max_allowed_packet", "67108864"),
            Map.entry("net_buffer_length", "16384"), Map.entry("net_write_timeout", "60"),
            Map.entry("performance_schema", "0"), Map.entry("query_cache_size", "0"),
            Map.entry("query_cache_type", "OFF"), Map.entry("sql_mode", "STRICT_TRANS_TABLES"),
            Map.entry("system_time_zone", "UTC"), Map.entry("time_zone", "SYSTEM"),
            Map.entry("transaction_isolation", "REPEATABLE-READ"), Map.entry("tx_isolation", "REPEATABLE-READ"),
            Map.entry("transaction_read_only", "0"), Map.entry("tx_read_only", "0"),
            Map.entry("wait_timeout", "28800"), Map.entry("version_comment", "shardgate admin interface"));

    private final AdminService admin;
    private final Session session;
    private final String serverVersion;

    AdminCommands(AdminService admin, Session session, String serverVersion) {
        this.admin = admin;
        this.session = session;
        this.serverVersion = serverVersion;
    }

    Answer run(AdminCommand command) {
        return switch (command) {
            case AdminCommand.ShowNodes c -> table(admin.nodes());
            case AdminCommand.ShowSchemas c -> table(admin.schemas());
            case AdminCommand.ShowTablesRules c -> table(admin.tableRules(c.schema()));
            case AdminCommand.ShowRoute c -> table(admin.route(session.schema(), c.sql()));
            case AdminCommand.ShowSessions c -> table(admin.sessionTable());
            case AdminCommand.Kill c -> kill(c);
            case AdminCommand.ShowProxies c -> table(admin.requireFleet().proxies());
            case AdminCommand.ShowDigests c -> table(admin.digests(c.order(), c.limit()));
            case AdminCommand.ResetDigests c -> {
                int dropped = admin.digests().size();
                admin.digests().clear();
                yield new Answer.Ok(dropped, "digests reset (" + dropped + " shapes dropped)");
            }
            case AdminCommand.SetReplicaOffline c -> new Answer.Ok(0,
                    admin.setReplicaOffline(c.node(), c.address(), c.offline()));
            case AdminCommand.SetReplicaWeight c -> new Answer.Ok(0,
                    admin.setReplicaWeight(c.node(), c.address(), c.weight()));
            case AdminCommand.ReloadConfig c -> reload();
            case AdminCommand.ShowConfig c -> table(admin.configTable());
            case AdminCommand.AddBlacklist c -> new Answer.Ok(admin.addBlacklist(c.sql()) ? 1 : 0,
                    "blacklisted: " + io.shardgate.proxy.admin.Blacklist.shapeOf(c.sql()));
            case AdminCommand.RemoveBlacklist c -> admin.removeBlacklist(c.sql())
                    ? new Answer.Ok(1, "removed from the blacklist")
                    : new Answer.Error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate admin: not on the blacklist: "
                            + io.shardgate.proxy.admin.Blacklist.shapeOf(c.sql())));
            case AdminCommand.ShowBlacklist c -> {
                AdminTable.Builder t = AdminTable.of("digest");
                admin.blacklist().shapes().forEach(t::row);
                yield table(t.build());
            }
            case AdminCommand.Use c -> use(c.schema());
            // a row, not an OK's info text: clients show a result set where many drop the info
            case AdminCommand.Reshard c -> table(AdminTable.of("message").row(admin.reshard(c.schema() != null
                    ? c.schema() : requireSchema(), c.table(), c.file())).build());
            case AdminCommand.ShowReshardStatus c -> table(admin.reshardStatus());
            case AdminCommand.CancelReshard c -> table(AdminTable.of("message").row(admin.cancelReshard()).build());
            case AdminCommand.ReshardCleanup c -> table(admin.reshardCleanup());
            case AdminCommand.Help c -> {
                AdminTable.Builder t = AdminTable.of("command");
                for (String line : AdminCommand.COMMANDS.split("; ")) {
                    t.row(line);
                }
                yield table(t.build());
            }
            case AdminCommand.VariableProbe c -> probe(c);
            case AdminCommand.SelectDatabase c -> table(AdminTable.of("DATABASE()").row(session.schema()).build());
            case AdminCommand.SessionSet c -> new Answer.Ok(0, "");
            case AdminCommand.EmptyShow c -> table(new AdminTable(c.columns(), List.of()));
            case AdminCommand.Unknown c -> new Answer.Error(MysqlError.PARSE_ERROR.toPacket(c.message()));
        };
    }

    private static Answer table(AdminTable t) {
        return new Answer.Table(t);
    }

    private Answer kill(AdminCommand.Kill c) {
        boolean here = c.proxy() == null || c.proxy().equals(admin.requireFleet().self());
        AdminService.KillOutcome outcome = here ? admin.kill(c.id(), c.queryOnly(), AdminService.Asker.ADMIN)
                : admin.requireFleet().killOn(c.proxy(), c.id(), c.queryOnly());
        return switch (outcome) {
            case KILLED -> new Answer.Ok(0, (c.queryOnly() ? "statement of session " : "session ") + c.id() + " killed");
            case NO_SUCH_SESSION -> new Answer.Error(MysqlError.NO_SUCH_THREAD.toPacket(c.id()));
            case NOT_YOURS -> new Answer.Error(MysqlError.KILL_DENIED.toPacket(c.id()));
        };
    }

    private Answer reload() {
        ReloadOutcome outcome;
        try {
            outcome = admin.reload().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof AdminException a ? a : e;
        }
        AdminTable.Builder t = AdminTable.of("applied", "kind", "message");
        for (ReloadOutcome.Line line : outcome.lines()) {
            t.row(outcome.applied() ? "yes" : "no", line.kind(), line.message());
        }
        return table(t.build());
    }

    private String requireSchema() {
        if (session.schema() == null) {
            throw new AdminException("name the table as schema.table, or USE a schema first");
        }
        return session.schema();
    }

    private Answer use(String schema) {
        var names = admin.schemas().rows().stream().map(r -> r.getFirst()).toList();
        String found = names.stream().filter(n -> n.equalsIgnoreCase(schema)).findFirst().orElseThrow(
                () -> new AdminException("no schema named '" + schema + "'; schemas are " + names));
        session.schema(found);
        return new Answer.Ok(0, "");
    }

    private Answer probe(AdminCommand.VariableProbe c) {
        List<String> row = new ArrayList<>();
        for (String v : c.variables()) {
            row.add(v.equals("version") ? serverVersion : VARIABLES.get(v));
        }
        return table(new AdminTable(c.labels(), List.of(row)));
    }
}
