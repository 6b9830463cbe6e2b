package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a silent statement reads the duplicates out of an OK packet's info. */
class SilentCommandTest {

    @Test
    void duplicatesComeFromAMultiRowInsertsInfo() {
        assertThat(SilentCommand.duplicatesOf("Records: 3  Duplicates: 12  Warnings: 0")).isEqualTo(12);
        assertThat(SilentCommand.duplicatesOf("Records: 3  Duplicates: 0  Warnings: 2")).isZero();
    }

    @Test
    void anOkWithoutThemSaysSo() {
        assertThat(SilentCommand.duplicatesOf("")).isEqualTo(-1);
        assertThat(SilentCommand.duplicatesOf("Rows matched: 1  Changed: 1  Warnings: 0")).isEqualTo(-1);
        assertThat(SilentCommand.duplicatesOf("Duplicates: x")).isEqualTo(-1);
    }
}
