package io.carecache.node.internal.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The health routes over a real JDK HTTP server on a free port. */
class HealthEndpointsTest {
    private static final Readiness READY = new Readiness(true, "127.0.0.1:5701", true, true, true);
    private static final Readiness L3_DOWN = new Readiness(false, "127.0.0.1:5701", true, true, false);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private NodeHttpServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private String start(Supplier<Readiness> readiness) {
        server = HealthEndpoints.addTo(NodeHttpServer.builder(), readiness).start(0);
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_portZero_bindsAFreePort() {
        start(() -> READY);

        assertThat(server.port()).isPositive();
    }

    @Test
    void ready_whenReady_is200WithMemberAndL3() throws Exception {
        HttpResponse<String> response = send("GET", start(() -> READY) + HealthEndpoints.READY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\",\"member\":\"127.0.0.1:5701\",\"running\":true,"
                + "\"clusterSafe\":true,\"l3Reachable\":true}");
    }

    @Test
    void ready_whenL3Unreachable_is503SayingWhy() throws Exception {
        HttpResponse<String> response = send("GET", start(() -> L3_DOWN) + HealthEndpoints.READY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"status\":\"DOWN\"").contains("\"l3Reachable\":false");
    }

    @Test
    void ready_followsTheCurrentState() throws Exception {
        AtomicReference<Readiness> state = new AtomicReference<>(L3_DOWN);
        String base = start(state::get);
        assertThat(send("GET", base + HealthEndpoints.READY).statusCode()).isEqualTo(503);

        state.set(READY);

        assertThat(send("GET", base + HealthEndpoints.READY).statusCode()).isEqualTo(200);
    }

    @Test
    void ready_whenTheProbeThrows_is503() throws Exception {
        HttpResponse<String> response = send("GET", start(() -> {
            throw new IllegalStateException("member shutting down");
        }) + HealthEndpoints.READY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"running\":false");
    }

    @Test
    void live_whileServing_is200EvenWhenNotReady() throws Exception {
        assertThat(send("GET", start(() -> L3_DOWN) + HealthEndpoints.LIVE).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPath_is404() throws Exception {
        String base = start(() -> READY);

        assertThat(send("GET", base + "/health/readyz").statusCode()).isEqualTo(404);
        assertThat(send("GET", base + "/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void post_is405() throws Exception {
        assertThat(send("POST", start(() -> READY) + HealthEndpoints.LIVE).statusCode()).isEqualTo(405);
    }

    @Test
    void route_samePathTwice_isRefused() {
        NodeHttpServer.Builder builder = NodeHttpServer.builder().route("/metrics", exchange -> { });

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.route("/metrics", exchange -> { }));
    }
}
