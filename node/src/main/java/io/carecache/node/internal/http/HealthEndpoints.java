package io.carecache.node.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/live} (200 while the process serves HTTP) and {@code /health/ready} (200 when
 * ready, else 503, with a JSON body saying why) — the Kubernetes liveness and readiness probes.
 */
public final class HealthEndpoints {
    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HealthEndpoints() {
    }

    /** Adds both routes; {@code readiness} is asked on every probe. */
    public static NodeHttpServer.Builder addTo(NodeHttpServer.Builder server, Supplier<Readiness> readiness) {
        return server
                .route(LIVE, exchange -> NodeHttpServer.respond(exchange, 200, JSON, "{\"status\":\"UP\"}"))
                .route(READY, exchange -> {
                    Readiness report = safely(readiness);
                    NodeHttpServer.respond(exchange, report.ready() ? 200 : 503, JSON, json(report));
                });
    }

    // A probe must answer even while the member is shutting down underneath it.
    private static Readiness safely(Supplier<Readiness> readiness) {
        try {
            return readiness.get();
        } catch (RuntimeException e) {
            return Readiness.down();
        }
    }

    static String json(Readiness report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.ready() ? "UP" : "DOWN");
        body.put("member", report.member());
        body.put("running", report.running());
        body.put("clusterSafe", report.clusterSafe());
        body.put("l3Reachable", report.l3Reachable());
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
