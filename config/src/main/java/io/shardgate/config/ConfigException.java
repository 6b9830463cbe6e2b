package io.shardgate.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config file that cannot be used, with every problem found in it (validation does not stop at
 * the first). {@link #getMessage()} lists them one per line, {@code path: message}.
 *
 * <p>Unchecked on purpose: loading happens in a few places (startup, reload, tests) that all want to
 * report and stop, and lambdas such as reload listeners should not have to wrap it.
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final List<ConfigProblem> problems;

    public ConfigException(String source, List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file (or other source name) the config came from. */
    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
