package io.shardgate.proxy.server;

import io.shardgate.config.HostPort;
import java.net.BindException;
import java.util.Locale;

/**
 * The client listener could not bind: the message names the address and the reason in words an operator
 * acts on ({@code cannot listen on 127.0.0.1:3307: address already in use}), never an exception class.
 */
public final class ListenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    ListenException(HostPort address, Throwable cause) {
        super("cannot listen on " + address + ": " + reason(cause), cause);
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (cause instanceof BindException && lower.contains("in use") || lower.contains("address already in use")) {
            return "address already in use (another process holds the port)";
        }
        if (lower.contains("cannot assign requested address")) {
            return "no local interface has that address";
        }
        if (lower.contains("permission denied")) {
            return "permission denied (ports below 1024 need privileges)";
        }
        // Netty's native transport prefixes the system call: "bind(..) failed: <reason>"
        int colon = message.indexOf("failed: ");
        String text = colon >= 0 ? message.substring(colon + "failed: ".length()) : message;
        return text.isBlank() ? "the operating system refused the address" : text;
    }
}
