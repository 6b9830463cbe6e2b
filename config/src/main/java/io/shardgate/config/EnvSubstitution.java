package io.shardgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a scalar with values from the environment,
 * as a shell does: the default applies when the variable is unset or empty. {@code $${} writes a
 * literal {@code ${}. Defaults are taken as written (no nested references).
 *
 * <p>Errors name variables, never the surrounding text: the scalar may be a password.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvSubstitution() {
    }

    /**
     * @throws IllegalArgumentException naming the unset variables or the malformed reference
     */
    static String substitute(String text, Function<String, String> env) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        List<String> unset = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("'${' without a closing '}'");
                }
                String body = text.substring(i + 2, close);
                int sep = body.indexOf(":-");
                String name = sep < 0 ? body : body.substring(0, sep);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not an environment variable name"
                            + " (write $${ for a literal ${)");
                }
                String value = env.apply(name);
                if (sep >= 0 && (value == null || value.isEmpty())) {
                    value = body.substring(sep + 2);
                }
                if (value == null) {
                    unset.add(name);
                } else {
                    out.append(value);
                }
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        if (!unset.isEmpty()) {
            throw new IllegalArgumentException(unset.size() == 1
                    ? "environment variable " + unset.get(0) + " is not set and has no default (${"
                            + unset.get(0) + ":-default})"
                    : "environment variables " + String.join(", ", unset) + " are not set and have no default");
        }
        return out.toString();
    }
}
