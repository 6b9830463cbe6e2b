package io.shardgate.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a sharding.yaml into a validated, resolved {@link ShardgateConfig}, or throws a
 * {@link ConfigException} listing every problem found. Stateless; safe to call from any thread.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} in values are replaced from the environment
 * function given (default {@link System#getenv(String)}). Relative file paths (TLS) resolve
 * against the config file's directory, or the working directory for {@link #parse}.
 */
public final class ConfigLoader {

    /** Far above any real config; stops a wrong file (a log, a dump) from being read whole. */
    static final int MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
    /** Anchors are handy for repeated node settings; thousands of them are an attack ("billion laughs"). */
    static final int MAX_ALIASES = 100;

    private ConfigLoader() {
    }

    public static ShardgateConfig load(Path file) {
        return read(file, System::getenv).config();
    }

    public static ShardgateConfig load(Path file, Function<String, String> env) {
        return read(file, env).config();
    }

    public static ShardgateConfig parse(String yaml, String sourceName) {
        return read(yaml, sourceName, System::getenv, Path.of("")).config();
    }

    public static ShardgateConfig parse(String yaml, String sourceName, Function<String, String> env) {
        return read(yaml, sourceName, env, Path.of("")).config();
    }

    /** Like {@link #load(Path, Function)}, also returning the warnings (adjusted values) for tools. */
    public static LoadedConfig read(Path file, Function<String, String> env) {
        String text = readText(file);
        Path dir = file.toAbsolutePath().getParent();
        return read(text, file.toString(), env, dir == null ? Path.of("") : dir);
    }

    private static String readText(Path file) {
        String source = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_DOCUMENT_CHARS * 4L) {
                throw fileProblem(source, "file is larger than " + MAX_DOCUMENT_CHARS + " characters");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(source, "cannot read " + source + ": no such file");
        } catch (AccessDeniedException e) {
            throw fileProblem(source, "cannot read " + source + ": permission denied");
        } catch (MalformedInputException e) {
            throw fileProblem(source, "cannot read " + source + ": not UTF-8 text");
        } catch (IOException e) {
            // e.g. "Is a directory": the message, never the exception class
            throw fileProblem(source, "cannot read " + source + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return text;
    }

    /**
     * Reads an instance's local file: a whole config (one proxy, the default), or, when it has a {@code cluster:}
     * section, only that section (the rest then lives in ZooKeeper, see {@link ClusterSettings}).
     */
    public static LocalConfig readLocal(Path file, Function<String, String> env) {
        String source = file.toString();
        String text = readText(file);
        Path dir = file.toAbsolutePath().getParent();
        Path baseDir = dir == null ? Path.of("") : dir;
        Node root = compose(text, source);
        if (root instanceof MappingNode m && m.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("cluster"))) {
            Diagnostics diag = new Diagnostics(source, env);
            ClusterSettings cluster = new ClusterReader(diag).read(root);
            if (diag.problemCount() > 0 || cluster == null) {
                throw new ConfigException(source, diag.problems());
            }
            return new LocalConfig.Clustered(cluster, baseDir);
        }
        return new LocalConfig.Standalone(read(text, source, env, baseDir));
    }

    /** Parses YAML text; {@code baseDir} resolves relative file paths in it. */
    public static LoadedConfig read(String yaml, String sourceName, Function<String, String> env, Path baseDir) {
        return read(yaml, sourceName, env, baseDir, false);
    }

    /**
     * As {@link #read(String, String, Function, Path)} for a cluster's shared config, whose admin section may name
     * users only: each instance's local file can give the listeners.
     */
    public static LoadedConfig readShared(String yaml, String sourceName, Function<String, String> env, Path baseDir) {
        return read(yaml, sourceName, env, baseDir, true);
    }

    private static LoadedConfig read(String yaml, String sourceName, Function<String, String> env, Path baseDir,
                                     boolean shared) {
        Node root = compose(yaml, sourceName);
        Diagnostics diag = new Diagnostics(sourceName, env);
        if (shared) {
            diag.shared();
        }
        ShardgateConfig config = new ConfigReader(diag, baseDir).read(root);
        if (diag.problemCount() > 0 || config == null) {
            throw new ConfigException(sourceName, diag.problems());
        }
        return new LoadedConfig(config, diag.warnings());
    }

    private static Node compose(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(30);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        // compose() builds only the node tree: no Java object is constructed from any tag.
        Yaml parser = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = parser.compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw fileProblem(source, syntaxMessage(e));
        } catch (YAMLException e) {
            throw fileProblem(source, "YAML error: " + e.getMessage());
        }
        if (root == null) {
            throw fileProblem(source, "the document is empty");
        }
        return root;
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder sb = new StringBuilder("YAML syntax error");
        if (mark != null) {
            sb.append(" at line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
        }
        sb.append(": ").append(e.getProblem() != null ? e.getProblem() : e.getContext());
        if (e.getProblem() != null && e.getContext() != null && e.getContextMark() != null) {
            sb.append(" (").append(e.getContext()).append(" at line ").append(e.getContextMark().getLine() + 1)
                    .append(", column ").append(e.getContextMark().getColumn() + 1).append(')');
        }
        return sb.toString();
    }

    private static ConfigException fileProblem(String source, String message) {
        return new ConfigException(source, List.of(new ConfigProblem("", message)));
    }
}
