package io.shardgate.proxy.frontend;

import io.netty.channel.ChannelHandlerContext;
import io.shardgate.config.UserConfig;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a password check, for the handshake ({@link AuthHandler}) and COM_CHANGE_USER ({@link ChangeUser})
 * alike: whether the login is refused, the one log line of a refusal, and when the answer goes out (at once, or
 * after the {@link LoginThrottle}'s delay, scheduled on the channel's event loop so that no thread waits).
 */
final class LoginAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(LoginAnswers.class);
    private static final int MAX_LOGGED_NAME = 80;

    private final LoginThrottle throttle;

    LoginAnswers(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    /**
     * Why a login is refused (answered 1045, as MySQL answers both), or null when it may go on.
     *
     * @param user the configured user of the name given, or null when there is none
     */
    static String refusal(UserConfig user, boolean passwordOk, boolean tls) {
        if (user == null) {
            return "unknown user";
        }
        if (!passwordOk) {
            return "wrong password";
        }
        if (user.requireTls() && !tls) {
            return "the user requires TLS and the connection is plain";
        }
        return null;
    }

    /**
     * Sends the answer to a login whose password check is done: records and logs a refusal, then runs
     * {@code answer} now, or later when the client's address has failed too often.
     *
     * @param refusal from {@link #refusal}; null for a login that goes on
     * @return true when the answer was delayed
     */
    boolean conclude(ChannelHandlerContext ctx, String userName, String host, String refusal, Runnable answer) {
        long delay = throttle.answerDelay(host); // before this failure counts: the first failures are answered at once
        if (refusal != null) {
            throttle.failed(host);
            LOG.warn("login refused: user '{}' from {}: {}", printable(userName), host, refusal);
        }
        if (delay == 0) {
            answer.run();
            return false;
        }
        LOG.debug("answering the login from {} in {} ms (failed logins)", host, TimeUnit.NANOSECONDS.toMillis(delay));
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                answer.run();
            }
        }, delay, TimeUnit.NANOSECONDS);
        return true;
    }

    /** A user name as a client sent it, safe for a log line: control characters replaced, length capped. */
    static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_LOGGED_NAME + 3));
        for (int i = 0; i < name.length() && i < MAX_LOGGED_NAME; i++) {
            char c = name.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return name.length() > MAX_LOGGED_NAME ? out.append("...").toString() : out.toString();
    }
}
