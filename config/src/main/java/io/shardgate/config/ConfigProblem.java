package io.shardgate.config;

/**
 * One thing wrong (or, as a warning, one value adjusted) in a config file.
 *
 * @param path where in the document: {@code schemas.shop.tables.orders.strategy}; named list items
 *     use their name ({@code nodes.ds0}), others their index ({@code nodes.ds0.replicas[1]}); empty
 *     for problems with the file as a whole (unreadable, YAML syntax)
 * @param message what is wrong, naming the offending value (never a password)
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
