package io.shardgate.proxy.execute;

import java.util.Locale;

/**
 * The differences between backends that the proxy hides from clients. shardgate tells clients it is MySQL
 * 8.0, so drivers use MySQL 8 names; MariaDB before 11.1 only knows the older names of the transaction
 * variables and answers {@code @@transaction_isolation} with ERROR 1193.
 */
public final class BackendDialect {

    private BackendDialect() {
    }

    /** True for MariaDB versions that lack {@code transaction_isolation} / {@code transaction_read_only}. */
    public static boolean usesTxNames(String serverVersion) {
        if (serverVersion == null || !serverVersion.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return false;
        }
        String v = serverVersion.startsWith("5.5.5-") ? serverVersion.substring(6) : serverVersion;
        String[] parts = v.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < 11 || (major == 11 && minor < 1);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** The variable name this backend understands for a (normalized, MySQL 8) session variable name. */
    public static String variableName(String name, String serverVersion) {
        if (!usesTxNames(serverVersion)) {
            return name;
        }
        return switch (name) {
            case "transaction_isolation" -> "tx_isolation";
            case "transaction_read_only" -> "tx_read_only";
            default -> name;
        };
    }

    /** Normalizes the older names clients may still use to the MySQL 8 ones the session records. */
    public static String normalize(String name) {
        return switch (name) {
            case "tx_isolation" -> "transaction_isolation";
            case "tx_read_only" -> "transaction_read_only";
            default -> name;
        };
    }
}
