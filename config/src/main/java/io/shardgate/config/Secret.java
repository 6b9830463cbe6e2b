package io.shardgate.config;

/**
 * A password. {@link #toString()} masks it so that a config dumped to a log or printed by
 * {@code check-config} never shows it; only {@link #reveal()} gives the text.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value == null ? "" : value;
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
