package io.shardgate.proxy.frontend;

/** Told of each client login and each refused connection (the client connection metrics). Must not block. */
public interface ClientEvents {

    ClientEvents NONE = new ClientEvents() {
        @Override
        public void loggedIn() {
        }

        @Override
        public void refused(int errorCode) {
        }
    };

    void loggedIn();

    /** A connection refused before or at login, answered with this MySQL error code. */
    void refused(int errorCode);
}
