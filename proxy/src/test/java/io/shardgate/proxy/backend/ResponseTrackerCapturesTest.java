package io.shardgate.proxy.backend;

import static io.shardgate.proxy.backend.PacketKind.COLUMN_COUNT;
import static io.shardgate.proxy.backend.PacketKind.COLUMN_DEFINITION;
import static io.shardgate.proxy.backend.PacketKind.ERR;
import static io.shardgate.proxy.backend.PacketKind.INTERMEDIATE_EOF;
import static io.shardgate.proxy.backend.PacketKind.OK;
import static io.shardgate.proxy.backend.PacketKind.PARAM_DEFINITION;
import static io.shardgate.proxy.backend.PacketKind.PARAM_EOF;
import static io.shardgate.proxy.backend.PacketKind.PREPARE_OK;
import static io.shardgate.proxy.backend.PacketKind.ROW;
import static io.shardgate.proxy.backend.PacketKind.TERMINATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.Captures;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ServerStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The tracker over responses captured from MariaDB 10.11 (see protocol's CaptureTool). */
class ResponseTrackerCapturesTest {

    private static final int CAPS = Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS
            | Capabilities.SECURE_CONNECTION | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS;

    private static List<PacketKind> track(ResponseTracker tracker, Command command, String capture) {
        tracker.start(command);
        List<PacketKind> kinds = new ArrayList<>();
        for (byte[] packet : Captures.packets(capture)) {
            assertThat(tracker.isComplete()).isFalse();
            ByteBuf payload = Unpooled.wrappedBuffer(packet, 4, packet.length - 4);
            kinds.add(tracker.next(payload));
            payload.release();
        }
        assertThat(tracker.isComplete()).isTrue();
        return kinds;
    }

    private static List<PacketKind> repeat(PacketKind kind, int times) {
        return Collections.nCopies(times, kind);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void textAndBinaryResultSets(boolean deprecateEof) {
        String suffix = deprecateEof ? "-deprecate-eof" : "";
        ResponseTracker tracker = new ResponseTracker(CAPS | (deprecateEof ? Capabilities.DEPRECATE_EOF : 0), 0);
        List<PacketKind> expected = new ArrayList<>();
        expected.add(COLUMN_COUNT);
        expected.addAll(repeat(COLUMN_DEFINITION, 15));
        if (!deprecateEof) {
            expected.add(INTERMEDIATE_EOF);
        }
        expected.addAll(repeat(ROW, 2));
        expected.add(TERMINATOR);
        assertThat(track(tracker, Command.QUERY, "raw-text-resultset" + suffix)).containsExactlyElementsOf(expected);
        assertThat(ServerStatus.has(tracker.serverStatus(), ServerStatus.AUTOCOMMIT)).isTrue();
        assertThat(track(tracker, Command.STMT_EXECUTE, "raw-binary-resultset" + suffix))
                .containsExactlyElementsOf(expected);
        assertThat(tracker.binaryRows()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void prepareOk(boolean deprecateEof) {
        String suffix = deprecateEof ? "-deprecate-eof" : "";
        ResponseTracker tracker = new ResponseTracker(CAPS | (deprecateEof ? Capabilities.DEPRECATE_EOF : 0), 0);
        List<PacketKind> expected = new ArrayList<>(List.of(PREPARE_OK, PARAM_DEFINITION));
        if (!deprecateEof) {
            expected.add(PARAM_EOF);
        }
        expected.addAll(repeat(COLUMN_DEFINITION, 15));
        if (!deprecateEof) {
            expected.add(INTERMEDIATE_EOF);
        }
        assertThat(track(tracker, Command.STMT_PREPARE, "raw-prepare-ok" + suffix)).containsExactlyElementsOf(expected);
    }

    @Test
    void okAndErrFromTheMariadbClientSession() {
        ResponseTracker tracker = new ResponseTracker(CAPS | Capabilities.SESSION_TRACK, 0);
        assertThat(track(tracker, Command.QUERY, "cli-insert-ok")).containsExactly(OK);
        assertThat(track(tracker, Command.QUERY, "cli-update-ok")).containsExactly(OK);
        assertThat(track(tracker, Command.QUERY, "cli-err-no-such-table")).containsExactly(ERR);
    }
}
