package io.shardgate.ittests.compat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately small MySQL client over a blocking socket, written independently of the proxy's codec so
 * that a shared misunderstanding of the protocol cannot hide: it logs in with mysql_native_password, sends
 * any bytes (well-formed commands, or garbage for the fuzz tests) and reads responses packet by packet.
 * Classic EOF terminators (no CLIENT_DEPRECATE_EOF), text protocol only.
 */
final class RawMysqlClient implements AutoCloseable {

    static final int LONG_PASSWORD = 1;
    static final int CONNECT_WITH_DB = 8;
    static final int PROTOCOL_41 = 0x200;
    static final int TRANSACTIONS = 0x2000;
    static final int SECURE_CONNECTION = 0x8000;
    static final int MULTI_STATEMENTS = 0x10000;
    static final int MULTI_RESULTS = 0x20000;
    static final int PLUGIN_AUTH = 0x80000;
    static final int MORE_RESULTS_EXISTS = 0x0008;

    static final int COM_QUIT = 0x01;
    static final int COM_QUERY = 0x03;
    static final int COM_STATISTICS = 0x09;
    static final int COM_PING = 0x0E;
    static final int COM_SET_OPTION = 0x1B;

    /** One packet as read: sequence id and payload. */
    record Packet(int sequenceId, byte[] payload) {
        int header() {
            return payload.length == 0 ? -1 : payload[0] & 0xFF;
        }

        boolean isErr() {
            return header() == 0xFF;
        }

        boolean isOk() {
            return header() == 0x00;
        }

        boolean isEof() {
            return header() == 0xFE && payload.length < 9;
        }

        /** ERR: error code. */
        int errorCode() {
            return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        }

        /** ERR: the message after the SQLSTATE marker. */
        String errorMessage() {
            int start = payload.length > 3 && payload[3] == '#' ? 9 : 3;
            return new String(payload, start, payload.length - start, StandardCharsets.UTF_8);
        }
    }

    /** One statement's outcome: an OK, an ERR, or rows of text values (null for SQL NULL). */
    record Result(Packet terminal, List<List<String>> rows, int status) {
        boolean isError() {
            return terminal.isErr();
        }

        boolean moreResults() {
            return (status & MORE_RESULTS_EXISTS) != 0;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Packet greeting;

    private RawMysqlClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.greeting = read();
    }

    /** Connects and reads the server greeting; reads time out after {@code timeoutMillis}. */
    static RawMysqlClient connect(int port, int timeoutMillis) throws IOException {
        return connectFrom("127.0.0.1", port, timeoutMillis);
    }

    /**
     * As {@link #connect}, from the local address {@code localHost} (any 127.x.y.z on Linux), so a test can be
     * several client addresses. The "greeting" is an ERR when the server refuses the connection outright.
     */
    static RawMysqlClient connectFrom(String localHost, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(localHost), 0);
        s.setSoTimeout(timeoutMillis);
        return new RawMysqlClient(s);
    }

    Packet greeting() {
        return greeting;
    }

    /** The 20-byte seed of the greeting (HandshakeV10: two parts around the capability fields). */
    byte[] seed() {
        byte[] p = greeting.payload();
        int i = 1;
        while (p[i] != 0) {
            i++; // server version
        }
        i += 1 + 4; // NUL, connection id
        byte[] seed = new byte[20];
        System.arraycopy(p, i, seed, 0, 8);
        i += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10; // part 1, filler, caps low, charset, status, caps high, len, reserved
        System.arraycopy(p, i, seed, 8, 12);
        return seed;
    }

    /** The handshake response for mysql_native_password, as the login sends it (seq id 1). */
    byte[] handshakeResponse(String user, String password, String schema, int capabilities) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int caps = capabilities | (schema != null ? CONNECT_WITH_DB : 0);
        writeInt(b, caps, 4);
        writeInt(b, 16 * 1024 * 1024, 4);
        b.write(45); // utf8mb4_general_ci
        b.writeBytes(new byte[23]);
        b.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        b.write(0);
        byte[] scramble = nativeScramble(password.getBytes(StandardCharsets.UTF_8), seed());
        b.write(scramble.length);
        b.writeBytes(scramble);
        if (schema != null) {
            b.writeBytes(schema.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        b.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        b.write(0);
        return b.toByteArray();
    }

    /** Logs in; returns the server's final answer (OK or ERR). */
    Packet login(String user, String password, String schema, int capabilities) throws IOException {
        write(1, handshakeResponse(user, password, schema, capabilities));
        return read();
    }

    /** The usual capabilities of a text-protocol client. */
    static int defaultCapabilities() {
        return LONG_PASSWORD | PROTOCOL_41 | TRANSACTIONS | SECURE_CONNECTION | MULTI_RESULTS | PLUGIN_AUTH;
    }

    // ---------------------------------------------------------------- packets and bytes

    void write(int sequenceId, byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >>> 8), (byte) (payload.length >>> 16),
                (byte) sequenceId};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** Anything at all, header included. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Half-closes: the server sees the end of input, the client can still read its answer. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Sends a command packet (sequence id 0): its code, then {@code argument}. */
    void command(int code, byte[] argument) throws IOException {
        byte[] payload = new byte[1 + argument.length];
        payload[0] = (byte) code;
        System.arraycopy(argument, 0, payload, 1, argument.length);
        write(0, payload);
    }

    Packet read() throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new EOFException("connection closed by the server");
        }
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("connection closed mid-packet");
        }
        return new Packet(header[3] & 0xFF, payload);
    }

    /**
     * Reads until the server either sends something or closes: an ERR packet, or null for a closed
     * connection. Anything else (an OK to garbage) is returned as well so the caller can judge it.
     */
    Packet readOrClosed() throws IOException {
        try {
            return read();
        } catch (EOFException e) {
            return null;
        } catch (java.net.SocketException e) {
            return null; // reset by peer: closed as well
        }
    }

    /** True when the server has closed: a read reports end of stream within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    // ---------------------------------------------------------------- text protocol

    /** COM_QUERY; returns one result per statement (several with multi-statements). */
    List<Result> query(String sql) throws IOException {
        command(COM_QUERY, sql.getBytes(StandardCharsets.UTF_8));
        List<Result> results = new ArrayList<>();
        Result r;
        do {
            r = readResult();
            results.add(r);
        } while (!r.isError() && r.moreResults());
        return results;
    }

    /** One result: OK, ERR, or column count + definitions + EOF + rows + EOF. */
    Result readResult() throws IOException {
        Packet first = read();
        if (first.isErr()) {
            return new Result(first, List.of(), 0);
        }
        if (first.isOk()) {
            int[] pos = {1};
            lenenc(first.payload(), pos);
            lenenc(first.payload(), pos);
            return new Result(first, List.of(), u16(first.payload(), pos[0]));
        }
        int columns = (int) lenenc(first.payload(), new int[] {0});
        for (int i = 0; i < columns; i++) {
            read();
        }
        Packet eof = read();
        if (!eof.isEof()) {
            throw new IOException("expected EOF after column definitions, got header " + eof.header());
        }
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            Packet p = read();
            if (p.isEof()) {
                return new Result(p, rows, u16(p.payload(), 3));
            }
            if (p.isErr()) {
                return new Result(p, rows, 0);
            }
            rows.add(textRow(p.payload(), columns));
        }
    }

    private static List<String> textRow(byte[] payload, int columns) {
        List<String> row = new ArrayList<>(columns);
        int[] pos = {0};
        for (int i = 0; i < columns; i++) {
            if ((payload[pos[0]] & 0xFF) == 0xFB) {
                pos[0]++;
                row.add(null);
                continue;
            }
            int length = (int) lenenc(payload, pos);
            row.add(new String(payload, pos[0], length, StandardCharsets.UTF_8));
            pos[0] += length;
        }
        return row;
    }

    static long lenenc(byte[] p, int[] pos) {
        int first = p[pos[0]++] & 0xFF;
        int bytes = first < 0xFB ? 0 : first == 0xFC ? 2 : first == 0xFD ? 3 : 8;
        if (bytes == 0) {
            return first;
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (p[pos[0]++] & 0xFF) << (8 * i);
        }
        return v;
    }

    private static int u16(byte[] p, int at) {
        return at + 1 < p.length ? (p[at] & 0xFF) | (p[at + 1] & 0xFF) << 8 : 0;
    }

    private static void writeInt(ByteArrayOutputStream b, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b.write((int) (v >>> (8 * i)));
        }
    }

    /** SHA1(pw) XOR SHA1(seed + SHA1(SHA1(pw))). */
    static byte[] nativeScramble(byte[] password, byte[] seed) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password);
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(seed);
            byte[] mix = sha1.digest(stage2);
            byte[] out = Arrays.copyOf(stage1, stage1.length);
            for (int i = 0; i < out.length; i++) {
                out[i] ^= mix[i];
            }
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
