package io.carecache.node;

import io.carecache.FreePorts;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code serve} with no configuration starts from the real jar, becomes ready and stops gracefully on SIGTERM. */
class ServeProcessIT {
    private static final Pattern READY = Pattern.compile("CareCache node ready: member=(\\S+) health=(http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    private NodeProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void serve_withoutConfiguration_becomesReadyAndExitsZeroOnSigterm() throws Exception {
        int memberPort = FreePorts.next();
        node = NodeProcess.start(logs, Map.of(
                "CARECACHE_EMBEDDED_DATA_DIR", dataDir.toString(),
                "CARECACHE_MEMBER_PORT", Integer.toString(memberPort),
                "CARECACHE_CLUSTER_MEMBERS", "127.0.0.1:" + memberPort,
                "CARECACHE_CLUSTER_NAME", "serve-it-" + UUID.randomUUID(),
                "CARECACHE_HEALTH_PORT", "0"), "serve");

        String health = awaitReadyLine();

        HttpResponse<String> ready = get(health + "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"member\":\"127.0.0.1:" + memberPort + "\"")
                .contains("\"clusterSafe\":true").contains("\"l3Reachable\":true");
        assertThat(get(health + "/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(health + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(PrometheusText.parse(metrics.body()).familyNames())
                .contains("carecache_write_behind_queue_depth", "carecache_mongo_pool_in_use", "jvm_memory_used_bytes");

        node.process().destroy(); // SIGTERM on Linux

        assertThat(node.waitForExit(Duration.ofSeconds(60))).as("exited within 60 s").isTrue();
        assertThat(node.process().exitValue()).as(node.output()).isZero();
        assertThat(node.output()).contains("CareCache node stopped gracefully");
    }

    private String awaitReadyLine() {
        try {
            return await("the ready line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .failFast("the node exited before it was ready", () -> !node.process().isAlive())
                    .until(() -> readyLine(node.output()), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + node.output(), e);
        }
    }

    private static Optional<String> readyLine(String output) {
        Matcher matcher = READY.matcher(output);
        return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
