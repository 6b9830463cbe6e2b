package io.shardgate.proxy.admin;

import java.util.List;

/**
 * What {@code RELOAD CONFIG} answers: whether the new config applies, and the report's lines, each with its kind
 * ({@code problem}, {@code warning} or {@code note}).
 */
public record ReloadOutcome(boolean applied, String source, List<Line> lines) {

    public record Line(String kind, String message) {
    }

    public ReloadOutcome {
        lines = List.copyOf(lines);
    }
}
