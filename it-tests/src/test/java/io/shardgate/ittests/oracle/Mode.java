package io.shardgate.ittests.oracle;

/** How the oracle sends a query: each mode has its own connections (URL options) to both databases. */
enum Mode {
    /** A plain Statement: COM_QUERY, text rows. */
    TEXT(""),
    /** Connector/J renders the parameters into the text itself: COM_QUERY, text rows. */
    CLIENT_PREPARED("useServerPrepStmts=false"),
    /**
     * COM_STMT_PREPARE / EXECUTE, binary rows. Connector/J would silently fall back to a client-side statement
     * when the proxy refused a PREPARE; {@code emulateUnsupportedPstmts=false} makes such a refusal fail.
     */
    SERVER_PREPARED("useServerPrepStmts=true&emulateUnsupportedPstmts=false");

    private final String urlOptions;

    Mode(String urlOptions) {
        this.urlOptions = urlOptions;
    }

    String urlOptions() {
        return urlOptions;
    }
}
