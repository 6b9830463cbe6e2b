package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;

/** What the parser is given of a shape: MySQL syntax JSqlParser 5.3 does not read is blanked. */
class ShapeParserTest {

    private static ShapeParser.Parsed parse(String shape) throws JSQLParserException {
        return new ShapeParser().parse(shape, ShapeTokens.of(shape));
    }

    @Test
    void binaryBeforeTheStatementsOrderByKeysIsBlankedAndReported() throws JSQLParserException {
        ShapeParser.Parsed parsed = parse("SELECT a, b FROM t ORDER BY BINARY a DESC, BINARY b LIMIT ?");
        assertThat(parsed.binaryOrder()).isTrue();
        PlainSelect ps = (PlainSelect) parsed.statement();
        assertThat(ps.getOrderByElements()).hasSize(2);
        assertThat(ps.getOrderByElements().getFirst().getExpression().toString()).isEqualTo("a");
    }

    @Test
    void binaryElsewhereIsLeftToTheParser() throws JSQLParserException {
        assertThat(parse("SELECT BINARY a FROM t ORDER BY a").binaryOrder()).isFalse();
        // inside parentheses (a window's or a subquery's ORDER BY) it is not the statement's: still not parsed
        assertThatThrownBy(() -> parse("SELECT ROW_NUMBER() OVER (ORDER BY BINARY a) FROM t"))
                .isInstanceOf(JSQLParserException.class);
    }
}
