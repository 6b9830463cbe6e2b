package io.shardgate.router.merge;

import java.util.Comparator;
import java.util.function.IntUnaryOperator;

/**
 * Orders and groups strings under one collation (families in {@link Collations}).
 *
 * <p>{@link #compare} and {@link #key} agree: two strings compare equal exactly when their keys are
 * equal, so hash-based DISTINCT/GROUP BY and sorted merges see the same groups. Instances are immutable
 * and may be shared.
 */
public abstract sealed class TextOrder implements Comparator<String> {

    /** Whether an exact implementation of the collation (true) or an approximation (false). */
    public abstract boolean exact();

    /** A value whose equals/hashCode match {@code compare(a, b) == 0}. */
    public abstract Object key(String s);

    /** The order for a collation. */
    public static TextOrder of(Collations.Collation collation) {
        boolean pad = collation.padSpace();
        return switch (collation.family()) {
            case BINARY -> new Weighted(IntUnaryOperator.identity(), pad);
            case GENERAL_CI -> new Weighted(CollationWeights::generalCi, pad);
            case LATIN1_SWEDISH_CI -> new Weighted(CollationWeights::latin1Swedish, pad);
            case UCA_LEGACY_PRIMARY -> new Uca(new UcaApproximation(1, true), pad);
            case UCA_PRIMARY -> new Uca(new UcaApproximation(1, false), pad);
            case UCA_SECONDARY -> new Uca(new UcaApproximation(2, false), pad);
            case UCA_TERTIARY -> new Uca(new UcaApproximation(3, false), pad);
        };
    }

    /** Code point order, which is the UTF-8 byte order MySQL's binary collations use. */
    public static TextOrder binary(boolean padSpace) {
        return new Weighted(IntUnaryOperator.identity(), padSpace);
    }

    /**
     * One weight per code point, compared in sequence: the binary order (weight = code point) and MySQL's
     * table-driven collations. PAD SPACE compares the longer string's tail against the weight of a space,
     * so {@code 'a' = 'a '} but {@code 'a' > 'a\t'} (tab weighs less than space), as MySQL does.
     */
    static final class Weighted extends TextOrder {
        private final IntUnaryOperator weight;
        private final boolean padSpace;
        private final int spaceWeight;

        Weighted(IntUnaryOperator weight, boolean padSpace) {
            this.weight = weight;
            this.padSpace = padSpace;
            this.spaceWeight = weight.applyAsInt(' ');
        }

        @Override
        public boolean exact() {
            return true;
        }

        @Override
        public int compare(String a, String b) {
            int i = 0;
            // equal BMP characters weigh the same: skip the common prefix char by char
            int n = Math.min(a.length(), b.length());
            while (i < n && a.charAt(i) == b.charAt(i) && !Character.isSurrogate(a.charAt(i))) {
                i++;
            }
            int j = i;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    int wa = weight.applyAsInt(ca);
                    int wb = weight.applyAsInt(cb);
                    if (wa != wb) {
                        return Integer.compare(wa, wb);
                    }
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            if (i == a.length() && j == b.length()) {
                return 0;
            }
            if (!padSpace) {
                return i == a.length() ? -1 : 1;
            }
            return i < a.length() ? tailAgainstSpace(a, i) : -tailAgainstSpace(b, j);
        }

        private int tailAgainstSpace(String s, int from) {
            for (int i = from; i < s.length(); ) {
                int c = s.codePointAt(i);
                int w = weight.applyAsInt(c);
                if (w != spaceWeight) {
                    return Integer.compare(w, spaceWeight);
                }
                i += Character.charCount(c);
            }
            return 0;
        }

        @Override
        public Object key(String s) {
            StringBuilder weights = new StringBuilder(s.length());
            int keep = 0;
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                int w = weight.applyAsInt(c);
                weights.appendCodePoint(w);
                if (!padSpace || w != spaceWeight) {
                    keep = weights.length();
                }
                i += Character.charCount(c);
            }
            weights.setLength(keep);
            return weights.toString();
        }
    }

    /**
     * UCA collations approximated by {@link UcaApproximation} (see {@link Collations} for where it differs
     * from MySQL).
     */
    static final class Uca extends TextOrder {
        private final UcaApproximation uca;
        private final boolean padSpace;

        Uca(UcaApproximation uca, boolean padSpace) {
            this.uca = uca;
            this.padSpace = padSpace;
        }

        @Override
        public boolean exact() {
            return false;
        }

        @Override
        public int compare(String a, String b) {
            return uca.compare(a, b, padSpace);
        }

        @Override
        public Object key(String s) {
            return uca.key(s, padSpace);
        }
    }
}
