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
    private final ClientEvents events;

    private FrontDoor(HandshakeSlots handshakes, ClientCounter clients, LoginThrottle throttle, ClientEvents events) {
        this.handshakes = handshakes;
        this.clients = clients;
        this.throttle = throttle;
        this.answers = new LoginAnswers(throttle);
        this.events = events;
    }

    public static FrontDoor create(Supplier<ShardgateConfig> config) {
        return create(config, ClientEvents.NONE);
    }

    /** A front door that tells {@code events} of every login and refusal. */
    public static FrontDoor create(Supplier<ShardgateConfig> config, ClientEvents events) {
        return create(config, System::nanoTime, events);
    }

    static FrontDoor create(Supplier<ShardgateConfig> config, LongSupplier nanoClock) {
        return create(config, nanoClock, ClientEvents.NONE);
    }

    private static FrontDoor create(Supplier<ShardgateConfig> config, LongSupplier nanoClock, ClientEvents events) {
        return new FrontDoor(new HandshakeSlots(() -> config.get().proxy().limits().maxHandshakes(), nanoClock),
                new ClientCounter(), new LoginThrottle(() -> config.get().proxy().auth(), nanoClock), events);
    }

    ClientEvents events() {
        return events;
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
