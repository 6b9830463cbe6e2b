package io.shardgate.harness;

import java.util.Objects;

/** A MySQL account name and password; {@link #toString()} masks the password. */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return user + "/****";
    }
}
