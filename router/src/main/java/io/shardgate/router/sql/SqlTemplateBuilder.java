package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds {@link SqlTemplate}s from a statement shape and edits at shape offsets. Two kinds of edits:
 *
 * <ul>
 *   <li>Atomic: a table name or a column qualifier replaced by a {@link SqlTemplate.Table} hole. Every
 *       {@code ?} of the shape becomes a {@link SqlTemplate.Slot} on its own. Atomic edits apply wherever
 *       their text ends up, including in {@link #copy copies} of a range.</li>
 *   <li>Structural, per template: replace a range with pieces, delete it, insert before an offset. They may
 *       not cut through an atomic edit.</li>
 * </ul>
 *
 * <p>One builder serves several templates of the same statement (the single-shard and the scatter form),
 * each with its own structural edits: {@link #template(List)}. Not thread-safe; runs only on a cache miss.
 */
public final class SqlTemplateBuilder {

    /** A structural edit: shape range [start, end) becomes {@code pieces}. */
    public record Edit(int start, int end, List<SqlTemplate.Piece> pieces) {

        public Edit {
            pieces = List.copyOf(pieces);
        }

        public static Edit replace(int start, int end, SqlTemplate.Piece... pieces) {
            return new Edit(start, end, List.of(pieces));
        }

        public static Edit insert(int at, List<SqlTemplate.Piece> pieces) {
            return new Edit(at, at, pieces);
        }

        public static Edit insert(int at, String text) {
            return new Edit(at, at, List.of(new SqlTemplate.Text(text)));
        }

        public static Edit delete(int start, int end) {
            return new Edit(start, end, List.of());
        }
    }

    private record Atomic(int start, int end, SqlTemplate.Piece piece) {
    }

    private final String shape;
    private final int[] slotOffsets;
    private final List<Atomic> atomics = new ArrayList<>();
    private boolean sorted = true;

    public SqlTemplateBuilder(String shape) {
        this.shape = shape;
        this.slotOffsets = slotOffsets(shape);
    }

    public String shape() {
        return shape;
    }

    public int slotCount() {
        return slotOffsets.length;
    }

    /** The slot whose {@code ?} sits at {@code offset}, or -1. */
    public int slotAt(int offset) {
        int i = java.util.Arrays.binarySearch(slotOffsets, offset);
        return i >= 0 ? i : -1;
    }

    /** Shape offset of slot {@code index}'s {@code ?}. */
    public int slotOffset(int index) {
        return slotOffsets[index];
    }

    /** Replace [start, end) of the shape by table reference {@code ref} everywhere it is rendered. */
    public void table(int start, int end, int ref) {
        for (Atomic a : atomics) {
            if (a.start == start && a.end == end) {
                return;
            }
        }
        atomics.add(new Atomic(start, end, new SqlTemplate.Table(ref)));
        sorted = false;
    }

    /** The pieces of shape range [start, end) with atomic edits and slots applied. */
    public List<SqlTemplate.Piece> copy(int start, int end) {
        sortAtomics();
        List<SqlTemplate.Piece> out = new ArrayList<>();
        int pos = start;
        int slot = firstSlotAtOrAfter(start);
        int atomic = 0;
        while (atomic < atomics.size() && atomics.get(atomic).end <= start) {
            atomic++;
        }
        while (true) {
            int nextSlot = slot < slotOffsets.length && slotOffsets[slot] < end ? slotOffsets[slot] : Integer.MAX_VALUE;
            Atomic a = atomic < atomics.size() && atomics.get(atomic).start < end ? atomics.get(atomic) : null;
            int nextAtomic = a == null ? Integer.MAX_VALUE : a.start;
            if (nextSlot == Integer.MAX_VALUE && nextAtomic == Integer.MAX_VALUE) {
                break;
            }
            if (nextSlot < nextAtomic) {
                text(out, pos, nextSlot);
                out.add(new SqlTemplate.Slot(slot));
                pos = nextSlot + 1;
                slot++;
            } else {
                if (a.start < pos || a.end > end) {
                    throw new IllegalStateException("edit cuts through " + shape.substring(a.start, a.end));
                }
                text(out, pos, a.start);
                out.add(a.piece);
                pos = a.end;
                atomic++;
            }
        }
        text(out, pos, end);
        return out;
    }

    /** The whole shape with these structural edits. */
    public SqlTemplate template(List<Edit> edits) {
        return template(0, shape.length(), edits);
    }

    /** Shape range [from, to) with the structural edits that fall inside it. */
    public SqlTemplate template(int from, int to, List<Edit> edits) {
        List<Edit> ordered = new ArrayList<>(edits);
        // stable: inserts at one offset keep their order, and come before a replacement starting there
        ordered.sort(Comparator.comparingInt(Edit::start).thenComparingInt(e -> e.end() == e.start() ? 0 : 1));
        List<SqlTemplate.Piece> pieces = new ArrayList<>();
        int pos = from;
        for (Edit e : ordered) {
            if (e.start() < from || e.end() > to) {
                continue;
            }
            if (e.start() < pos) {
                throw new IllegalStateException("overlapping edits at " + e.start() + " in: " + shape);
            }
            pieces.addAll(copy(pos, e.start()));
            pieces.addAll(e.pieces());
            pos = e.end();
        }
        pieces.addAll(copy(pos, to));
        return new SqlTemplate(pieces);
    }

    private void text(List<SqlTemplate.Piece> out, int from, int to) {
        if (to > from) {
            out.add(new SqlTemplate.Text(shape.substring(from, to)));
        }
    }

    private int firstSlotAtOrAfter(int offset) {
        int i = java.util.Arrays.binarySearch(slotOffsets, offset);
        return i >= 0 ? i : -i - 1;
    }

    private void sortAtomics() {
        if (!sorted) {
            atomics.sort(Comparator.comparingInt(Atomic::start));
            sorted = true;
        }
    }

    /**
     * Offsets of the {@code ?} holes of a shape: every {@code ?} outside quotes, backticks and kept comments
     * (the normalizer leaves only SEPARATOR strings, user-variable names and optimizer hints quoted).
     */
    static int[] slotOffsets(String shape) {
        int[] offsets = new int[8];
        int count = 0;
        int n = shape.length();
        int i = 0;
        while (i < n) {
            char c = shape.charAt(i);
            if (c == '?') {
                if (count == offsets.length) {
                    offsets = java.util.Arrays.copyOf(offsets, count * 2);
                }
                offsets[count++] = i;
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(shape, i, c);
            } else if (c == '/' && i + 1 < n && shape.charAt(i + 1) == '*') {
                int close = shape.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                i++;
            }
        }
        return java.util.Arrays.copyOf(offsets, count);
    }

    /**
     * The index just past the quoted string or identifier opened by {@code q} at {@code i} in a shape (doubled
     * quotes and, outside backticks, backslash escapes stay inside); the length when it is not closed. Shapes
     * are lexed in the default mode whatever the client's (see {@link Normalizer}).
     */
    public static int skipQuoted(String s, int i, char q) {
        return SqlMode.DEFAULT.skipQuoted(s, i, q);
    }
}
