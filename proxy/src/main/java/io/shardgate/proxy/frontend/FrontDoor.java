package io.shardgate.proxy.frontend;

import io.shardgate.config.ShardgateConfig;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The limits every client connection passes through, shared by all channels: the handshake slots (before
 * login), the logged-in client counts (after), and the failed-login throttle. Each reads its settings from the
 * live config, so a reload applies to new connections.
 */
public final class FrontDoor {

    private final HandshakeSlots handshakes;
    private final ClientCounter clients;
    private final LoginThrottle throttle;
    private final LoginAnswers answers;

    private FrontDoor(HandshakeSlots handshakes, ClientCounter clients, LoginThrottle throttle) {
        this.handshakes = handshakes;
        this.clients = clients;
        this.throttle = throttle;
        this.answers = new LoginAnswers(throttle);
    }

    public static FrontDoor create(Supplier<ShardgateConfig> config) {
        return create(config, System::nanoTime);
    }

    static FrontDoor create(Supplier<ShardgateConfig> config, LongSupplier nanoClock) {
        return new FrontDoor(new HandshakeSlots(() -> config.get().proxy().limits().maxHandshakes(), nanoClock),
                new ClientCounter(), new LoginThrottle(() -> config.get().proxy().auth(), nanoClock));
    }

    HandshakeSlots handshakes() {
        return handshakes;
    }

    ClientCounter clients() {
        return clients;
    }

    LoginThrottle throttle() {
        return throttle;
    }

    LoginAnswers answers() {
        return answers;
    }

    /** Logged-in client connections. */
    public int clientCount() {
        return clients.total();
    }

    /** Connections still logging in. */
    public int loggingIn() {
        return handshakes.size();
    }
}
