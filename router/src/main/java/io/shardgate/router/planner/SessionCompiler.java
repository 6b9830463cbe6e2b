package io.shardgate.router.planner;

import io.shardgate.router.plan.Local;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.plan.SessionCommand;
import io.shardgate.router.sql.ShapeTokens;
import io.shardgate.router.sql.SqlTemplate;
import io.shardgate.router.sql.SqlTemplateBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Statements about the session and its transaction, read by their words: SET (into a
 * {@link SessionCommand}), USE, BEGIN / START TRANSACTION / COMMIT / ROLLBACK / SAVEPOINT / RELEASE
 * SAVEPOINT and KILL (into {@link Local}). XA and SQL-level PREPARE / EXECUTE are refused: the proxy cannot
 * keep them on one backend connection.
 */
final class SessionCompiler {

    private record Assignment(SessionCommand.Scope scope, String name, SqlTemplate value, boolean nextOnly) {
    }

    private SessionCompiler() {
    }

    static PlanTemplate compile(String first, ShapeTokens tokens, String schema, ShardCatalog catalog) {
        return switch (first) {
            case "SET" -> set(tokens);
            case "USE" -> tokens.size() >= 2 && tokens.get(1).isIdentifier()
                    ? PlanTemplate.fixed(Local.of(Local.Kind.USE_SCHEMA, tokens.get(1).identifier()))
                    : PlanTemplate.fixed(new Reject(1064, "42000", "USE needs a schema name"));
            case "BEGIN" -> PlanTemplate.fixed(Local.of(Local.Kind.BEGIN));
            case "START" -> tokens.size() >= 2 && tokens.get(1).is("TRANSACTION")
                    ? PlanTemplate.fixed(new Local(Local.Kind.BEGIN, characteristics(tokens, 2), List.of()))
                    : new PassThrough(catalog.defaultNode(schema), false);
            case "COMMIT" -> PlanTemplate.fixed(Local.of(Local.Kind.COMMIT));
            case "ROLLBACK" -> rollback(tokens);
            case "SAVEPOINT" -> named(tokens, 1, Local.Kind.SAVEPOINT);
            case "RELEASE" -> named(tokens, tokens.size() > 1 && tokens.get(1).is("SAVEPOINT") ? 2 : 1,
                    Local.Kind.RELEASE_SAVEPOINT);
            case "KILL" -> kill(tokens);
            case "XA" -> PlanTemplate.fixed(Reject.notSupported("XA transactions through shardgate"));
            default -> PlanTemplate.fixed(Reject.notSupported("SQL-level " + first
                    + " through shardgate; use the binary protocol's prepared statements (COM_STMT_PREPARE)"));
        };
    }

    private static PlanTemplate rollback(ShapeTokens tokens) {
        int to = tokens.find(1, "TO", 0);
        if (to < 0) {
            return PlanTemplate.fixed(Local.of(Local.Kind.ROLLBACK));
        }
        return named(tokens, tokens.size() > to + 1 && tokens.get(to + 1).is("SAVEPOINT") ? to + 2 : to + 1,
                Local.Kind.ROLLBACK_TO_SAVEPOINT);
    }

    private static PlanTemplate named(ShapeTokens tokens, int at, Local.Kind kind) {
        if (at >= tokens.size() || !tokens.get(at).isIdentifier()) {
            return PlanTemplate.fixed(new Reject(1064, "42000", kind + " needs a savepoint name"));
        }
        return PlanTemplate.fixed(Local.of(kind, tokens.get(at).identifier()));
    }

    private static List<String> characteristics(ShapeTokens tokens, int from) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = from; i < tokens.size(); i++) {
            ShapeTokens.Token t = tokens.get(i);
            if (t.isPunct(',')) {
                result.add(current.toString());
                current.setLength(0);
            } else {
                current.append(current.isEmpty() ? "" : " ").append(t.text().toUpperCase(Locale.ROOT));
            }
        }
        if (!current.isEmpty()) {
            result.add(current.toString());
        }
        return result;
    }

    private static PlanTemplate kill(ShapeTokens tokens) {
        int at = 1;
        String mode = "CONNECTION";
        if (at < tokens.size() && (tokens.get(at).is("QUERY") || tokens.get(at).is("CONNECTION"))) {
            mode = tokens.get(at).text().toUpperCase(Locale.ROOT);
            at++;
        }
        if (at >= tokens.size() || tokens.get(at).kind() != ShapeTokens.Kind.SLOT) {
            return PlanTemplate.fixed(new Reject(1064, "42000", "KILL needs a connection id"));
        }
        String finalMode = mode;
        return context -> Local.of(Local.Kind.KILL, context.literal(0).text(), finalMode);
    }

    // ---- SET ----------------------------------------------------------------------------------------------

    private static PlanTemplate set(ShapeTokens tokens) {
        SqlTemplateBuilder builder = new SqlTemplateBuilder(tokens.shape());
        List<Assignment> assignments = new ArrayList<>();
        int i = 1;
        while (i < tokens.size()) {
            int end = i;
            while (end < tokens.size() && !(tokens.get(end).isPunct(',') && tokens.get(end).depth() == 0)) {
                end++;
            }
            ShapeTokens.Token t = tokens.get(i);
            SessionCommand.Scope scope = SessionCommand.Scope.SESSION;
            boolean explicitSession = false;
            if (t.is("GLOBAL") || t.is("PERSIST") || t.is("PERSIST_ONLY")) {
                return PlanTemplate.fixed(Reject.notSupported("SET " + t.text().toUpperCase(Locale.ROOT)
                        + " through shardgate; set server variables on the backends"));
            }
            if (t.is("SESSION") || t.is("LOCAL")) {
                explicitSession = true;
                i++;
                t = tokens.get(i);
            }
            if (t.is("TRANSACTION")) {
                assignments.addAll(transaction(tokens, i + 1, builder, !explicitSession));
                break;
            }
            if (t.is("NAMES") || t.is("CHARSET") || t.is("CHARACTER") && i + 1 < end && tokens.get(i + 1).is("SET")) {
                int valueStart = t.is("CHARACTER") ? i + 2 : i + 1;
                scope = t.is("NAMES") ? SessionCommand.Scope.NAMES : SessionCommand.Scope.CHARACTER_SET;
                assignments.add(new Assignment(scope, scope == SessionCommand.Scope.NAMES ? "names" : "character_set",
                        value(builder, tokens, valueStart, end), false));
                i = end + 1;
                continue;
            }
            int eq = i + 1;
            while (eq < end && !(tokens.get(eq).isPunct('=') || tokens.get(eq).isPunct(':'))) {
                eq++;
            }
            if (eq >= end) {
                return PlanTemplate.fixed(new Reject(1064, "42000", "cannot read SET assignment "
                        + tokens.shape().substring(tokens.get(i).start(), tokens.get(end - 1).end())));
            }
            String name = tokens.shape().substring(tokens.get(i).start(), tokens.get(eq - 1).end()).replace("`", "");
            int valueStart = tokens.get(eq).isPunct(':') ? eq + 2 : eq + 1;
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@@global.") || lower.startsWith("@@persist")) {
                return PlanTemplate.fixed(Reject.notSupported("SET " + name
                        + " through shardgate; set server variables on the backends"));
            }
            if (lower.startsWith("@@")) {
                lower = lower.substring(2);
                lower = lower.startsWith("session.") ? lower.substring(8) : lower.startsWith("local.") ? lower.substring(6) : lower;
            } else if (lower.startsWith("@")) {
                scope = SessionCommand.Scope.USER;
                lower = name.substring(1).replace("'", "").replace("\"", "");
            }
            assignments.add(new Assignment(scope, lower, value(builder, tokens, valueStart, end), false));
            i = end + 1;
        }
        List<Assignment> compiled = List.copyOf(assignments);
        return context -> {
            ShardBinder binder = new ShardBinder(context.literals(), List.of(), new ShardBinder.Hook[0], null);
            List<SessionCommand.Assignment> bound = new ArrayList<>(compiled.size());
            for (Assignment a : compiled) {
                bound.add(new SessionCommand.Assignment(a.scope(), a.name(), a.value().render(binder), a.nextOnly()));
            }
            return new SessionCommand(bound, context.original());
        };
    }

    private static List<Assignment> transaction(ShapeTokens tokens, int from, SqlTemplateBuilder builder, boolean nextOnly) {
        List<Assignment> result = new ArrayList<>();
        for (String c : characteristics(tokens, from)) {
            SqlTemplate text = SqlTemplate.of(List.of(new SqlTemplate.Text(c.replaceFirst("^ISOLATION LEVEL ", ""))));
            if (c.startsWith("ISOLATION LEVEL ")) {
                result.add(new Assignment(SessionCommand.Scope.TRANSACTION, "transaction_isolation", text, nextOnly));
            } else if (c.equals("READ ONLY") || c.equals("READ WRITE")) {
                result.add(new Assignment(SessionCommand.Scope.TRANSACTION, "transaction_read_only",
                        SqlTemplate.of(List.of(new SqlTemplate.Text(c.equals("READ ONLY") ? "ON" : "OFF"))), nextOnly));
            } else {
                throw PlanException.notSupported("SET TRANSACTION " + c);
            }
        }
        return result;
    }

    private static SqlTemplate value(SqlTemplateBuilder builder, ShapeTokens tokens, int from, int to) {
        if (from >= to) {
            return SqlTemplate.of(List.of());
        }
        return builder.template(tokens.get(from).start(), tokens.get(to - 1).end(), List.of());
    }
}
