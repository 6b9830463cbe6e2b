package io.shardgate.proxy.xa;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of the proxy's distributed transactions: {@code <start millis>.<instance>.<counter>}, base 36. The instance
 * part is ten random characters drawn when the proxy starts (about 52 bits), so ids differ across restarts and
 * across proxies sharing backends without any coordination; the time part tells recovery how old a branch is. At most
 * 32 characters, well inside XA's 64-byte gtrid.
 */
public final class XidSource {

    private static final int INSTANCE_CHARS = 10;

    private final String instance;
    private final AtomicLong counter = new AtomicLong();

    public XidSource() {
        this(randomInstance());
    }

    XidSource(String instance) {
        this.instance = instance;
    }

    private static String randomInstance() {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(INSTANCE_CHARS);
        for (int i = 0; i < INSTANCE_CHARS; i++) {
            id.append(Character.forDigit(random.nextInt(36), 36));
        }
        return id.toString();
    }

    /** A new transaction's id. Any thread. */
    public String next() {
        return Long.toString(System.currentTimeMillis(), 36) + "." + instance + "."
                + Long.toString(counter.incrementAndGet(), 36);
    }

    /** The start time of a transaction id of this form, or -1 when it is not one. */
    static long createdMillis(String transaction) {
        int dot = transaction.indexOf('.');
        if (dot <= 0 || transaction.indexOf('.', dot + 1) < 0) {
            return -1;
        }
        try {
            return Long.parseLong(transaction.substring(0, dot), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
