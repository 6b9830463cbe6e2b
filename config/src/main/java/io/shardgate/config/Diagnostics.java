package io.shardgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one load of one file collects: problems (fatal, all reported at the end) and warnings
 * (a soft value was adjusted; logged at once, stating the value used). Also carries the
 * environment used for {@code ${VAR}} substitution.
 */
final class Diagnostics {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private final String source;
    private final Function<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();
    /** A cluster's shared config: each instance may give its own listeners (cluster.admin-listen ...). */
    private boolean shared;

    Diagnostics(String source, Function<String, String> env) {
        this.source = source;
        this.env = env;
    }

    void problem(String path, String message) {
        problems.add(new ConfigProblem(path, message));
    }

    void warn(String path, String message) {
        ConfigProblem w = new ConfigProblem(path, message);
        warnings.add(w);
        log.warn("{}: {}", source, w);
    }

    void shared() {
        shared = true;
    }

    boolean isShared() {
        return shared;
    }

    int problemCount() {
        return problems.size();
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    List<ConfigProblem> warnings() {
        return warnings;
    }

    Function<String, String> env() {
        return env;
    }

    String source() {
        return source;
    }

    /** Joins a section path and a key: {@code ("nodes.ds0", "primary") -> "nodes.ds0.primary"}. */
    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
