package io.shardgate.proxy.metrics;

/** The {@code reason} label of refused client connections, from the MySQL error code they were answered with. */
final class RejectReasons {

    private RejectReasons() {
    }

    static String of(int errorCode) {
        return switch (errorCode) {
            case 1040 -> "too_many_connections";
            case 1203 -> "user_connection_limit";
            case 1045 -> "access_denied";
            case 1129 -> "host_blocked";
            case 1130 -> "host_not_allowed";
            case 1159 -> "login_timeout";
            case 1153 -> "packet_too_large";
            case 3159 -> "tls_required";
            case 1043 -> "bad_handshake";
            case 1044, 1049 -> "schema_refused";
            default -> "error_" + errorCode;
        };
    }
}
