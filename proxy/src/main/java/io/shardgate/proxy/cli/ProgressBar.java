package io.shardgate.proxy.cli;

import java.util.Locale;
import java.util.Map;

/**
 * One line of text for a reshard's status, redrawn in place: a bar for the phase's progress where it has a measure
 * (the copy: rows copied of the estimate), the phase and its numbers.
 */
final class ProgressBar {

    static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String line(Map<String, String> s) {
        String phase = s.get("phase");
        long copied = number(s.get("rows_copied"));
        long estimate = Math.max(1, number(s.get("rows_estimate")));
        double done = switch (phase) {
            case "creating" -> 0;
            case "copying" -> Math.min(0.99, (double) copied / estimate) * 0.7;
            case "catching_up" -> 0.75;
            case "verifying" -> 0.85;
            case "cutting_over" -> 0.95;
            default -> 1;
        };
        int filled = (int) Math.round(done * WIDTH);
        StringBuilder bar = new StringBuilder("[");
        bar.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        bar.append(String.format(Locale.ROOT, "%3d%% %-12s", Math.round(done * 100), phase));
        bar.append(" copied ").append(copied).append('/').append(number(s.get("rows_estimate")))
                .append(" (").append(number(s.get("copy_rows_per_second"))).append(" rows/s)")
                .append(", changes applied ").append(number(s.get("changes_applied")))
                .append(" (pending ").append(number(s.get("changes_pending"))).append(')')
                .append(", chunks ").append(number(s.get("chunks_verified"))).append(" verified")
                .append(" / ").append(number(s.get("chunks_recopied"))).append(" re-copied");
        if (s.get("cutover_pause_ms") != null) {
            bar.append(", cutover pause ").append(s.get("cutover_pause_ms")).append(" ms");
        }
        return bar.toString();
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
