package io.shardgate.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Reads a node's {@code tls:} mapping ({@code mode}, {@code ca-file}) into a {@link BackendTls}. */
final class NodeTlsReader {

    static final Set<String> KEYS = ConfigReader.keys("mode", "ca-file");
    static final List<String> MODES = Arrays.stream(BackendTls.Mode.values()).map(BackendTls.Mode::configName).toList();

    private NodeTlsReader() {
    }

    /**
     * @param files resolves and checks a file key of a section (null when unreadable, reported)
     * @return null when absent or invalid (then reported)
     */
    static BackendTls read(YamlMap node, BiFunction<YamlMap, String, Path> files) {
        YamlMap t = node.map("tls", KEYS);
        if (t == null) {
            return null;
        }
        BackendTls.Mode mode = BackendTls.Mode.VERIFY_CA;
        String text = t.text("mode");
        if (text != null) {
            mode = Arrays.stream(BackendTls.Mode.values())
                    .filter(m -> m.configName().equalsIgnoreCase(text.trim())).findFirst().orElse(null);
            if (mode == null) {
                t.diagnostics().problem(t.pathOf("mode"), "unknown mode '" + text + "'" + Suggestions.closest(text, MODES)
                        .map(s -> " (did you mean '" + s + "'?)").orElse(" (one of " + String.join(", ", MODES) + ")"));
                return null;
            }
        } else if (t.has("mode")) {
            return null; // not a single value: reported
        }
        Path ca = null;
        if (t.has("ca-file")) {
            ca = files.apply(t, "ca-file");
            if (ca == null) {
                return null;
            }
            if (mode == BackendTls.Mode.REQUIRED) {
                t.diagnostics().warn(t.pathOf("ca-file"), "not used by mode required, which checks no certificate");
            }
        }
        return new BackendTls(mode, ca);
    }
}
