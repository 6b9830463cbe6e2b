package io.shardgate.proxy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/error-codes.md lists every error the proxy itself sends, with the code, SQLSTATE and name of the table. */
class MysqlErrorDocTest {

    @Test
    void everyErrorHasItsRowInTheDocs() throws Exception {
        String doc = Files.readString(Path.of("../docs/error-codes.md"));
        for (MysqlError e : MysqlError.values()) {
            assertThat(doc).as(e.name()).contains("| " + e.code() + " | " + e.sqlState() + " | " + e.name() + " |");
        }
    }
}
