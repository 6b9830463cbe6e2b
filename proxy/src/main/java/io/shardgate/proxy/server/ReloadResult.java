package io.shardgate.proxy.server;

import io.shardgate.config.ConfigException;
import io.shardgate.config.ConfigProblem;
import java.time.Instant;
import java.util.List;

/**
 * What one reload did, for whoever asked for it (the admin interface's reload command, tests) and for
 * {@link ShardgateServer#lastReload}: applied, with notes (layout changes, physical tables created, settings
 * that wait for a restart) and warnings (rows left out of the proxy's reach by tables no longer listed), or
 * rejected with every problem, the running config unchanged. A rejection is either a file that fails
 * validation or a layout change refused because rows would move; each problem's text says which.
 *
 * @param source the file (or {@code reload} when the config was handed over directly)
 */
public record ReloadResult(boolean applied, String source, List<String> problems, List<String> notes,
                           List<String> warnings, Instant at) {

    public ReloadResult {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    static ReloadResult applied(String source, List<String> notes, List<String> warnings) {
        return new ReloadResult(true, source, List.of(), notes, warnings, Instant.now());
    }

    static ReloadResult rejected(ConfigException e) {
        return new ReloadResult(false, e.source(), e.problems().stream().map(ConfigProblem::toString).toList(),
                List.of(), List.of(), Instant.now());
    }

    static ReloadResult rejected(String source, String problem) {
        return new ReloadResult(false, source, List.of(problem), List.of(), List.of(), Instant.now());
    }

    /** The report in lines: a headline, then one line per problem, or per warning and note. */
    public String describe() {
        StringBuilder s = new StringBuilder(applied ? "config reloaded from " + source
                : "config reload from " + source + " rejected, the running config stays (" + problems.size()
                        + (problems.size() == 1 ? " problem)" : " problems)"));
        if (applied) {
            warnings.forEach(line -> s.append("\n  warning: ").append(line));
            notes.forEach(line -> s.append("\n  ").append(line));
        } else {
            problems.forEach(line -> s.append("\n  ").append(line));
        }
        return s.toString();
    }
}
