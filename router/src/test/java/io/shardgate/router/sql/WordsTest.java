package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

    @Test
    void findsAWordInAnyCase() {
        assertThat(Words.indexOf("select Last_Insert_Id()", "LAST_INSERT_ID", 0)).isEqualTo(7);
        assertThat(Words.contains("SELECT sql_calc_found_rows *", "SQL_CALC_FOUND_ROWS")).isTrue();
        assertThat(Words.indexOf("limit 1 LIMIT 2", "LIMIT", 1)).isEqualTo(8);
    }

    @Test
    void missesWhatIsNotThere() {
        assertThat(Words.contains("SELECT LAST_INSERT", "LAST_INSERT_ID")).isFalse();
        assertThat(Words.contains("", "X")).isFalse();
        assertThat(Words.indexOf("keyword", "KEYWORD", 1)).isEqualTo(-1);
    }
}
