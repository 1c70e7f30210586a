package io.carecache.node.internal.http;

import java.util.function.Supplier;

/** {@code /metrics}: every meter of the node in the Prometheus text exposition format (0.0.4). */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsEndpoint() {
    }

    /** Adds the route; {@code scrape} renders the registry on every request. */
    public static NodeHttpServer.Builder addTo(NodeHttpServer.Builder server, Supplier<String> scrape) {
        return server.route(PATH, exchange -> {
            String body;
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                // The member is shutting down underneath the scrape: say so rather than drop the connection.
                NodeHttpServer.respond(exchange, 503, "text/plain; charset=utf-8", "metrics unavailable: " + e.getMessage() + "\n");
                return;
            }
            NodeHttpServer.respond(exchange, 200, CONTENT_TYPE, body);
        });
    }
}
