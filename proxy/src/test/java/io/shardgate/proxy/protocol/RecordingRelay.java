package io.shardgate.proxy.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A one-connection TCP relay on loopback that forwards bytes both ways unchanged and keeps a copy
 * of each direction, so a real client's and a real server's bytes can be captured for tests.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
    private final Thread acceptor;

    RecordingRelay(String targetHost, int targetPort) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().name("relay-accept").start(() -> {
            try (Socket client = listener.accept(); Socket server = new Socket(targetHost, targetPort)) {
                Thread up = pump(client.getInputStream(), server.getOutputStream(), fromClient, "relay-up");
                Thread down = pump(server.getInputStream(), client.getOutputStream(), fromServer, "relay-down");
                up.join();
                down.join();
            } catch (IOException | InterruptedException e) {
                // the capture is over
            }
        });
    }

    int port() {
        return listener.getLocalPort();
    }

    byte[] clientBytes() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    byte[] serverBytes() {
        synchronized (fromServer) {
            return fromServer.toByteArray();
        }
    }

    /** Waits until both sides have closed. */
    void awaitEnd() throws InterruptedException {
        acceptor.join(60_000);
    }

    private static Thread pump(InputStream in, OutputStream out, ByteArrayOutputStream copy, String name) {
        return Thread.ofPlatform().name(name).start(() -> {
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    synchronized (copy) {
                        copy.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
