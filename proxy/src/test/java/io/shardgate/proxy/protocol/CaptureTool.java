package io.shardgate.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.shardgate.proxy.backend.LocalMariaDb;
import io.shardgate.proxy.protocol.auth.NativePassword;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates src/test/resources/captures/*.hex from a real MariaDB (not part of the normal test
 * run). Run from /work/main:
 * <pre>./mvnw -B -q -pl proxy -am test -Dtest=CaptureTool -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dshardgate.capture.dir=$PWD/proxy/src/test/resources/captures</pre>
 * Part 1 runs the real {@code mariadb} command-line client through a {@link RecordingRelay}
 * (handshake, OK, ERR, a text result set); part 2 is a minimal socket client written here that
 * prepares and executes a statement, with and without DEPRECATE_EOF. Server bytes are the
 * server's own in both parts.
 */
@EnabledIfSystemProperty(named = "shardgate.capture.dir", matches = ".+")
class CaptureTool {

    static final String CREATE = "CREATE TABLE types (id INT PRIMARY KEY, ti TINYINT, su SMALLINT UNSIGNED,"
            + " bu BIGINT UNSIGNED, fl FLOAT, db DOUBLE, de DECIMAL(10,3), vc VARCHAR(20), bl BLOB, d DATE,"
            + " dt DATETIME(6), ts TIMESTAMP NULL, tm TIME(3), yr YEAR, nu INT)";
    static final String INSERT = "INSERT INTO types VALUES"
            + " (1, -128, 65535, 18446744073709551615, 1.5, -2.25, -1234.567, 'héllo', x'00ff10', '2024-02-29',"
            + " '2024-02-29 13:14:15.123456', '1999-12-31 23:59:59', '-838:59:59.999', 2024, NULL),"
            + " (2, 127, 0, 0, 0, 0, 0, '', '', '0000-00-00', '2000-01-01 00:00:00', NULL, '00:00:00', 1901, 7)";
    static final String SELECT = "SELECT * FROM types ORDER BY id";
    static final String UPDATE = "UPDATE types SET nu = 8 WHERE id = 2";
    static final String BAD_SELECT = "SELECT * FROM no_such_table";
    static final String PREPARE = "SELECT * FROM types WHERE id >= ? ORDER BY id";

    @Test
    void capture() throws Exception {
        Path out = Path.of(System.getProperty("shardgate.capture.dir"));
        Files.createDirectories(out);
        LocalMariaDb db = new LocalMariaDb();
        db.start();
        try {
            String version = db.sql("SELECT VERSION()").strip();
            String origin = "Captured from MariaDB " + version + " (throwaway mariadbd on 127.0.0.1) by"
                    + " proxy/src/test/java/io/shardgate/proxy/protocol/CaptureTool.java";
            captureCli(db, out, origin);
            captureStatements(db, out, origin, false);
            captureStatements(db, out, origin, true);
        } finally {
            db.stop();
        }
    }

    private void captureCli(LocalMariaDb db, Path out, String origin) throws Exception {
        try (RecordingRelay relay = new RecordingRelay(db.host(), db.port())) {
            Process cli = new ProcessBuilder("mariadb", "--no-defaults", "-h", "127.0.0.1", "-P",
                    String.valueOf(relay.port()), "-u", LocalMariaDb.NATIVE_USER, "-p" + LocalMariaDb.NATIVE_PASSWORD,
                    "--skip-ssl", "--default-character-set=utf8mb4", LocalMariaDb.DATABASE, "-e",
                    String.join(";", CREATE, INSERT, SELECT, UPDATE, BAD_SELECT))
                    .redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cli.waitFor(60, TimeUnit.SECONDS);
            relay.awaitEnd();
            if (!output.contains("doesn't exist")) {
                throw new IllegalStateException("unexpected client output: " + output);
            }
            List<byte[]> client = Captures.split(relay.clientBytes());
            List<byte[]> server = Captures.split(relay.serverBytes());
            String via = origin + ", client: the mariadb command-line client through RecordingRelay";
            write(out, "cli-handshake-v10", via + "; the server greeting", server.subList(0, 1));
            write(out, "cli-handshake-response41", via + "; the client's HandshakeResponse41 (client to server)",
                    client.subList(0, 1));
            // One server reply per client packet from here on; split the server stream at seq id 1.
            List<List<byte[]>> replies = new ArrayList<>();
            for (byte[] packet : server.subList(1, server.size())) {
                if (packet[3] == (replies.isEmpty() ? 2 : 1)) {
                    replies.add(new ArrayList<>());
                }
                replies.get(replies.size() - 1).add(packet);
            }
            List<String> commands = new ArrayList<>();
            for (byte[] packet : client.subList(1, client.size())) {
                commands.add(packet[4] == Command.QUERY.code()
                        ? new String(packet, 5, packet.length - 5, StandardCharsets.UTF_8)
                        : "command 0x" + Integer.toHexString(packet[4]));
            }
            write(out, "cli-auth-ok", via + "; the OK that ends authentication", replies.get(0));
            for (int i = 1; i < replies.size(); i++) {
                String command = commands.get(i - 1);
                String name = command.equals(INSERT) ? "cli-insert-ok" : command.equals(SELECT) ? "cli-text-resultset"
                        : command.equals(UPDATE) ? "cli-update-ok" : command.equals(BAD_SELECT) ? "cli-err-no-such-table"
                        : command.equals(CREATE) ? "cli-create-ok" : null;
                if (name != null) {
                    write(out, name, via + "; reply to: " + command, replies.get(i));
                }
            }
        }
    }

    /** Part 2: a minimal blocking client that prepares and executes; server replies recorded as read. */
    private void captureStatements(LocalMariaDb db, Path out, String origin, boolean deprecateEof) throws Exception {
        String suffix = deprecateEof ? "-deprecate-eof" : "";
        String via = origin + ", client: CaptureTool's socket client" + (deprecateEof ? " with" : " without")
                + " CLIENT_DEPRECATE_EOF";
        try (Socket socket = new Socket(db.host(), db.port())) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream os = socket.getOutputStream();
            byte[] greetingPacket = read(in);
            HandshakeV10 greeting = decode(greetingPacket, HandshakeV10::decode);
            int caps = Capabilities.LONG_PASSWORD | Capabilities.LONG_FLAG | Capabilities.CONNECT_WITH_DB
                    | Capabilities.PROTOCOL_41 | Capabilities.TRANSACTIONS | Capabilities.SECURE_CONNECTION
                    | Capabilities.MULTI_RESULTS | Capabilities.PS_MULTI_RESULTS | Capabilities.PLUGIN_AUTH
                    | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | (deprecateEof ? Capabilities.DEPRECATE_EOF : 0);
            caps &= greeting.capabilities();
            byte[] scramble = NativePassword.scramble(LocalMariaDb.NATIVE_PASSWORD.getBytes(StandardCharsets.UTF_8),
                    greeting.seed());
            HandshakeResponse41 response = new HandshakeResponse41(caps, 1 << 24, CharsetId.UTF8MB4_GENERAL_CI,
                    LocalMariaDb.NATIVE_USER, scramble, LocalMariaDb.DATABASE, NativePassword.PLUGIN_NAME, Map.of(), 0);
            write(os, 1, response::encode);
            byte[] ok = read(in);
            if (ok[4] != 0) {
                throw new IllegalStateException("auth failed: " + decode(ok, ErrPacket::decode));
            }
            int columns = 15;

            write(os, 0, b -> b.writeByte(Command.QUERY.code()).writeCharSequence(SELECT, StandardCharsets.UTF_8));
            List<byte[]> text = readN(in, 1 + columns + (deprecateEof ? 0 : 1) + 2 + 1);
            write(out, "raw-text-resultset" + suffix, via + "; reply to COM_QUERY: " + SELECT, text);

            write(os, 0, b -> b.writeByte(Command.STMT_PREPARE.code()).writeCharSequence(PREPARE,
                    StandardCharsets.UTF_8));
            List<byte[]> prepared = readN(in, 1 + 1 + (deprecateEof ? 0 : 1) + columns + (deprecateEof ? 0 : 1));
            write(out, "raw-prepare-ok" + suffix, via + "; reply to COM_STMT_PREPARE: " + PREPARE, prepared);
            ComStmtPrepareOk prepareOk = decode(prepared.get(0), ComStmtPrepareOk::decode);

            ComStmtExecute execute = new ComStmtExecute(prepareOk.statementId(), 0, 1, true,
                    List.of(new ParameterType(ColumnType.LONG, false)), List.of(1L));
            write(os, 0, b -> execute.encode(b, StandardCharsets.UTF_8));
            List<byte[]> binary = readN(in, 1 + columns + (deprecateEof ? 0 : 1) + 2 + 1);
            write(out, "raw-binary-resultset" + suffix, via + "; reply to COM_STMT_EXECUTE of the statement above"
                    + " with ? = 1 (LONG)", binary);

            write(os, 0, b -> b.writeByte(Command.STMT_CLOSE.code()).writeIntLE((int) prepareOk.statementId()));
            write(os, 0, b -> b.writeByte(Command.QUIT.code()));
        }
    }

    private interface Encoder {
        void encode(ByteBuf out);
    }

    private static void write(OutputStream os, int sequenceId, Encoder encoder) throws IOException {
        ByteBuf payload = Unpooled.buffer();
        try {
            encoder.encode(payload);
            ByteBuf wire = Unpooled.buffer();
            wire.writeMediumLE(payload.readableBytes()).writeByte(sequenceId).writeBytes(payload);
            os.write(ByteBufUtil.getBytes(wire));
            os.flush();
            wire.release();
        } finally {
            payload.release();
        }
    }

    private static byte[] read(DataInputStream in) throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] packet = java.util.Arrays.copyOf(header, 4 + length);
        in.readFully(packet, 4, length);
        return packet;
    }

    private static List<byte[]> readN(DataInputStream in, int count) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packets.add(read(in));
        }
        return packets;
    }

    private static <T> T decode(byte[] wirePacket, java.util.function.Function<ByteBuf, T> decoder) {
        ByteBuf payload = Unpooled.wrappedBuffer(wirePacket, 4, wirePacket.length - 4);
        try {
            return decoder.apply(payload);
        } finally {
            payload.release();
        }
    }

    private static void write(Path dir, String name, String comment, List<byte[]> packets) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n')
                .append("# one wire packet (4-byte header + payload) per line\n");
        for (byte[] packet : packets) {
            text.append(ByteBufUtil.hexDump(packet)).append('\n');
        }
        Files.writeString(dir.resolve(name + ".hex"), text.toString());
    }
}
