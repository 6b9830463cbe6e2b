package io.shardgate.bench.heap;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy JVM's {@code -Xlog:gc:file=...} log, read incrementally. Each collection line carries the heap
 * in use before and after it ({@code GC(7) Pause Young (Normal) (G1 Evacuation Pause) 40M->12M(64M) 3.1ms}):
 * the "after" of a full collection is the live heap; the "after" of a young one is an upper bound of it
 * (old-generation garbage still counts). The log is the JVM's own account, so reading it adds nothing to the
 * measured heap.
 */
final class GcLog {

    /** One collection. Sizes in bytes, at the log's resolution (whole K, M or G). */
    record Event(int number, String kind, long beforeBytes, long afterBytes, long committedBytes) {
        boolean full() {
            return kind.startsWith("Pause Full");
        }
    }

    private static final Pattern EVENT = Pattern.compile(
            "GC\\((\\d+)\\) (.+?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Path file;
    private long offset;

    GcLog(Path file) {
        this.file = file;
    }

    /** Where the next {@link #readNew()} starts; remember it to read one window again with {@link #readFrom}. */
    long offset() {
        return offset;
    }

    /** The complete lines appended since the last call, as events; other lines are skipped. */
    List<Event> readNew() throws IOException {
        List<Event> events = new ArrayList<>();
        offset = readFrom(offset, events);
        return events;
    }

    /** Reads complete lines from {@code from}; returns the offset after the last complete line. */
    long readFrom(long from, List<Event> into) throws IOException {
        if (!Files.exists(file)) {
            return from;
        }
        byte[] bytes;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= from) {
                return from;
            }
            bytes = new byte[Math.toIntExact(length - from)];
            raf.seek(from);
            raf.readFully(bytes);
        }
        int lastNewline = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            return from;
        }
        String text = new String(bytes, 0, lastNewline, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            parse(line).ifPresent(into::add);
        }
        return from + lastNewline + 1;
    }

    static Optional<Event> parse(String line) {
        Matcher m = EVENT.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Event(Integer.parseInt(m.group(1)), m.group(2),
                bytes(m.group(3), m.group(4)), bytes(m.group(5), m.group(6)), bytes(m.group(7), m.group(8))));
    }

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            case "G" -> value << 30;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
