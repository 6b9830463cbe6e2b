package io.shardgate.ittests.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void readsTagsAndSql() {
        List<CorpusEntry> entries = Corpus.parse("""
                # a comment
                ordered | SELECT a FROM t ORDER BY a

                unordered, ci, concat 2, concat 3 ; | SELECT a, GROUP_CONCAT(b), GROUP_CONCAT(c SEPARATOR ';') FROM t
                error 1235 | SELECT x | y FROM t
                ordered, text-only | SELECT 1
                """);
        assertThat(entries).hasSize(4);
        CorpusEntry first = entries.getFirst();
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.ordered()).isTrue();
        assertThat(first.sql()).isEqualTo("SELECT a FROM t ORDER BY a");
        CorpusEntry second = entries.get(1);
        assertThat(second.ordered()).isFalse();
        assertThat(second.caseFolded()).isTrue();
        assertThat(second.concatColumns()).isEqualTo(Map.of(2, ",", 3, ";"));
        CorpusEntry third = entries.get(2);
        assertThat(third.errorCode()).isEqualTo(1235);
        assertThat(third.sql()).isEqualTo("SELECT x | y FROM t");
        CorpusEntry fourth = entries.get(3);
        assertThat(fourth.textOnly()).isTrue();
        assertThat(fourth.tags()).isEqualTo("ordered, text-only");
    }

    @Test
    void malformedLinesFailWithTheirLineNumbers() {
        assertThatThrownBy(() -> Corpus.parse("ordred | SELECT 1\nSELECT 2\nordered, unordered | SELECT 3\n"
                + "error x | SELECT 4\nci | SELECT 5\nordered | \nordered, known-bug x | SELECT 7\n"))
                .hasMessageContaining("line 1: unknown tag 'ordred'")
                .hasMessageContaining("line 2: expected 'tags | SQL'")
                .hasMessageContaining("line 3: 'unordered' after 'ordered'")
                .hasMessageContaining("line 4: 'error' needs a MySQL error code")
                .hasMessageContaining("line 5: needs one of ordered, unordered, error <code>")
                .hasMessageContaining("line 6: ")
                .hasMessageContaining("line 7: unknown tag 'known-bug x'");
    }

    @Test
    void theCorpusParses() {
        List<CorpusEntry> corpus = Corpus.load();
        assertThat(corpus.stream().filter(e -> !e.expectsError())).hasSizeGreaterThanOrEqualTo(200);
        assertThat(corpus.stream().map(CorpusEntry::sql).distinct()).as("no query twice").hasSize(corpus.size());
        for (CorpusEntry e : corpus) {
            Parameterizer.Parameterized p = Parameterizer.parameterize(e.sql());
            assertThat(p.sql().chars().filter(c -> c == '?').count()).as(e.toString()).isEqualTo(p.values().size());
        }
    }
}
