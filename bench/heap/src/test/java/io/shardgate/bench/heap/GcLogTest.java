package io.shardgate.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

    @Test
    void parsesYoungAndFullCollections() {
        GcLog.Event young = GcLog.parse(
                "[1.234s] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->5M(64M) 3.456ms").orElseThrow();
        assertThat(young.number()).isEqualTo(3);
        assertThat(young.beforeBytes()).isEqualTo(24L << 20);
        assertThat(young.afterBytes()).isEqualTo(5L << 20);
        assertThat(young.committedBytes()).isEqualTo(64L << 20);
        assertThat(young.full()).isFalse();

        GcLog.Event full = GcLog.parse("[9.0s] GC(12) Pause Full (System.gc()) 900K->700K(2G) 20.1ms").orElseThrow();
        assertThat(full.full()).isTrue();
        assertThat(full.afterBytes()).isEqualTo(700L << 10);
        assertThat(full.committedBytes()).isEqualTo(2L << 30);
    }

    @Test
    void skipsLinesWithoutHeapSizes() {
        assertThat(GcLog.parse("[0.010s] Using G1")).isEmpty();
        assertThat(GcLog.parse("[2.0s] GC(4) Concurrent Mark Cycle 12.3ms")).isEmpty();
    }

    @Test
    void readsOnlyCompleteNewLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gc.log");
        GcLog log = new GcLog(file);
        assertThat(log.readNew()).isEmpty();

        Files.writeString(file, "[0.01s] Using G1\n[1.0s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 10M->2M(32M) 1ms\n"
                + "[2.0s] GC(1) Pause Full (System.gc()) 8M->3M");
        assertThat(log.readNew()).extracting(GcLog.Event::number).containsExactly(0);

        Files.writeString(file, "(32M) 9ms\n", StandardOpenOption.APPEND);
        assertThat(log.readNew()).extracting(GcLog.Event::afterBytes).containsExactly(3L << 20);
        assertThat(log.readNew()).isEmpty();
    }
}
