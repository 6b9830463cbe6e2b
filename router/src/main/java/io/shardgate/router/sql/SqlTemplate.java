package io.shardgate.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Physical SQL as a sequence of pieces: fixed text, and holes for a literal, a physical table name or a
 * planner-computed fragment (a split IN list, a pushed-down LIMIT, a generated id). Rendering is string
 * concatenation, so producing one shard's SQL for a cached plan costs about as much as copying the string;
 * no AST is printed on the hot path.
 *
 * <p>Built once per statement shape by a {@link SqlTemplateBuilder}; immutable and thread-safe.
 */
public final class SqlTemplate {

    /** Fills the holes of one rendering. */
    public interface Binder {

        /** Appends literal {@code index} as the client wrote it. */
        void slot(StringBuilder out, int index);

        /** Appends the physical name of table reference {@code ref} for the shard being rendered. */
        void table(StringBuilder out, int ref);

        /** Appends the planner's fragment {@code id}. */
        void hook(StringBuilder out, int id);
    }

    /** One piece of a template. */
    public sealed interface Piece permits Text, Slot, Table, Hook {
        void appendTo(StringBuilder out, Binder binder);
    }

    public record Text(String text) implements Piece {
        @Override
        public void appendTo(StringBuilder out, Binder binder) {
            out.append(text);
        }
    }

    public record Slot(int index) implements Piece {
        @Override
        public void appendTo(StringBuilder out, Binder binder) {
            binder.slot(out, index);
        }
    }

    public record Table(int ref) implements Piece {
        @Override
        public void appendTo(StringBuilder out, Binder binder) {
            binder.table(out, ref);
        }
    }

    public record Hook(int id) implements Piece {
        @Override
        public void appendTo(StringBuilder out, Binder binder) {
            binder.hook(out, id);
        }
    }

    private final Piece[] pieces;
    private final int sizeHint;

    SqlTemplate(List<Piece> pieces) {
        List<Piece> merged = new ArrayList<>(pieces.size());
        StringBuilder text = new StringBuilder();
        for (Piece p : pieces) {
            if (p instanceof Text t) {
                text.append(t.text());
            } else {
                if (!text.isEmpty()) {
                    merged.add(new Text(text.toString()));
                    text.setLength(0);
                }
                merged.add(p);
            }
        }
        if (!text.isEmpty()) {
            merged.add(new Text(text.toString()));
        }
        this.pieces = merged.toArray(Piece[]::new);
        int size = 16;
        for (Piece p : this.pieces) {
            size += p instanceof Text t ? t.text().length() : 12;
        }
        this.sizeHint = size;
    }

    public static SqlTemplate of(List<Piece> pieces) {
        return new SqlTemplate(pieces);
    }

    public void renderTo(StringBuilder out, Binder binder) {
        for (Piece p : pieces) {
            p.appendTo(out, binder);
        }
    }

    public String render(Binder binder) {
        StringBuilder out = new StringBuilder(sizeHint);
        renderTo(out, binder);
        return out.toString();
    }

    public List<Piece> pieces() {
        return List.of(pieces);
    }

    /** The template with holes shown as {@code {slot 0}}, {@code {table 1}}, {@code {hook 2}}; for tests. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Piece p : pieces) {
            switch (p) {
                case Text t -> out.append(t.text());
                case Slot s -> out.append("{slot ").append(s.index()).append('}');
                case Table t -> out.append("{table ").append(t.ref()).append('}');
                case Hook h -> out.append("{hook ").append(h.id()).append('}');
            }
        }
        return out.toString();
    }
}
