package io.shardgate.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.shardgate.proxy.protocol.BinaryRow;
import io.shardgate.proxy.protocol.Capabilities;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ComStmtExecute;
import io.shardgate.proxy.protocol.ComStmtPrepareOk;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.ParameterType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BackendConnector and BackendConnection against a real mariadbd (skipped when not installed). */
class BackendConnectionTest {

    @RegisterExtension
    static final LocalMariaDb DB = new LocalMariaDb();

    private static final EventLoopGroup LOOP = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BackendConnector connector = new BackendConnector(io.shardgate.proxy.transport.Transport.NIO);
    private BackendConnection connection;

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private BackendSettings settings() {
        return BackendSettings.of(DB.host(), DB.port(), LocalMariaDb.NATIVE_USER, LocalMariaDb.NATIVE_PASSWORD,
                LocalMariaDb.DATABASE);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    @BeforeEach
    void connect() throws Exception {
        connection = await(connector.connect(LOOP, settings()));
    }

    @AfterEach
    void close() throws Exception {
        await(connection.close());
    }

    @Test
    void connectsAndNegotiatesWithMariaDb() throws Exception {
        assertThat(connection.serverVersion()).contains("MariaDB");
        assertThat(connection.isUsable()).isTrue();
        assertThat(connection.isTls()).isFalse();
        assertThat(Capabilities.has(connection.capabilities(), Capabilities.PROTOCOL_41 | Capabilities.DEPRECATE_EOF
                | Capabilities.MULTI_RESULTS | Capabilities.CONNECT_WITH_DB)).isTrue();
        assertThat(connection.capabilities() & Capabilities.LOCAL_FILES).isZero();
        assertThat(await(connection.query("SELECT CONNECTION_ID()")).firstValue())
                .isEqualTo(String.valueOf(connection.connectionId()));
        assertThat(await(connection.query("SELECT DATABASE(), @@character_set_client, CURRENT_USER()")).rows())
                .containsExactly(List.of(LocalMariaDb.DATABASE, "utf8mb4", LocalMariaDb.NATIVE_USER + "@%"));
        assertThat(await(connection.query("SELECT _client_name_unused FROM DUAL WHERE 0").exceptionally(e -> null)))
                .isNull();
        assertThat(connection.isUsable()).as("an ERR does not break the connection").isTrue();
    }

    @Test
    void theInTransactionFlagFollowsTheServer() throws Exception {
        assertThat(connection.inTransaction()).isFalse();
        await(connection.query("BEGIN"));
        assertThat(connection.inTransaction()).isTrue();
        await(connection.query("SELECT 1"));
        assertThat(connection.inTransaction()).isTrue();
        await(connection.query("COMMIT"));
        assertThat(connection.inTransaction()).isFalse();
    }

    @Test
    void queryReturnsRowsOkCountersAndErrors() throws Exception {
        await(connection.query("CREATE TABLE q (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10))"));
        QueryResult insert = await(connection.query("INSERT INTO q (name) VALUES ('a'), (NULL), ('é')"));
        assertThat(insert.affectedRows()).isEqualTo(3);
        assertThat(insert.lastInsertId()).isEqualTo(1);
        assertThat(insert.info()).startsWith("Records: 3");
        QueryResult select = await(connection.query("SELECT id, name FROM q ORDER BY id"));
        assertThat(select.columns()).containsExactly("id", "name");
        assertThat(select.rows()).containsExactly(List.of("1", "a"), java.util.Arrays.asList("2", null),
                List.of("3", "é"));
        assertThatThrownBy(() -> await(connection.query("SELECT * FROM missing_table")))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BackendErrorException.class)
                .hasMessageContaining("ERROR 1146 (42S02): Table 'sgtest.missing_table' doesn't exist")
                .satisfies(e -> assertThat(((BackendErrorException) e).errorCode()).isEqualTo(1146));
        await(connection.query("DROP TABLE q"));
    }

    @Test
    void streamsAResultSetPacketByPacket() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        connection.execute(command(Command.QUERY, "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL"), handler);
        await(handler.done);
        assertThat(handler.kinds).containsExactly(PacketKind.COLUMN_COUNT, PacketKind.COLUMN_DEFINITION,
                PacketKind.COLUMN_DEFINITION, PacketKind.ROW, PacketKind.ROW, PacketKind.TERMINATOR);
        assertThat(connection.isBusy()).isFalse();
    }

    @Test
    void multiStatementsArriveAsOneResponse() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        connection.execute(command(Command.QUERY, "SET @x = 1; SELECT @x; DO 1"), handler);
        await(handler.done);
        assertThat(handler.kinds).containsExactly(PacketKind.OK, PacketKind.COLUMN_COUNT,
                PacketKind.COLUMN_DEFINITION, PacketKind.ROW, PacketKind.TERMINATOR, PacketKind.OK);
    }

    @Test
    void anErrIsACompleteResponse() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        connection.execute(command(Command.QUERY, "SELEKT 1"), handler);
        await(handler.done);
        assertThat(handler.kinds).containsExactly(PacketKind.ERR);
        ByteBuf err = Unpooled.wrappedBuffer(handler.payload(PacketKind.ERR, 0));
        assertThat(ErrPacket.decode(err).errorCode()).isEqualTo(1064);
        err.release();
        assertThat(await(connection.query("SELECT 2")).firstValue()).isEqualTo("2");
    }

    @Test
    void aLargeResultStreamsWithPauseAndResume() throws Exception {
        int total = 200_000;
        AtomicInteger rows = new AtomicInteger();
        AtomicInteger pauses = new AtomicInteger();
        AtomicInteger maxWhilePaused = new AtomicInteger();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        connection.execute(command(Command.QUERY, "SELECT seq FROM seq_1_to_" + total), new ResponseHandler() {
            private boolean paused;
            private int whilePaused;

            @Override
            public void onPacket(MysqlPacket packet, PacketKind kind) {
                packet.release();
                if (kind != PacketKind.ROW) {
                    return;
                }
                if (paused) {
                    whilePaused++;
                    maxWhilePaused.accumulateAndGet(whilePaused, Math::max);
                } else if (rows.get() % 20_000 == 0) {
                    // A slow client: stop reading, and resume a little later from the loop.
                    paused = true;
                    whilePaused = 0;
                    pauses.incrementAndGet();
                    connection.pauseReading();
                    connection.eventLoop().schedule(() -> {
                        paused = false;
                        connection.resumeReading();
                    }, 50, TimeUnit.MILLISECONDS);
                }
                rows.incrementAndGet();
            }

            @Override
            public void onComplete(int serverStatus) {
                done.complete(serverStatus);
            }

            @Override
            public void onFailure(Throwable cause) {
                done.completeExceptionally(cause);
            }
        });
        await(done);
        assertThat(rows.get()).isEqualTo(total);
        assertThat(pauses.get()).isEqualTo(10);
        // Only rows decoded from the read in progress may arrive while paused: autoRead off ends Netty's
        // read loop, so at most one 64 KiB read of packets of 6 bytes or more (measured: about 5,500).
        assertThat(maxWhilePaused.get()).isLessThanOrEqualTo(65536 / 6);
    }

    @Test
    void preparesExecutesAndClosesAStatement() throws Exception {
        RecordingHandler prepare = new RecordingHandler();
        connection.execute(command(Command.STMT_PREPARE, "SELECT ? + 1 AS n, CAST(? AS CHAR) AS s"), prepare);
        await(prepare.done);
        assertThat(prepare.kinds).containsExactly(PacketKind.PREPARE_OK, PacketKind.PARAM_DEFINITION,
                PacketKind.PARAM_DEFINITION, PacketKind.COLUMN_DEFINITION, PacketKind.COLUMN_DEFINITION);
        ByteBuf okBuf = Unpooled.wrappedBuffer(prepare.payload(PacketKind.PREPARE_OK, 0));
        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(okBuf);
        okBuf.release();
        assertThat(ok.paramCount()).isEqualTo(2);

        ComStmtExecute execute = new ComStmtExecute(ok.statementId(), 0, 1, true,
                List.of(new ParameterType(ColumnType.LONGLONG, false), new ParameterType(ColumnType.VAR_STRING, false)),
                List.of(41L, "hé".getBytes(StandardCharsets.UTF_8)));
        ByteBuf executePayload = Unpooled.buffer();
        execute.encode(executePayload, StandardCharsets.UTF_8);
        RecordingHandler result = new RecordingHandler();
        connection.execute(executePayload, result);
        await(result.done);
        assertThat(result.kinds).containsExactly(PacketKind.COLUMN_COUNT, PacketKind.COLUMN_DEFINITION,
                PacketKind.COLUMN_DEFINITION, PacketKind.ROW, PacketKind.TERMINATOR);
        List<ColumnDefinition41> columns = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ByteBuf def = Unpooled.wrappedBuffer(result.payload(PacketKind.COLUMN_DEFINITION, i));
            columns.add(ColumnDefinition41.decode(def));
            def.release();
        }
        ByteBuf rowBuf = Unpooled.wrappedBuffer(result.payload(PacketKind.ROW, 0));
        assertThat(BinaryRow.decode(rowBuf, columns).values()).containsExactly(42L, "hé");
        rowBuf.release();

        RecordingHandler close = new RecordingHandler();
        connection.execute(Unpooled.buffer().writeByte(Command.STMT_CLOSE.code()).writeIntLE((int) ok.statementId()),
                close);
        await(close.done);
        assertThat(close.kinds).as("COM_STMT_CLOSE has no response").isEmpty();

        RecordingHandler again = new RecordingHandler();
        ByteBuf againPayload = Unpooled.buffer();
        execute.encode(againPayload, StandardCharsets.UTF_8);
        connection.execute(againPayload, again);
        await(again.done);
        ByteBuf err = Unpooled.wrappedBuffer(again.payload(PacketKind.ERR, 0));
        assertThat(ErrPacket.decode(err).errorCode()).isEqualTo(1243);
        err.release();
    }

    @Test
    void aSecondCommandWhileBusyIsRefused() throws Exception {
        RecordingHandler first = new RecordingHandler();
        RecordingHandler second = new RecordingHandler();
        connection.eventLoop().submit(() -> {
            connection.execute(command(Command.QUERY, "SELECT SLEEP(0.1)"), first);
            connection.execute(command(Command.QUERY, "SELECT 2"), second);
        }).get();
        assertThatThrownBy(() -> await(second.done)).cause().isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("busy with COM_QUERY");
        await(first.done);
        assertThat(connection.isUsable()).isTrue();
    }

    @Test
    void pingAndResetConnection() throws Exception {
        await(connection.ping());
        await(connection.query("SET @v = 5"));
        await(connection.resetConnection());
        assertThat(await(connection.query("SELECT @v")).firstValue()).isNull();
        assertThat(await(connection.query("SELECT DATABASE()")).firstValue()).isEqualTo(LocalMariaDb.DATABASE);
    }

    @Test
    void killedWhileRunningFailsClearly() throws Exception {
        BackendConnection killer = await(connector.connect(LOOP, settings()));
        RecordingHandler sleeping = new RecordingHandler();
        connection.execute(command(Command.QUERY, "SELECT SLEEP(30)"), sleeping);
        // Wait until the server runs it, then kill the whole connection from another one.
        for (int i = 0; i < 600; i++) {
            String state = await(killer.query("SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = "
                    + connection.connectionId())).firstValue();
            if ("Query".equals(state)) {
                break;
            }
            Thread.sleep(10);
        }
        await(killer.query("KILL " + connection.connectionId()));
        await(killer.close());
        // MariaDB answers the killed query with ERR 1927 and then closes.
        try {
            await(sleeping.done);
            assertThat(sleeping.kinds).containsExactly(PacketKind.ERR);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(BackendConnectionException.class)
                    .hasMessageContaining("closed the connection during COM_QUERY");
        }
        for (int i = 0; i < 500 && connection.isUsable(); i++) {
            Thread.sleep(10);
        }
        assertThat(connection.isUsable()).isFalse();
        RecordingHandler after = new RecordingHandler();
        connection.execute(command(Command.PING, ""), after);
        assertThatThrownBy(() -> await(after.done)).cause().isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("is broken");
    }

    @Test
    void wrongPasswordAndUnknownSchemaCarryTheServerError() {
        BackendSettings wrong = BackendSettings.of(DB.host(), DB.port(), LocalMariaDb.NATIVE_USER, "nope", null);
        assertThatThrownBy(() -> await(connector.connect(LOOP, wrong))).cause()
                .isInstanceOf(BackendErrorException.class)
                .hasMessageContaining("ERROR 1045 (28000): Access denied for user 'native'")
                .hasMessageContaining(DB.host() + ":" + DB.port());
        assertThatThrownBy(() -> await(connector.connect(LOOP, settings().withSchema("no_such_db")))).cause()
                .isInstanceOf(BackendErrorException.class)
                .satisfies(e -> assertThat(((BackendErrorException) e).errorCode()).isEqualTo(1049));
    }

    @Test
    void nothingListeningFailsClearly() throws Exception {
        int port = LocalMariaDb.freePort();
        BackendSettings dead = BackendSettings.of("127.0.0.1", port, "u", "p", null)
                .withConnectTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(() -> await(connector.connect(LOOP, dead))).cause()
                .isInstanceOf(BackendConnectionException.class)
                .hasMessageContaining("backend 127.0.0.1:" + port + ": cannot connect");
    }

    @Test
    void tlsRequiredWithoutServerSupportIsRefused() {
        BackendSettings tls = settings().withTls(TlsMode.REQUIRED, true);
        assertThatThrownBy(() -> await(connector.connect(LOOP, tls))).cause()
                .isInstanceOf(BackendConnectionException.class).hasMessageContaining("TLS is required");
    }

    static ByteBuf command(Command command, String argument) {
        ByteBuf payload = Unpooled.buffer();
        payload.writeByte(command.code()).writeCharSequence(argument, StandardCharsets.UTF_8);
        return payload;
    }
}
