package io.shardgate.proxy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shardgate.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP on {@code admin.http-listen}: {@code /metrics} (Prometheus text format), {@code /health} (the process serves)
 * and {@code /ready} (every schema has a reachable primary). The JDK's own HTTP server, one virtual thread per
 * request: a scrape every few seconds needs no framework, and rendering the metrics stays off the event loops.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    /** Prometheus' text exposition format, version 0.0.4. */
    static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private HttpEndpoints(HttpServer server) {
        this.server = server;
    }

    /**
     * @param metrics the exposition text, rendered per request
     * @param notReady why the proxy is not ready; empty when it is
     * @param notes lines added to the answer either way (cluster mode: ZooKeeper, config version, worker id)
     */
    public static HttpEndpoints start(HostPort listen, Supplier<String> metrics, Supplier<List<String>> notReady,
                                      Supplier<List<String>> notes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(listen.host(), listen.port()), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", exchange -> answer(exchange, () -> new Reply(200, METRICS_TYPE, metrics.get())));
        server.createContext("/health", exchange -> answer(exchange, () -> new Reply(200, "text/plain; charset=utf-8",
                "ok\n")));
        server.createContext("/ready", exchange -> answer(exchange, () -> {
            List<String> why = notReady.get();
            List<String> more = notes.get();
            String tail = more.isEmpty() ? "" : String.join("\n", more) + "\n";
            return why.isEmpty() ? new Reply(200, "text/plain; charset=utf-8", "ready\n" + tail)
                    : new Reply(503, "text/plain; charset=utf-8", "not ready\n" + String.join("\n", why) + "\n" + tail);
        }));
        server.createContext("/", exchange -> answer(exchange, () -> new Reply(404, "text/plain; charset=utf-8",
                "not found: the endpoints are /metrics, /health and /ready\n")));
        server.start();
        return new HttpEndpoints(server);
    }

    private record Reply(int status, String type, String body) {
    }

    private static void answer(HttpExchange exchange, Supplier<Reply> reply) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, new Reply(405, "text/plain; charset=utf-8", "only GET\n"));
                return;
            }
            Reply r;
            try {
                r = reply.get();
            } catch (RuntimeException e) {
                LOG.warn("{} failed", exchange.getRequestURI(), e);
                r = new Reply(500, "text/plain; charset=utf-8", "internal error (the proxy's log has the details)\n");
            }
            send(exchange, r);
        }
    }

    private static void send(HttpExchange exchange, Reply r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", r.type());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(r.status(), head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
