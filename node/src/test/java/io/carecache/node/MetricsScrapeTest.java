package io.carecache.node;

import com.hazelcast.config.Config;
import com.hazelcast.map.IMap;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheClient;
import io.carecache.CareCacheMetrics;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.PhiCategory;
import io.carecache.RateLimitExceededException;
import io.carecache.RateLimitSettings;
import io.carecache.Tier;
import io.carecache.node.internal.http.MetricsEndpoint;
import io.carecache.node.internal.http.NodeHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scrapes {@code /metrics} of a running member (with MongoDB behind it, a thin client's facade
 * bound to the member's registry) after traffic through every tier, parses the Prometheus text
 * format strictly, and finds every KPI of the metrics contract ({@code config/alerts/METRICS.md}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScrapeTest {
    private static final CareContext CONTEXT = CareContext.builder("model-1", "prompt-1").careContext("diabetes").build();
    private static final Duration WRITE_DELAY = Duration.ofSeconds(60);
    private static final int POOL_MAX = 7;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MongoServer mongo;
    private CareCacheNode node;
    private NodeHttpServer server;
    private CareCache cache;

    @BeforeAll
    void start() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        int port = FreePorts.next();
        NodeSettings settings = NodeSettings.builder()
                .clusterName("metrics-" + UUID.randomUUID())
                .port(port)
                .members(List.of("127.0.0.1:" + port))
                .mongoUri(Optional.of("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort()))
                .mongoDatabase("metrics")
                .mongoPoolMaxSize(POOL_MAX)
                // Write-behind with a long delay: stored entries wait in the queue until flushed.
                .writeMode(NodeSettings.WriteMode.WRITE_BEHIND)
                .writeDelay(WRITE_DELAY)
                .cache(CacheSettings.builder().l2MaxSizePerNode(100).build())
                .healthPort(0)
                .build();
        Config config = CareCacheNode.memberConfig(settings);
        // Few partitions, so the per-member bound of 100 entries evicts predictably.
        config.setProperty("hazelcast.partition.count", "7");
        node = CareCacheNode.start(settings, config);
        server = MetricsEndpoint.addTo(NodeHttpServer.builder(), node::scrapeMetrics).start(0);
        cache = CareCacheClient.builder()
                .clusterName(settings.clusterName())
                .addresses("127.0.0.1:" + port)
                .settings(settings.cache())
                .keyRing(KeyRing.generate("k-metrics"))
                .facade(f -> f.rateLimits(RateLimitSettings.builder().requestsPerMinute(1).burst(1).build()))
                .build();
        CareCacheMetrics.of(cache).bindTo(node.meterRegistry());
    }

    @AfterAll
    void stop() {
        cache.close();
        server.close();
        node.close();
        mongo.shutdownNow();
    }

    @Test
    void metrics_afterTrafficThroughEveryTier_exportsEveryKpi() throws Exception {
        PrometheusText before = scrape();
        CacheRequest hot = request("how often should I check my blood sugar");
        cache.store(hot, answer("before meals"));
        assertThat(cache.lookup(hot).tier()).isEqualTo(Tier.L2);
        assertThat(cache.lookup(hot).tier()).isEqualTo(Tier.L1);
        assertThat(cache.lookup(request("never stored")).tier()).isEqualTo(Tier.MISS);
        CacheRequest cold = request("is fruit allowed");
        cache.store(cold, answer("in moderation"));
        IMap<Object, Object> entries = node.hazelcast().getMap(node.settings().cache().mapName());
        entries.flush();
        entries.evictAll();
        assertThat(cache.lookup(cold).tier()).isEqualTo(Tier.L3);
        CacheRequest limited = request("can I exercise").withUser("user-1");
        cache.lookup(limited);
        assertThatThrownBy(() -> cache.lookup(limited)).isInstanceOf(RateLimitExceededException.class);

        // Statistics are snapshots a few milliseconds old at most: scrape until the traffic shows.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PrometheusText after = scrape();
            for (String tier : List.of("l1", "l2", "l3")) {
                Map<String, String> label = Map.of("tier", tier);
                assertThat(delta(before, after, "carecache_lookups_total", label)).as(tier).isEqualTo(1);
                assertThat(delta(before, after, "carecache_lookup_latency_seconds_count", label)).as(tier).isEqualTo(1);
            }
            // the never-stored question and the limited user's first lookup
            assertThat(delta(before, after, "carecache_lookups_total", Map.of("tier", "miss"))).isEqualTo(2);
            assertThat(delta(before, after, "carecache_lookup_latency_seconds_count", Map.of("tier", "miss"))).isEqualTo(2);
            assertThat(delta(before, after, "carecache_misses_total", Map.of())).isEqualTo(2);
            assertThat(delta(before, after, "carecache_writes_total", Map.of())).isEqualTo(2);
            assertThat(delta(before, after, "carecache_rate_limit_blocks_total", Map.of())).isEqualTo(1);
        });

        PrometheusText metrics = scrape();
        for (Tier tier : Tier.values()) {
            String label = tier.name().toLowerCase(Locale.ROOT);
            assertThat(metrics.sample("carecache_lookups_total", Map.of("tier", label))).as(label).isPresent();
            assertThat(value(metrics, "carecache_lookup_latency_seconds_sum", Map.of("tier", label))).isNotNegative();
            // The alert thresholds (5 ms, 20 ms) are bucket boundaries, so histogram_quantile is exact there.
            assertThat(metrics.sample("carecache_lookup_latency_seconds_bucket", Map.of("tier", label, "le", "0.005"))).isPresent();
            assertThat(metrics.sample("carecache_lookup_latency_seconds_bucket", Map.of("tier", label, "le", "0.02"))).isPresent();
        }
        assertThat(metrics.family("carecache_lookup_latency_seconds").orElseThrow().type()).isEqualTo("histogram");
        for (PhiCategory category : PhiCategory.values()) {
            Map<String, String> label = Map.of("category", category.name().toLowerCase(Locale.ROOT));
            assertThat(value(metrics, "carecache_phi_detections_total", label)).isNotNegative();
            assertThat(value(metrics, "carecache_phi_exclusions_total", label)).isNotNegative();
        }
        assertThat(value(metrics, "carecache_evictions_total", Map.of())).isNotNegative();
        assertThat(value(metrics, "carecache_semantic_hits_total", Map.of())).isZero();
        assertThat(value(metrics, "carecache_lookups_degraded_total", Map.of())).isZero();
        assertThat(value(metrics, "carecache_circuit_state", Map.of("name", "pipeline"))).isZero();
        assertThat(value(metrics, "carecache_write_behind_queue_depth", Map.of())).isNotNegative();
        assertThat(value(metrics, "carecache_mongo_pool_max", Map.of())).isEqualTo(POOL_MAX);
        assertThat(value(metrics, "carecache_mongo_pool_in_use", Map.of())).isBetween(0.0, (double) POOL_MAX);
        // Per pool a value may be 0 (Eden right after a collection); the heap as a whole is in use.
        assertThat(metrics.family("jvm_memory_used_bytes").orElseThrow().find("jvm_memory_used_bytes", Map.of("area", "heap")))
                .isNotEmpty().allSatisfy(s -> assertThat(s.value()).isNotNegative())
                .anySatisfy(s -> assertThat(s.value()).isPositive());
        assertThat(metrics.family("jvm_memory_max_bytes").orElseThrow().find("jvm_memory_max_bytes", Map.of("area", "heap")))
                .isNotEmpty();
        assertThat(metrics.familyNames()).contains("jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
                "carecache_near_cache_hits_total", "carecache_near_cache_entries", "carecache_map_entries",
                "carecache_map_heap_cost_bytes");
    }

    @Test
    void writeBehindQueueDepth_countsStoresUntilFlushed() throws Exception {
        double before = value(scrape(), "carecache_write_behind_queue_depth", Map.of());
        for (int i = 0; i < 5; i++) {
            cache.store(request("queued question " + i), answer("queued " + i));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(scrape(), "carecache_write_behind_queue_depth", Map.of())).isEqualTo(before + 5));

        node.hazelcast().getMap(node.settings().cache().mapName()).flush();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(scrape(), "carecache_write_behind_queue_depth", Map.of())).isZero());
    }

    @Test
    void evictions_beyondTheMembersBound_areCounted() throws Exception {
        double before = value(scrape(), "carecache_evictions_total", Map.of());
        for (int i = 0; i < 200; i++) {
            cache.store(request("bulk question " + i), answer("bulk " + i));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(value(scrape(), "carecache_evictions_total", Map.of())).isGreaterThan(before));
        node.hazelcast().getMap(node.settings().cache().mapName()).flush();
    }

    @Test
    void metrics_head_answersWithoutBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.port() + MetricsEndpoint.PATH);
    }

    private static double value(PrometheusText metrics, String sample, Map<String, String> labels) {
        return metrics.sample(sample, labels)
                .orElseThrow(() -> new AssertionError("no series " + sample + labels + " in /metrics"))
                .value();
    }

    private static double delta(PrometheusText before, PrometheusText after, String sample, Map<String, String> labels) {
        return value(after, sample, labels) - value(before, sample, labels);
    }

    private static CacheRequest request(String query) {
        return CacheRequest.shared(query, CONTEXT);
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("source"), 0.9);
    }
}
