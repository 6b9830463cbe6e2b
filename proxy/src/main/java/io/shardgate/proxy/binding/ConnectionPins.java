package io.shardgate.proxy.binding;

import io.shardgate.proxy.execute.ConnectionBinding;

/**
 * What a session made that lives only on its own backend connections, and so keeps them its own between
 * statements instead of giving them back to the pool (multiplexing): state such as a temporary table or a user
 * variable, LOCK TABLES, GET_LOCK(). State made on a primary also keeps the session's reads there. Statements
 * report each change as they run ({@link ConnectionBinding}); COM_RESET_CONNECTION forgets all of it.
 */
final class ConnectionPins {

    /** State that lives only on the session's own connections until it ends. */
    private boolean connectionState;
    /** A temporary table, HANDLER or computed user variable on a primary connection: reads stay there. */
    private boolean primaryState;
    /** LOCK TABLES (or FLUSH ... WITH READ LOCK) until UNLOCK TABLES. */
    private boolean tableLocks;
    /** GET_LOCK() until RELEASE_ALL_LOCKS(). */
    private boolean namedLocks;

    void apply(ConnectionBinding change) {
        switch (change) {
            case NONE -> { }
            case HOLDS_STATE -> connectionState = true;
            case HOLDS_PRIMARY_STATE -> {
                connectionState = true;
                primaryState = true;
            }
            case LOCKS_TABLES -> tableLocks = true;
            case UNLOCKS_TABLES -> tableLocks = false;
            case TAKES_NAMED_LOCK -> namedLocks = true;
            case RELEASES_NAMED_LOCKS -> namedLocks = false;
        }
    }

    /** The session's connections stay its own. */
    boolean bound() {
        return connectionState || tableLocks || namedLocks;
    }

    boolean tableLocks() {
        return tableLocks;
    }

    /** Reads go to the primary: the state they may need is there (temporary tables, table locks). */
    boolean readsOnPrimary() {
        return tableLocks || primaryState;
    }

    /** The connections were reset: nothing holds the session to them any more. */
    void forget() {
        connectionState = false;
        primaryState = false;
        tableLocks = false;
        namedLocks = false;
    }
}
