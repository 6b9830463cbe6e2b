package io.shardgate.proxy.frontend;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * {@code allow-ips} compiled for matching: plain addresses and CIDR blocks, IPv4 and IPv6. The config
 * module has already validated the syntax, so entries that still fail to parse match nothing.
 * An IPv4-mapped IPv6 client address ({@code ::ffff:127.0.0.1}) matches IPv4 entries.
 */
final class AllowList {

    private record Block(byte[] network, int prefix) {
        boolean matches(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private AllowList(List<Block> blocks) {
        this.blocks = blocks;
    }

    static AllowList of(List<String> entries) {
        return new AllowList(entries.stream().map(AllowList::parse).filter(b -> b != null).toList());
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean allows(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] v4 = mappedIpv4(bytes);
        for (Block b : blocks) {
            if (b.matches(bytes) || (v4 != null && b.matches(v4))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mappedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if ((bytes[10] & 0xFF) != 0xFF || (bytes[11] & 0xFF) != 0xFF) {
            return null;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    private static Block parse(String entry) {
        String text = entry.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            return null; // only literal addresses: never resolve names here
        }
        try {
            byte[] network = InetAddress.getByName(host).getAddress();
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                return null;
            }
            return new Block(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }
}
