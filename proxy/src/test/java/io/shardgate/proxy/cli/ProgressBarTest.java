package io.shardgate.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static Map<String, String> status(String phase, String copied, String estimate) {
        Map<String, String> s = new HashMap<>();
        s.put("phase", phase);
        s.put("rows_copied", copied);
        s.put("rows_estimate", estimate);
        s.put("copy_rows_per_second", "5000");
        s.put("changes_applied", "12");
        s.put("changes_pending", "3");
        s.put("chunks_verified", "0");
        s.put("chunks_recopied", "0");
        return s;
    }

    @Test
    void theCopyFillsTheBarByRowsCopiedOfTheEstimate() {
        assertThat(ProgressBar.line(status("copying", "500", "1000"))).isEqualTo(
                "[###########...................]  35% copying      copied 500/1000 (5000 rows/s), changes applied 12"
                        + " (pending 3), chunks 0 verified / 0 re-copied");
    }

    @Test
    void anEstimateBelowTheRowsCopiedNeverFillsTheCopysShare() {
        assertThat(ProgressBar.line(status("copying", "1500", "1000"))).startsWith(
                "[#####################.........]  69% copying");
    }

    @Test
    void doneIsFullAndShowsTheCutoverPause() {
        Map<String, String> s = status("done", "1000", "1000");
        s.put("cutover_pause_ms", "120");
        assertThat(ProgressBar.line(s)).startsWith("[##############################] 100% done")
                .endsWith(", cutover pause 120 ms");
    }

    @Test
    void missingNumbersShowAsZero() {
        assertThat(ProgressBar.line(Map.of("phase", "creating"))).startsWith(
                "[..............................]   0% creating     copied 0/0 (0 rows/s)");
    }
}
