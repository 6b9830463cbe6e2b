package io.shardgate.proxy.reshard;

import io.shardgate.config.ShardgateConfig;

/**
 * What the cutover asks of the running server: make {@code next} the running config and routing in one swap (no
 * layout check: the reshard moved the rows itself), and write {@code fileText} over the config file, keeping the
 * previous file beside it. Implemented by the server.
 */
public interface LayoutSwitch {

    /** The running config. */
    ShardgateConfig running();

    /** The config file the running config was read from (and the cutover writes). */
    java.nio.file.Path configFile();

    /**
     * @return where the previous file was kept
     * @throws ReshardException when the file cannot be written; the running config is then unchanged
     */
    String install(ShardgateConfig next, String fileText, int generation);
}
