package io.shardgate.proxy.admin.listener;

import io.shardgate.proxy.admin.AdminService;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement of the admin interface, parsed. The grammar is small and fixed, so each command is one regular
 * expression over the trimmed text (keywords in any case, a trailing {@code ;} dropped); anything else is
 * {@link Unknown}, answered with the list of commands. Besides the operator commands it accepts what MySQL clients
 * send on their own at connect ({@code SELECT @@version_comment}, {@code SET NAMES ...}), so any MySQL client works.
 */
sealed interface AdminCommand {

    record ShowNodes() implements AdminCommand {
    }

    record ShowSchemas() implements AdminCommand {
    }

    /** @param schema null for every schema */
    record ShowTablesRules(String schema) implements AdminCommand {
    }

    record ShowRoute(String sql) implements AdminCommand {
    }

    record ShowSessions() implements AdminCommand {
    }

    /** @param proxy cluster mode: the instance the session is on ({@code KILL ... ON 'host:port'}); null: this one */
    record Kill(long id, boolean queryOnly, String proxy) implements AdminCommand {
    }

    record ShowProxies() implements AdminCommand {
    }

    record ShowDigests(AdminService.DigestOrder order, int limit) implements AdminCommand {
    }

    record ResetDigests() implements AdminCommand {
    }

    record SetReplicaOffline(String node, String address, boolean offline) implements AdminCommand {
    }

    record SetReplicaWeight(String node, String address, int weight) implements AdminCommand {
    }

    record ReloadConfig() implements AdminCommand {
    }

    record ShowConfig() implements AdminCommand {
    }

    record AddBlacklist(String sql) implements AdminCommand {
    }

    record RemoveBlacklist(String sql) implements AdminCommand {
    }

    record ShowBlacklist() implements AdminCommand {
    }

    record Use(String schema) implements AdminCommand {
    }

    /** @param schema null: the session's schema */
    record Reshard(String schema, String table, String file) implements AdminCommand {
    }

    record ShowReshardStatus() implements AdminCommand {
    }

    record CancelReshard() implements AdminCommand {
    }

    record ReshardCleanup() implements AdminCommand {
    }

    record Help() implements AdminCommand {
    }

    /** {@code SELECT @@a [AS x], @@b ...}, as drivers probe a server at connect. */
    record VariableProbe(List<String> variables, List<String> labels) implements AdminCommand {
    }

    record SelectDatabase() implements AdminCommand {
    }

    /** {@code SET NAMES ...}, {@code SET autocommit = 1} and the like: accepted, nothing to do. */
    record SessionSet() implements AdminCommand {
    }

    /** {@code SHOW VARIABLES}, {@code SHOW WARNINGS} ...: an empty result of that shape. */
    record EmptyShow(List<String> columns) implements AdminCommand {
    }

    /** @param message why, for the client */
    record Unknown(String message) implements AdminCommand {
    }

    int MAX_DIGEST_LIMIT = 100_000;

    String COMMANDS = "SHOW NODES; SHOW SCHEMAS; SHOW TABLES RULES [FROM schema]; SHOW ROUTE FOR <sql> (PREVIEW <sql>); "
            + "SHOW SESSIONS; KILL [QUERY] <id> [ON '<proxy>']; SHOW PROXIES; SHOW DIGESTS [ORDER BY total_time|count|errors] [LIMIT n]; "
            + "RESET DIGESTS; SET NODE <node> REPLICA '<host:port>' OFFLINE|ONLINE|WEIGHT <n>; RELOAD CONFIG; "
            + "SHOW CONFIG; ADD BLACKLIST '<sql>'; REMOVE BLACKLIST '<sql>'; SHOW BLACKLIST; USE <schema>; "
            + "RESHARD TABLE <schema.table> TO '<sharding.yaml>'; SHOW RESHARD STATUS; CANCEL RESHARD; RESHARD CLEANUP";

    int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    String STRING = "('(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.|\"\")*\")";
    String NAME = "(`[^`]+`|[A-Za-z0-9_$-]+)";

    Pattern SHOW_NODES = Pattern.compile("SHOW\\s+NODES", FLAGS);
    Pattern SHOW_SCHEMAS = Pattern.compile("SHOW\\s+(?:SCHEMAS|DATABASES)", FLAGS);
    Pattern SHOW_TABLES_RULES = Pattern.compile("SHOW\\s+TABLES?\\s+RULES(?:\\s+(?:FROM|IN)\\s+" + NAME + ")?", FLAGS);
    Pattern SHOW_ROUTE = Pattern.compile("(?:SHOW\\s+ROUTE\\s+FOR|PREVIEW)\\s+(.+)", FLAGS);
    Pattern SHOW_SESSIONS = Pattern.compile("SHOW\\s+(?:FULL\\s+)?(?:SESSIONS|PROCESSLIST)", FLAGS);
    Pattern KILL = Pattern.compile("KILL(?:\\s+(QUERY|CONNECTION))?\\s+(\\d{1,18})(?:\\s+ON\\s+" + STRING + ")?", FLAGS);
    Pattern SHOW_PROXIES = Pattern.compile("SHOW\\s+PROXIES", FLAGS);
    Pattern SHOW_DIGESTS = Pattern.compile(
            "SHOW\\s+DIGESTS(?:\\s+ORDER\\s+BY\\s+([A-Za-z_]+)(?:\\s+DESC)?)?(?:\\s+LIMIT\\s+(\\d{1,9}))?", FLAGS);
    Pattern RESET_DIGESTS = Pattern.compile("RESET\\s+DIGESTS", FLAGS);
    Pattern SET_NODE = Pattern.compile("SET\\s+NODE\\s+" + NAME + "\\s+REPLICA\\s+(" + STRING.substring(1,
            STRING.length() - 1) + "|[^\\s']+)\\s+(OFFLINE|ONLINE|WEIGHT\\s+(\\d{1,9}))", FLAGS);
    Pattern RELOAD_CONFIG = Pattern.compile("RELOAD\\s+CONFIG", FLAGS);
    Pattern SHOW_CONFIG = Pattern.compile("SHOW\\s+CONFIG", FLAGS);
    Pattern BLACKLIST = Pattern.compile("(ADD|REMOVE)\\s+BLACKLIST\\s+" + STRING, FLAGS);
    Pattern SHOW_BLACKLIST = Pattern.compile("SHOW\\s+BLACKLIST", FLAGS);
    Pattern USE = Pattern.compile("USE\\s+" + NAME, FLAGS);
    Pattern RESHARD = Pattern.compile("RESHARD\\s+TABLE\\s+(?:" + NAME + "\\.)?" + NAME + "\\s+TO\\s+" + STRING, FLAGS);
    Pattern SHOW_RESHARD_STATUS = Pattern.compile("SHOW\\s+RESHARD(?:\\s+STATUS)?", FLAGS);
    Pattern CANCEL_RESHARD = Pattern.compile("CANCEL\\s+RESHARD", FLAGS);
    Pattern RESHARD_CLEANUP = Pattern.compile("RESHARD\\s+CLEANUP", FLAGS);
    Pattern HELP = Pattern.compile("HELP|SHOW\\s+COMMANDS", FLAGS);
    Pattern PROBE = Pattern.compile("SELECT\\s+(@@.+?)(?:\\s+LIMIT\\s+\\d+)?", FLAGS);
    Pattern PROBE_ITEM = Pattern.compile("@@(?:SESSION\\.|GLOBAL\\.|LOCAL\\.)?([A-Za-z0-9_]+)(?:\\s+(?:AS\\s+)?"
            + "(`[^`]+`|[A-Za-z0-9_]+))?", FLAGS);
    Pattern SELECT_DATABASE = Pattern.compile("SELECT\\s+DATABASE\\(\\)", FLAGS);
    Pattern SESSION_SET = Pattern.compile("SET\\s+(?!NODE\\s).+", FLAGS);
    Pattern SHOW_OTHER = Pattern.compile("SHOW\\s+(?:SESSION\\s+|GLOBAL\\s+)?(VARIABLES|WARNINGS|ERRORS|STATUS)\\b.*",
            FLAGS);

    static AdminCommand parse(String text) {
        String sql = text.strip();
        // drivers prefix their own statements with a comment (Connector/J: /* mysql-connector-j-9 ... */SELECT ...)
        while (sql.startsWith("/*") && sql.indexOf("*/") > 0) {
            sql = sql.substring(sql.indexOf("*/") + 2).strip();
        }
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        Matcher m;
        if (SHOW_NODES.matcher(sql).matches()) {
            return new ShowNodes();
        }
        if (SHOW_SCHEMAS.matcher(sql).matches()) {
            return new ShowSchemas();
        }
        if ((m = SHOW_TABLES_RULES.matcher(sql)).matches()) {
            return new ShowTablesRules(m.group(1) == null ? null : unquoteName(m.group(1)));
        }
        if ((m = SHOW_ROUTE.matcher(sql)).matches()) {
            return new ShowRoute(m.group(1).strip());
        }
        if (SHOW_SESSIONS.matcher(sql).matches()) {
            return new ShowSessions();
        }
        if ((m = KILL.matcher(sql)).matches()) {
            return new Kill(Long.parseLong(m.group(2)), m.group(1) != null && m.group(1).equalsIgnoreCase("QUERY"),
                    m.group(3) == null ? null : unquote(m.group(3)));
        }
        if (SHOW_PROXIES.matcher(sql).matches()) {
            return new ShowProxies();
        }
        if ((m = SHOW_DIGESTS.matcher(sql)).matches()) {
            return digests(m.group(1), m.group(2));
        }
        if (RESET_DIGESTS.matcher(sql).matches()) {
            return new ResetDigests();
        }
        if ((m = SET_NODE.matcher(sql)).matches()) {
            String node = unquoteName(m.group(1));
            String address = m.group(2).startsWith("'") || m.group(2).startsWith("\"") ? unquote(m.group(2)) : m.group(2);
            String action = m.group(3).toUpperCase(Locale.ROOT);
            if (action.startsWith("WEIGHT")) {
                return new SetReplicaWeight(node, address, Integer.parseInt(m.group(4)));
            }
            return new SetReplicaOffline(node, address, action.equals("OFFLINE"));
        }
        if (RELOAD_CONFIG.matcher(sql).matches()) {
            return new ReloadConfig();
        }
        if (SHOW_CONFIG.matcher(sql).matches()) {
            return new ShowConfig();
        }
        if ((m = BLACKLIST.matcher(sql)).matches()) {
            String statement = unquote(m.group(2));
            if (statement.isBlank()) {
                return new Unknown("the statement to blacklist is empty");
            }
            return m.group(1).equalsIgnoreCase("ADD") ? new AddBlacklist(statement) : new RemoveBlacklist(statement);
        }
        if (SHOW_BLACKLIST.matcher(sql).matches()) {
            return new ShowBlacklist();
        }
        if ((m = RESHARD.matcher(sql)).matches()) {
            return new Reshard(m.group(1) == null ? null : unquoteName(m.group(1)), unquoteName(m.group(2)),
                    unquote(m.group(3)));
        }
        if (SHOW_RESHARD_STATUS.matcher(sql).matches()) {
            return new ShowReshardStatus();
        }
        if (CANCEL_RESHARD.matcher(sql).matches()) {
            return new CancelReshard();
        }
        if (RESHARD_CLEANUP.matcher(sql).matches()) {
            return new ReshardCleanup();
        }
        if ((m = USE.matcher(sql)).matches()) {
            return new Use(unquoteName(m.group(1)));
        }
        if (HELP.matcher(sql).matches()) {
            return new Help();
        }
        if (SELECT_DATABASE.matcher(sql).matches()) {
            return new SelectDatabase();
        }
        if ((m = PROBE.matcher(sql)).matches()) {
            return probe(m.group(1));
        }
        if (SESSION_SET.matcher(sql).matches()) {
            return new SessionSet();
        }
        if ((m = SHOW_OTHER.matcher(sql)).matches()) {
            String what = m.group(1).toUpperCase(Locale.ROOT);
            return new EmptyShow(what.equals("WARNINGS") || what.equals("ERRORS") ? List.of("Level", "Code", "Message")
                    : List.of("Variable_name", "Value"));
        }
        return new Unknown("not an admin command: '" + abbreviate(sql) + "'. Commands: " + COMMANDS);
    }

    private static AdminCommand digests(String order, String limit) {
        AdminService.DigestOrder by = AdminService.DigestOrder.TOTAL_TIME;
        if (order != null) {
            try {
                by = AdminService.DigestOrder.valueOf(order.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new Unknown("SHOW DIGESTS orders by total_time, count or errors, not '" + order + "'");
            }
        }
        int n = limit == null ? MAX_DIGEST_LIMIT : Math.min(Integer.parseInt(limit), MAX_DIGEST_LIMIT);
        return new ShowDigests(by, n);
    }

    private static AdminCommand probe(String items) {
        List<String> variables = new java.util.ArrayList<>();
        List<String> labels = new java.util.ArrayList<>();
        for (String item : items.split(",")) {
            Matcher m = PROBE_ITEM.matcher(item.strip());
            if (!m.matches()) {
                return new Unknown("not an admin command: 'SELECT " + abbreviate(items) + "'. Commands: " + COMMANDS);
            }
            variables.add(m.group(1).toLowerCase(Locale.ROOT));
            labels.add(m.group(2) != null ? unquoteName(m.group(2)) : item.strip());
        }
        return new VariableProbe(variables, labels);
    }

    /** A SQL string literal's text: quotes removed, doubled quotes and backslash escapes undone. */
    static String unquote(String literal) {
        char quote = literal.charAt(0);
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length() - 1) {
                char next = literal.charAt(++i);
                out.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
            } else if (c == quote && i + 1 < literal.length() - 1 && literal.charAt(i + 1) == quote) {
                out.append(quote);
                i++;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unquoteName(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1) : name;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
