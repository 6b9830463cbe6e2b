package io.shardgate.proxy.frontend;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardgate.config.AuthSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Slows down password guessing, per client address. Once an address has {@code auth.max-failures} failed logins
 * (forgotten {@code failure-window} after its last one), the answer to each further login from it, right or
 * wrong password alike (a fast answer would tell a right guess from a wrong one), waits: one second, then twice
 * as long each further failure, up to {@code max-delay}. The waits of one address follow one another: an answer
 * is scheduled one delay after the address's previous delayed answer, so opening many connections at once does
 * not guess faster. When the queue already reaches {@code max-delay} ahead, new connections from the address are
 * refused at once (1129) without spending CPU on their password. A successful login does not clear the
 * failures, or one account the attacker owns would let it keep guessing others.
 *
 * <p>The caller waits by scheduling the answer on its event loop, never by blocking it. Addresses are kept in a
 * bounded cache; an attacker who rotates through many addresses is beyond what a per-address limit can stop.
 * Thread-safe.
 */
final class LoginThrottle {

    /** Addresses remembered at most; past it the least recently seen are forgotten. */
    static final int MAX_ADDRESSES = 100_000;
    static final long FIRST_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** One address's record. Guarded by itself. */
    private static final class Failures {
        int count;
        long lastFailure;
        /** When the last delayed answer to this address is due. */
        long lastSlot;
    }

    private final Supplier<AuthSettings> settings;
    private final LongSupplier clock;
    private final Cache<String, Failures> addresses;

    /** @param settings the current {@code proxy.auth} (read each time, so a reload applies) */
    LoginThrottle(Supplier<AuthSettings> settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.clock = nanoClock;
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(Duration.ofHours(1)).ticker(nanoClock::getAsLong).build();
    }

    /** A login from {@code address} failed. */
    void failed(String address) {
        long now = clock.getAsLong();
        Failures f = addresses.get(address, a -> new Failures());
        synchronized (f) {
            forgetIfQuiet(f, now);
            f.count++;
            f.lastFailure = now;
        }
    }

    /**
     * How long to wait before answering the login from {@code address} being decided now, in nanoseconds (0 when
     * the address is not throttled). Reserves that answer's place in the address's queue.
     */
    long answerDelay(String address) {
        Failures f = addresses.getIfPresent(address);
        if (f == null) {
            return 0;
        }
        AuthSettings s = settings.get();
        long now = clock.getAsLong();
        synchronized (f) {
            forgetIfQuiet(f, now);
            if (f.count < s.maxFailures()) {
                return 0;
            }
            long slot = Math.max(now, f.lastSlot) + delay(f.count - s.maxFailures(), s.maxDelay().toNanos());
            f.lastSlot = slot;
            return slot - now;
        }
    }

    /**
     * Seconds until {@code address} may try again, when its queue of delayed answers already reaches
     * {@code max-delay} ahead (a new connection from it is then refused at once); 0 when it may try now.
     */
    long blockedSeconds(String address) {
        Failures f = addresses.getIfPresent(address);
        if (f == null) {
            return 0;
        }
        AuthSettings s = settings.get();
        long now = clock.getAsLong();
        synchronized (f) {
            forgetIfQuiet(f, now);
            long ahead = f.lastSlot - now;
            if (f.count < s.maxFailures() || ahead <= s.maxDelay().toNanos()) {
                return 0;
            }
            return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(ahead - s.maxDelay().toNanos()));
        }
    }

    /** Failures counted for {@code address} now (0 once forgotten). */
    int failures(String address) {
        Failures f = addresses.getIfPresent(address);
        if (f == null) {
            return 0;
        }
        synchronized (f) {
            forgetIfQuiet(f, clock.getAsLong());
            return f.count;
        }
    }

    /** The delay after {@code beyond} failures past the limit: 1 s, 2 s, 4 s ... capped. */
    static long delay(int beyond, long maxNanos) {
        int doublings = Math.min(beyond, 40);
        long d = FIRST_DELAY_NANOS << Math.min(doublings, 30);
        return Math.min(d, maxNanos);
    }

    private void forgetIfQuiet(Failures f, long now) {
        if (f.count > 0 && now - f.lastFailure > settings.get().failureWindow().toNanos()) {
            f.count = 0;
        }
    }
}
