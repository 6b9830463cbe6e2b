package io.shardgate.proxy.execute;

import io.shardgate.proxy.session.SessionVariables;
import io.shardgate.router.sql.SqlMode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a user variable's SET value reads the same on every connection it is replayed on: a literal does; an
 * expression ({@code @@server_id}, {@code NOW()}, a subquery, another variable) is computed again by each
 * server that runs the replay, later and against that server's data (a replica behind its primary gives a
 * stale value). A doubt counts as an expression: it only keeps the session's reads on the primary.
 */
public final class UserVariableValues {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BITS_OR_HEX = Pattern.compile("0x[0-9a-fA-F]+|[xX]'[0-9a-fA-F]*'|0b[01]+|[bB]'[01]*'");
    /** A charset introducer ({@code _utf8mb4}) or {@code N} before a string. */
    private static final Pattern INTRODUCER = Pattern.compile("(_[A-Za-z0-9]+|[nN])\\s*");
    private static final Pattern COLLATE = Pattern.compile("\\s+(?i:COLLATE)\\s+[A-Za-z0-9_]+");

    private UserVariableValues() {
    }

    /** Whether {@code valueSql} (the text after {@code =} in a SET) is a literal in {@code mode}. */
    public static boolean isLiteral(String valueSql, SqlMode mode) {
        String v = valueSql.strip();
        if (v.equalsIgnoreCase("NULL") || v.equalsIgnoreCase("TRUE") || v.equalsIgnoreCase("FALSE")
                || NUMBER.matcher(v).matches() || BITS_OR_HEX.matcher(v).matches()) {
            return true;
        }
        var introducer = INTRODUCER.matcher(v);
        int start = introducer.lookingAt() ? introducer.end() : 0;
        if (start >= v.length() || !mode.isStringQuote(v.charAt(start))) {
            return false;
        }
        int end = mode.skipQuoted(v, start, v.charAt(start));
        if (end == v.length()) { // closed by the last character, or not closed at all
            return mode.skipQuoted(v + " ", start, v.charAt(start)) == v.length();
        }
        return COLLATE.matcher(v.substring(end)).matches();
    }

    /** The session's SET user variables that hold literals, lower case with their {@code @}. */
    public static Set<String> literals(SessionVariables variables, SqlMode mode) {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, String> e : variables.asMap().entrySet()) {
            if (e.getKey().startsWith("@") && isLiteral(e.getValue(), mode)) {
                names.add(e.getKey().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
