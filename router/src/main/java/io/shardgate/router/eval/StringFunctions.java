package io.shardgate.router.eval;

import io.shardgate.router.merge.ColumnMeta;
import io.shardgate.router.merge.Collations;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CONCAT, CONCAT_WS, UPPER / UCASE, LOWER / LCASE, LENGTH / OCTET_LENGTH and CHAR_LENGTH / CHARACTER_LENGTH,
 * as MariaDB computes them over strings and exact numbers (measured on 10.11):
 * <ul>
 *   <li>an integer argument is its decimal digits, a DECIMAL its digits at the scale MariaDB shows
 *       ({@code CONCAT(AVG(x))} shows AVG's four more decimals); a DOUBLE, a temporal or a binary argument is
 *       not evaluable (MariaDB's shortest-round-trip and temporal text are not reproduced here);</li>
 *   <li>CONCAT is NULL when an argument is; CONCAT_WS when its separator is, and skips NULL arguments;</li>
 *   <li>the result's collation is its first string column's: several string columns of other collations
 *       are not evaluable (MariaDB's coercibility rules, or its 1267 error);</li>
 *   <li>UPPER / LOWER map each character one to one ({@code 'ß'} stays), as MariaDB's utf8mb4 case tables do
 *       for the Basic Multilingual Plane, and leave other characters as they are;</li>
 *   <li>LENGTH counts bytes in the string's character set (utf8mb3/utf8mb4 or latin1/ascii; others and
 *       strings of no column are not evaluable), CHAR_LENGTH characters.</li>
 * </ul>
 */
final class StringFunctions {

    static final List<String> NAMES = List.of("CONCAT", "CONCAT_WS", "UPPER", "UCASE", "LOWER", "LCASE", "LENGTH",
            "OCTET_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH");

    private StringFunctions() {
    }

    static Evaluator open(String name, List<Evaluator> args) {
        return switch (name) {
            case "CONCAT" -> concat(name, args, null);
            case "CONCAT_WS" -> {
                if (args.size() < 2) {
                    throw new NotEvaluable(name + " with " + args.size() + " arguments");
                }
                yield concat(name, args.subList(1, args.size()), text(name, args.getFirst()));
            }
            case "UPPER", "UCASE", "LOWER", "LCASE" -> {
                one(name, args);
                Evaluator arg = text(name, args.getFirst());
                boolean upper = name.equals("UPPER") || name.equals("UCASE");
                yield Evaluator.of(arg.type(), row -> {
                    Object v = arg.evaluate(row);
                    return v == null ? null : changeCase((String) v, upper);
                });
            }
            case "LENGTH", "OCTET_LENGTH" -> {
                one(name, args);
                // a number's text is ASCII digits: one byte each in any character set
                boolean number = args.getFirst().type().numeric();
                Evaluator arg = text(name, args.getFirst());
                boolean utf8 = !number && utf8(name, arg.type());
                yield Evaluator.of(Type.INT, row -> {
                    Object v = arg.evaluate(row);
                    return v == null ? null : (long) (utf8 ? ((String) v).getBytes(StandardCharsets.UTF_8).length
                            : ((String) v).length());
                });
            }
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> {
                one(name, args);
                Evaluator arg = text(name, args.getFirst());
                yield Evaluator.of(Type.INT, row -> {
                    Object v = arg.evaluate(row);
                    return v == null ? null : (long) ((String) v).codePointCount(0, ((String) v).length());
                });
            }
            default -> throw new NotEvaluable("the function " + name);
        };
    }

    /** CONCAT(args), or CONCAT_WS(separator, args) when {@code separator} is not null. */
    private static Evaluator concat(String name, List<Evaluator> args, Evaluator separator) {
        if (args.isEmpty()) {
            throw new NotEvaluable(name + " without arguments");
        }
        List<Evaluator> parts = new ArrayList<>();
        for (Evaluator a : args) {
            parts.add(text(name, a));
        }
        List<Evaluator> typed = new ArrayList<>(parts);
        if (separator != null) {
            typed.addFirst(separator);
        }
        Type type = new Type(Type.Kind.STRING, 0, collationColumn(name, typed));
        return Evaluator.of(type, row -> {
            String sep = null;
            if (separator != null) {
                sep = (String) separator.evaluate(row);
                if (sep == null) {
                    return null;
                }
            }
            StringBuilder out = new StringBuilder();
            boolean first = true;
            for (Evaluator p : parts) {
                String v = (String) p.evaluate(row);
                if (v == null) {
                    if (separator == null) {
                        return null;
                    }
                    continue;
                }
                if (!first && sep != null) {
                    out.append(sep);
                }
                out.append(v);
                first = false;
            }
            return out.toString();
        });
    }

    /** {@code arg} as text: a string as it is, an exact number as MariaDB writes it; else not evaluable. */
    private static Evaluator text(String name, Evaluator arg) {
        Type t = arg.type();
        return switch (t.kind()) {
            case STRING -> arg;
            case NULL -> Evaluator.of(Type.LITERAL_STRING, row -> null);
            case INT, UINT -> Evaluator.of(Type.LITERAL_STRING, row -> {
                Object v = arg.evaluate(row);
                return v == null ? null : v.toString();
            });
            case DECIMAL -> Evaluator.of(Type.LITERAL_STRING, row -> {
                Object v = arg.evaluate(row);
                return v == null ? null : Conversions.shown((BigDecimal) v, t.scale()).toPlainString();
            });
            default -> throw new NotEvaluable(name + " of a " + t + " value");
        };
    }

    /** The first string column among the arguments; null for none; not evaluable for several collations. */
    private static ColumnMeta collationColumn(String name, List<Evaluator> args) {
        ColumnMeta found = null;
        for (Evaluator a : args) {
            ColumnMeta c = a.type().column();
            if (a.type().kind() == Type.Kind.STRING && c != null) {
                if (found != null && found.collationId() != c.collationId()) {
                    throw new NotEvaluable(name + " of strings of different collations");
                }
                found = found == null ? c : found;
            }
        }
        return found;
    }

    /** Whether LENGTH counts UTF-8 bytes (true) or one byte per character (false) for strings of {@code t}. */
    private static boolean utf8(String name, Type t) {
        ColumnMeta c = t.column();
        Collations.Collation collation = c == null ? null : Collations.byId(c.collationId());
        String charset = collation == null ? "" : collation.name().toLowerCase(Locale.ROOT);
        if (charset.startsWith("utf8")) {
            return true;
        }
        if (charset.startsWith("latin1_") || charset.startsWith("ascii_")) {
            return false;
        }
        throw new NotEvaluable(name + " of a string " + (c == null ? "of no column" : "in this character set"));
    }

    private static String changeCase(String s, boolean upper) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            int mapped = cp > 0xFFFF ? cp : upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
            out.appendCodePoint(mapped > 0xFFFF ? cp : mapped);
        });
        return out.toString();
    }

    private static void one(String name, List<Evaluator> args) {
        if (args.size() != 1) {
            throw new NotEvaluable(name + " with " + args.size() + " arguments");
        }
    }
}
