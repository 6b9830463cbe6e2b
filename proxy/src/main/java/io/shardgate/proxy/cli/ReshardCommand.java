package io.shardgate.proxy.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shardgate reshard ...}: drives a running proxy's admin interface (RESHARD TABLE, SHOW RESHARD STATUS,
 * CANCEL RESHARD, RESHARD CLEANUP) as any MySQL client would, and follows a reshard with a progress bar. Exit 0 when
 * the command (or the followed reshard) succeeded, 1 when it failed or was cancelled.
 */
@Command(name = "reshard", mixinStandardHelpOptions = true,
        description = "Move a table (and its binding group) to a new layout online, through the admin interface.",
        subcommands = {ReshardCommand.Start.class, ReshardCommand.Status.class, ReshardCommand.Cancel.class,
                ReshardCommand.Cleanup.class})
final class ReshardCommand {

    @Option(names = {"-a", "--admin"}, paramLabel = "HOST:PORT", required = true,
            description = "the proxy's admin.listen address")
    String admin;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", required = true, description = "an admin.users user")
    String user;

    @Option(names = {"-p", "--password-env"}, paramLabel = "VARIABLE", defaultValue = "SHARDGATE_ADMIN_PASSWORD",
            description = "the environment variable holding the password (default ${DEFAULT-VALUE})")
    String passwordEnv;

    Connection connect() throws SQLException {
        String password = System.getenv(passwordEnv);
        return DriverManager.getConnection("jdbc:mysql://" + admin + "/?connectTimeout=5000&allowPublicKeyRetrieval=true",
                user, password == null ? "" : password);
    }

    /** One admin command's rows, each as column -> value. */
    static List<Map<String, String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            List<Map<String, String>> out = new ArrayList<>();
            if (!s.execute(sql)) {
                return out;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    /** Follows SHOW RESHARD STATUS until the reshard ended; 0 when done. */
    static int follow(Connection c, PrintWriter out, Duration every) throws SQLException, InterruptedException {
        Map<String, String> status = Map.of();
        while (true) {
            List<Map<String, String>> rows = rows(c, "SHOW RESHARD STATUS");
            if (rows.isEmpty()) {
                out.println("no reshard has run on this proxy");
                return 1;
            }
            status = rows.getFirst();
            String phase = status.get("phase");
            boolean ended = phase.equals("done") || phase.equals("failed") || phase.equals("cancelled");
            out.print("\r" + ProgressBar.line(status));
            out.flush();
            if (ended) {
                out.println();
                if (status.get("error") != null) {
                    out.println("error: " + status.get("error"));
                }
                if (status.get("note") != null) {
                    out.println(status.get("note"));
                }
                return phase.equals("done") ? 0 : 1;
            }
            Thread.sleep(every.toMillis());
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        ReshardCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (Connection c = parent.connect()) {
                return run(c, out);
            } catch (SQLException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            } finally {
                out.flush();
            }
        }

        abstract int run(Connection c, PrintWriter out) throws Exception;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "RESHARD TABLE schema.table TO 'file', then follow it with a progress bar (unless --detach).")
    static final class Start extends Sub {
        @Parameters(index = "0", paramLabel = "SCHEMA.TABLE", description = "the table to move")
        String table;

        @Parameters(index = "1", paramLabel = "FILE",
                description = "a sharding.yaml with the new layout, as the proxy's host sees it")
        String file;

        @Option(names = "--detach", description = "start it and return")
        boolean detach;

        @Override
        int run(Connection c, PrintWriter out) throws Exception {
            String quoted = "'" + file.replace("\\", "\\\\").replace("'", "''") + "'";
            out.println(rows(c, "RESHARD TABLE " + table + " TO " + quoted).getFirst().get("message"));
            return detach ? 0 : follow(c, out, Duration.ofMillis(500));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the running or last reshard; --follow until it ends.")
    static final class Status extends Sub {
        @Option(names = {"-f", "--follow"}, description = "follow it with a progress bar until it ends")
        boolean follow;

        @Override
        int run(Connection c, PrintWriter out) throws Exception {
            if (follow) {
                return follow(c, out, Duration.ofMillis(500));
            }
            List<Map<String, String>> rows = rows(c, "SHOW RESHARD STATUS");
            if (rows.isEmpty()) {
                out.println("no reshard has run on this proxy");
                return 0;
            }
            rows.getFirst().forEach((k, v) -> out.println(k + ": " + (v == null ? "" : v)));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "CANCEL RESHARD")
    static final class Cancel extends Sub {
        @Override
        int run(Connection c, PrintWriter out) throws Exception {
            out.println(rows(c, "CANCEL RESHARD").getFirst().get("message"));
            return 0;
        }
    }

    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = "RESHARD CLEANUP: drop the old tables a finished reshard left")
    static final class Cleanup extends Sub {
        @Override
        int run(Connection c, PrintWriter out) throws Exception {
            rows(c, "RESHARD CLEANUP").forEach(r -> out.println("dropped " + r.get("dropped")));
            return 0;
        }
    }
}
