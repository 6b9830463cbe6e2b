package io.shardgate.proxy.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Client/server capability flags (the 32-bit set exchanged in the handshake). Both sides
 * announce what they can do; the connection uses the intersection, and every packet layout that
 * depends on a flag takes the negotiated set as an argument.
 *
 * <p>MariaDB keeps further flags in the handshake's reserved bytes; those are carried as a
 * separate int ({@code mariaDbExtendedCapabilities}) in the records and not interpreted here.
 */
public final class Capabilities {

    public static final int LONG_PASSWORD = 1;
    public static final int FOUND_ROWS = 1 << 1;
    public static final int LONG_FLAG = 1 << 2;
    public static final int CONNECT_WITH_DB = 1 << 3;
    public static final int NO_SCHEMA = 1 << 4;
    public static final int COMPRESS = 1 << 5;
    public static final int ODBC = 1 << 6;
    public static final int LOCAL_FILES = 1 << 7;
    public static final int IGNORE_SPACE = 1 << 8;
    public static final int PROTOCOL_41 = 1 << 9;
    public static final int INTERACTIVE = 1 << 10;
    public static final int SSL = 1 << 11;
    public static final int IGNORE_SIGPIPE = 1 << 12;
    public static final int TRANSACTIONS = 1 << 13;
    public static final int RESERVED = 1 << 14;
    /** Also known as RESERVED2: 4.1 authentication (length-prefixed auth response). */
    public static final int SECURE_CONNECTION = 1 << 15;
    public static final int MULTI_STATEMENTS = 1 << 16;
    public static final int MULTI_RESULTS = 1 << 17;
    public static final int PS_MULTI_RESULTS = 1 << 18;
    public static final int PLUGIN_AUTH = 1 << 19;
    public static final int CONNECT_ATTRS = 1 << 20;
    public static final int PLUGIN_AUTH_LENENC_CLIENT_DATA = 1 << 21;
    public static final int CAN_HANDLE_EXPIRED_PASSWORDS = 1 << 22;
    public static final int SESSION_TRACK = 1 << 23;
    public static final int DEPRECATE_EOF = 1 << 24;
    public static final int OPTIONAL_RESULTSET_METADATA = 1 << 25;
    public static final int ZSTD_COMPRESSION_ALGORITHM = 1 << 26;
    public static final int QUERY_ATTRIBUTES = 1 << 27;
    public static final int MULTI_FACTOR_AUTHENTICATION = 1 << 28;
    public static final int CAPABILITY_EXTENSION = 1 << 29;
    public static final int SSL_VERIFY_SERVER_CERT = 1 << 30;
    public static final int REMEMBER_OPTIONS = 1 << 31;

    /*
     * MariaDB's extended flags, carried in the separate mariaDbExtendedCapabilities int. A MariaDB
     * server announces them by clearing LONG_PASSWORD (its CLIENT_MYSQL bit); a client uses them only
     * when it clears that bit too. Keeping LONG_PASSWORD set on both sides keeps them off.
     */
    public static final int MARIADB_CLIENT_PROGRESS = 1;
    public static final int MARIADB_CLIENT_COM_MULTI = 1 << 1;
    public static final int MARIADB_CLIENT_STMT_BULK_OPERATIONS = 1 << 2;
    /** Column definitions carry an extra length-encoded type-info string after org_name. */
    public static final int MARIADB_CLIENT_EXTENDED_METADATA = 1 << 3;
    public static final int MARIADB_CLIENT_CACHE_METADATA = 1 << 4;

    private static final String[] NAMES = {
        "LONG_PASSWORD", "FOUND_ROWS", "LONG_FLAG", "CONNECT_WITH_DB", "NO_SCHEMA", "COMPRESS", "ODBC",
        "LOCAL_FILES", "IGNORE_SPACE", "PROTOCOL_41", "INTERACTIVE", "SSL", "IGNORE_SIGPIPE", "TRANSACTIONS",
        "RESERVED", "SECURE_CONNECTION", "MULTI_STATEMENTS", "MULTI_RESULTS", "PS_MULTI_RESULTS", "PLUGIN_AUTH",
        "CONNECT_ATTRS", "PLUGIN_AUTH_LENENC_CLIENT_DATA", "CAN_HANDLE_EXPIRED_PASSWORDS", "SESSION_TRACK",
        "DEPRECATE_EOF", "OPTIONAL_RESULTSET_METADATA", "ZSTD_COMPRESSION_ALGORITHM", "QUERY_ATTRIBUTES",
        "MULTI_FACTOR_AUTHENTICATION", "CAPABILITY_EXTENSION", "SSL_VERIFY_SERVER_CERT", "REMEMBER_OPTIONS",
    };

    private Capabilities() {
    }

    public static boolean has(int capabilities, int flag) {
        return (capabilities & flag) == flag;
    }

    /** The flags both sides announced. */
    public static int negotiate(int offered, int wanted) {
        return offered & wanted;
    }

    /** Flag names, for logs and error messages: {@code PROTOCOL_41|SSL}. */
    public static String describe(int capabilities) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((capabilities & (1 << bit)) != 0) {
                names.add(NAMES[bit]);
            }
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }
}
