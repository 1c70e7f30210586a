package io.carecache.node.internal.semantic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link RemoteEmbedder} against a real HTTP server on loopback. */
class RemoteEmbedderTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> lastBody = new AtomicReference<>("");
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Behaviour behaviour = Behaviour.TEI;
    private volatile int failuresLeft;

    private enum Behaviour { TEI, OPENAI, FAIL, HANG }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (behaviour == Behaviour.HANG) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (behaviour == Behaviour.FAIL || failuresLeft > 0) {
            failuresLeft--;
            respond(ex, 503, "{\"error\":\"overloaded\"}");
            return;
        }
        if (behaviour == Behaviour.OPENAI && ex.getRequestURI().getPath().equals("/v1/embeddings")) {
            respond(ex, 200, "{\"object\":\"list\",\"data\":[{\"index\":0,\"embedding\":[3,4,0]},"
                    + "{\"index\":1,\"embedding\":[0,0,2]}],\"model\":\"bge\"}");
        } else if (behaviour == Behaviour.TEI && ex.getRequestURI().getPath().equals("/embed")) {
            respond(ex, 200, "[[0,3,4]]");
        } else {
            respond(ex, 404, "{}");
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void embed_teiServer_returnsUnitVector() {
        try (RemoteEmbedder embedder = RemoteEmbedder.builder(baseUrl(), RemoteEmbedder.Api.TEI).build()) {
            float[] v = embedder.embed("How long does the flu last?");

            assertThat(v).containsExactly(0f, 0.6f, 0.8f);
            assertThat(lastBody.get()).isEqualTo("{\"inputs\":[\"How long does the flu last?\"]}");
        }
    }

    @Test
    void embedAll_openAiServer_returnsVectorsInOrderWithModel() {
        behaviour = Behaviour.OPENAI;
        try (RemoteEmbedder embedder = RemoteEmbedder.builder(baseUrl(), RemoteEmbedder.Api.OPENAI)
                .model("bge-small-en-v1.5").build()) {
            List<float[]> v = embedder.embedAll(List.of("a", "b"));

            assertThat(v.get(0)).containsExactly(0.6f, 0.8f, 0f);
            assertThat(v.get(1)).containsExactly(0f, 0f, 1f);
            assertThat(lastBody.get()).contains("\"model\":\"bge-small-en-v1.5\"").contains("\"input\":[\"a\",\"b\"]");
        }
    }

    @Test
    void embed_transientServerError_retriesAndSucceeds() {
        failuresLeft = 2;
        try (RemoteEmbedder embedder = RemoteEmbedder.builder(baseUrl(), RemoteEmbedder.Api.TEI)
                .attempts(3).backoff(Duration.ofMillis(1)).build()) {
            assertThat(embedder.embed("q")).containsExactly(0f, 0.6f, 0.8f);
            assertThat(requests.get()).isEqualTo(3);
        }
    }

    @Test
    void embed_serverHangs_failsAtTheDeadline() {
        behaviour = Behaviour.HANG;
        try (RemoteEmbedder embedder = RemoteEmbedder.builder(baseUrl(), RemoteEmbedder.Api.TEI)
                .timeout(Duration.ofMillis(300)).attempts(1).build()) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> embedder.embed("q"))
                    .isInstanceOf(EmbeddingUnavailableException.class)
                    .hasMessageContaining("/embed");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void embed_serverKeepsFailing_breakerOpensAndStopsCalling() {
        behaviour = Behaviour.FAIL;
        try (RemoteEmbedder embedder = RemoteEmbedder.builder(baseUrl(), RemoteEmbedder.Api.TEI)
                .attempts(1).breakerWindow(4).breakerOpenFor(Duration.ofMinutes(5)).build()) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> embedder.embed("q")).isInstanceOf(EmbeddingUnavailableException.class);
            }
            assertThat(embedder.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
            int seen = requests.get();

            assertThatThrownBy(() -> embedder.embed("q"))
                    .isInstanceOf(EmbeddingUnavailableException.class)
                    .hasMessageContaining("circuit is open");
            assertThat(requests.get()).isEqualTo(seen);
        }
    }
}
