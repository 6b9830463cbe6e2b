package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ComStmtExecute;
import io.shardgate.proxy.protocol.ParameterType;
import io.shardgate.proxy.protocol.PreparedStatementState;
import io.shardgate.router.Router;
import io.shardgate.router.sql.Normalizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a routed statement turns an EXECUTE's values (and long data) into the values the router binds. */
class RoutedStatementTest {

    private static final ParameterType BLOB = new ParameterType(ColumnType.BLOB, false);
    private static final ParameterType STRING = new ParameterType(ColumnType.VAR_STRING, false);
    private static final ParameterType LONG = new ParameterType(ColumnType.LONGLONG, false);

    private static RoutedStatement statement() {
        Router.Prepared handle = new Router.Prepared(Normalizer.normalize("INSERT INTO t (a, b, c) VALUES (?, ?, ?)"));
        return new RoutedStatement(handle, new PreparedStatementState(1, 3, 0));
    }

    private static ComStmtExecute execute(List<ParameterType> types, Object... values) {
        return new ComStmtExecute(1, 0, 1, true, types, Arrays.asList(values));
    }

    @Test
    void longDataChunksJoinIntoTheExactBytesOfTheParameter() {
        RoutedStatement s = statement();
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        s.appendLongData(0, Arrays.copyOfRange(all, 0, 100));
        s.appendLongData(0, Arrays.copyOfRange(all, 100, 256));
        s.appendLongData(1, "naïve 😀 'q' \\".getBytes(StandardCharsets.UTF_8));
        assertThat(s.state().hasLongData(0)).isTrue();

        List<Object> values = s.parameters(execute(List.of(BLOB, STRING, LONG),
                ComStmtExecute.LongData.SENT_SEPARATELY, ComStmtExecute.LongData.SENT_SEPARATELY, 7L),
                StandardCharsets.UTF_8);

        assertThat(values.get(0)).isEqualTo(all);
        assertThat(values.get(1)).isEqualTo("naïve 😀 'q' \\");
        assertThat(values.get(2)).isEqualTo(7L);
        assertThat(s.state().hasLongData(0)).as("consumed by the execute").isFalse();
    }

    @Test
    void aParameterMarkedLongDataWithoutChunksIsEmpty() {
        RoutedStatement s = statement();
        List<Object> values = s.parameters(execute(List.of(BLOB, STRING, LONG),
                ComStmtExecute.LongData.SENT_SEPARATELY, null, 1L), StandardCharsets.UTF_8);
        assertThat(values.get(0)).isEqualTo(new byte[0]);
        assertThat(values.get(1)).isNull();
    }

    @Test
    void textTypedBytesThatAreNotValidInTheCharsetStayBytes() {
        byte[] binary = {(byte) 0xff, 0, '\'', (byte) 0xc3, '\\', (byte) 0x80, (byte) 0xfe};
        List<Object> values = new ArrayList<>(statement().parameters(
                execute(List.of(STRING, STRING, LONG), binary, "ok".getBytes(StandardCharsets.UTF_8), 1L),
                StandardCharsets.UTF_8));
        assertThat(values.get(0)).as("decoding would have replaced them with U+FFFD").isEqualTo(binary);
        assertThat(values.get(1)).isEqualTo("ok");
    }

    @Test
    void latin1TextDecodesEveryByte() {
        byte[] high = {(byte) 0xe9, (byte) 0xff};
        List<Object> values = statement().parameters(execute(List.of(STRING, STRING, LONG), high, null, 1L),
                StandardCharsets.ISO_8859_1);
        assertThat(values.get(0)).isEqualTo("éÿ");
    }
}
