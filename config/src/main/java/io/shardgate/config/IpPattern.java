package io.shardgate.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks {@code allow-ips} entries: an IPv4 or IPv6 address, optionally with a {@code /prefix}.
 * Host names are refused on purpose: an allow-list that depends on DNS answers is not one.
 */
final class IpPattern {

    private IpPattern() {
    }

    /** Null when {@code entry} is valid, otherwise what is wrong with it. */
    static String check(String entry) {
        String address = entry;
        Integer prefix = null;
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            address = entry.substring(0, slash);
            String bits = entry.substring(slash + 1);
            if (!bits.matches("\\d{1,3}")) {
                return "'" + entry + "' has no numeric prefix length after '/'";
            }
            prefix = Integer.parseInt(bits);
        }
        int maxBits;
        if (isIpv4(address)) {
            maxBits = 32;
        } else if (isIpv6(address)) {
            maxBits = 128;
        } else {
            return "'" + entry + "' is not an IP address or CIDR (e.g. 10.0.0.0/8, ::1)";
        }
        if (prefix != null && prefix > maxBits) {
            return "'" + entry + "' prefix length must be 0.." + maxBits;
        }
        return null;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(String s) {
        // The character check guarantees InetAddress parses a literal and never asks DNS;
        // the brackets make it refuse anything that is not an IPv6 literal.
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName("[" + s + "]"); // ::ffff:a.b.c.d comes back as an Inet4Address: fine
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
