package io.carecache.node.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's small HTTP endpoint (the JDK's {@link HttpServer}): {@code /health/live},
 * {@code /health/ready} and {@code /metrics} — each path is one
 * {@link Builder#route} call. Paths match exactly; anything else is 404, methods other than GET
 * and HEAD are 405.
 */
public final class NodeHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private NodeHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A server with no routes yet. */
    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (the chosen one when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests, lets in-flight ones finish for up to a second, releases the port. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    /** Collects routes, then binds. */
    public static final class Builder {
        private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Serves {@code path} (exactly) with {@code handler}.
         *
         * @throws IllegalArgumentException when the path is taken or does not start with {@code /}
         */
        public Builder route(String path, HttpHandler handler) {
            if (!path.startsWith("/") || routes.putIfAbsent(path, handler) != null) {
                throw new IllegalArgumentException("HTTP path " + path + " is invalid or already routed");
            }
            return this;
        }

        /**
         * Binds all interfaces on {@code port} (0 picks a free port) and starts serving.
         *
         * @throws UncheckedIOException when the port cannot be bound
         */
        public NodeHttpServer start(int port) {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(port), 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind the health endpoint to port " + port, e);
            }
            Map<String, HttpHandler> table = Map.copyOf(routes);
            // One context for everything: HttpServer matches contexts by prefix, we want exact paths.
            server.createContext("/", exchange -> dispatch(table, exchange));
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "carecache-http-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            server.start();
            return new NodeHttpServer(server, executor);
        }

        private static void dispatch(Map<String, HttpHandler> table, HttpExchange exchange) throws IOException {
            try (exchange) {
                HttpHandler handler = table.get(exchange.getRequestURI().getPath());
                String method = exchange.getRequestMethod();
                if (handler == null) {
                    respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                } else {
                    handler.handle(exchange);
                }
            }
        }
    }

    /** Writes a complete response (no body for HEAD). */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
