package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Projections;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.node.internal.l3.MongoEntryStore;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.bson.Document;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CareCache cluster of separate member processes ({@code carecache-node.jar serve}) on loopback,
 * all using one MongoDB wire server that runs in the test JVM over a memory backend which survives
 * restarts of the server (like a real server's data files) and kills of any member. Thin clients in
 * the test JVM talk to the members.
 *
 * <p>A JUnit extension: register it with {@code @RegisterExtension}. After each test every member
 * process is killed (a JVM shutdown hook does the same if the test JVM dies first), every client is
 * shut down and MongoDB stopped; when the test failed, the tail of each member's log is printed.
 * Member logs stay under {@code target/reliability/<test class>/<test>/}.
 */
final class MemberCluster implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
    static final KeyRing RING = KeyRing.generate("reliability-k1");
    private static final Pattern READY = Pattern.compile("CareCache node ready: member=(\\S+) health=(http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // Whatever happens to the test JVM, no member process outlives it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-members"));
    }

    private final int size;
    private final Map<String, String> extraEnv;
    private final String clusterName = "reliability-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final Map<Integer, NodeProcess> members = new LinkedHashMap<>();
    private final Map<Integer, String> health = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> runs = new ConcurrentHashMap<>();
    private final List<HazelcastInstance> clients = new ArrayList<>();
    private final Map<String, NodeProcess> everyProcess = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MemoryBackend backend = new MemoryBackend() {
        @Override
        public void close() {
            // MongoServer.shutdownNow() closes its backend: keep the data across a MongoDB restart.
        }
    };
    private MongoServer mongo;
    private int mongoPort;
    private HazelcastInstance observer;
    private Path logRoot;

    MemberCluster(int size, Map<String, String> extraEnv) {
        this.size = size;
        this.extraEnv = Map.copyOf(extraEnv);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        logRoot = Path.of("target", "reliability", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName());
        IntStream.range(0, size).forEach(i -> ports.add(FreePorts.next()));
        startMongo();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        context.getExecutionException().ifPresent(failure -> {
            StringBuilder report = new StringBuilder("\n==== member logs (" + logRoot.toAbsolutePath() + ") ====\n");
            everyProcess.forEach((label, process) -> report.append("==== ").append(label).append(" alive=")
                    .append(process.process().isAlive()).append('\n').append(process.tail(60)).append('\n'));
            System.err.println(report);
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(c -> {
            try {
                c.shutdown();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        for (NodeProcess process : everyProcess.values()) {
            try {
                process.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LIVE.remove(process.process());
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    String clusterName() {
        return clusterName;
    }

    int size() {
        return size;
    }

    /** Starts every member and waits until the cluster is whole and safe. */
    void startAll() {
        IntStream.range(0, size).forEach(this::launch);
        IntStream.range(0, size).forEach(this::awaitReadyLine);
        awaitSafe(size);
    }

    /** Starts (or restarts) member {@code i} on its port without waiting. */
    void launch(int i) {
        int run = runs.merge(i, 1, Integer::sum);
        Path logs = logRoot.resolve("member-" + i + "-run-" + run);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "CARECACHE_CLUSTER_NAME", clusterName,
                "CARECACHE_MEMBER_PORT", Integer.toString(ports.get(i)),
                "CARECACHE_CLUSTER_MEMBERS", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
                "CARECACHE_HEALTH_PORT", "0",
                "MONGODB_URI", mongoUri()));
        env.putAll(extraEnv);
        // Several member JVMs share a small CI machine: C1 only and the serial collector start faster
        // and leave more CPU to the others; the behaviour under test does not depend on either.
        NodeProcess process = NodeProcess.start(logs, env, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), "serve");
        LIVE.add(process.process());
        everyProcess.put(logs.getFileName().toString(), process);
        members.put(i, process);
        health.remove(i);
    }

    /** Waits for member {@code i}'s ready line (cluster safe and MongoDB reachable when it printed it). */
    void awaitReadyLine(int i) {
        NodeProcess process = members.get(i);
        try {
            String url = await("member " + i + " ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .failFast("member " + i + " exited before it was ready", () -> !process.process().isAlive())
                    .until(() -> readyLine(process.output()), Optional::isPresent).orElseThrow();
            health.put(i, url);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + process.tail(80), e);
        }
    }

    /** SIGKILL: the member dies without flushing or leaving. */
    void kill(int i) throws InterruptedException {
        NodeProcess process = members.remove(i);
        health.remove(i);
        process.kill();
        LIVE.remove(process.process());
    }

    /** SIGTERM and wait for the graceful exit (code 0, "stopped gracefully"). */
    void stopGracefully(int i) throws InterruptedException {
        NodeProcess process = members.remove(i);
        health.remove(i);
        process.terminate();
        if (!process.waitForExit(Duration.ofSeconds(90))) {
            throw new AssertionError("member " + i + " did not exit within 90 s of SIGTERM\n" + process.tail(80));
        }
        LIVE.remove(process.process());
        if (process.process().exitValue() != 0 || !process.output().contains("CareCache node stopped gracefully")) {
            throw new AssertionError("member " + i + " did not stop gracefully (exit " + process.process().exitValue() + ")\n"
                    + process.tail(80));
        }
    }

    /** Members currently running, by index. */
    Set<Integer> running() {
        return Set.copyOf(members.keySet());
    }

    /**
     * Waits until {@code expected} members form the cluster and every running member reports
     * itself ready over HTTP: cluster safe (every partition has its backup, no migration) and
     * MongoDB reachable.
     */
    void awaitSafe(int expected) {
        HazelcastInstance observer = observer();
        await("cluster of " + expected + " safe").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> observer.getCluster().getMembers().size() == expected
                        && members.size() == expected
                        && members.keySet().stream().allMatch(this::ready));
    }

    /** The sum of the samples of a metric family on member {@code i}'s {@code /metrics}. */
    double metric(int i, String family) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(health.get(i) + "/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return PrometheusText.parse(body).family(family).orElseThrow(() -> new AssertionError("no " + family + " on member " + i))
                .samples().stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    /** The HTTP status of {@code /health/ready} on every running member (0 when it did not answer). */
    Map<Integer, Integer> readinessStatuses() {
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i : members.keySet()) {
            try {
                statuses.put(i, http.send(HttpRequest.newBuilder(URI.create(health.get(i) + "/health/ready"))
                        // The StatefulSet's probe timeout: a slower answer is a failed probe.
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                statuses.put(i, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                statuses.put(i, 0);
            }
        }
        return statuses;
    }

    private boolean ready(int i) {
        String url = health.get(i);
        if (url == null) {
            return false;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"clusterSafe\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A plain thin client for watching membership. */
    HazelcastInstance observer() {
        if (observer == null) {
            observer = newClient(Optional.empty(), Optional.empty());
        }
        return observer;
    }

    /** A new thin client (with CareCache's near cache) and the facade over it. */
    Client client() {
        return client(Optional.empty());
    }

    /** As {@link #client()}, with the near cache preloader saving its keys in {@code preloadDirectory} every second. */
    Client client(Optional<Path> preloadDirectory) {
        return client(preloadDirectory, false);
    }

    /** As {@link #client()}, with semantic hits through the members' index (members embed the questions). */
    Client semanticClient() {
        return client(Optional.empty(), true);
    }

    private Client client(Optional<Path> preloadDirectory, boolean semantic) {
        HazelcastInstance hz = newClient(Optional.of(CacheSettings.DEFAULTS), preloadDirectory);
        CareCache.Builder cache = CareCache.builder(hz).keyRing(RING).settings(CacheSettings.DEFAULTS);
        if (semantic) {
            cache.semanticIndex(SemanticGrid.index(hz, CacheSettings.DEFAULTS));
        }
        return new Client(hz, cache.build());
    }

    record Client(HazelcastInstance hazelcast, CareCache cache) {
    }

    /** Every log line any member process has written so far, restarts included. */
    List<String> memberLogLines() {
        List<String> lines = new ArrayList<>();
        everyProcess.values().forEach(p -> {
            lines.addAll(p.stdout());
            lines.addAll(p.stderr());
        });
        return lines;
    }

    /**
     * The settings {@code CareCacheClient} applies by default (10 s invocation timeout, 5 s
     * connection timeout, reconnect ON), with a shorter reconnect backoff (0.5-2 s instead of
     * 1-10 s) so a restarted cluster is found quickly.
     */
    private HazelcastInstance newClient(Optional<CacheSettings> cacheSettings, Optional<Path> preloadDirectory) {
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.client.invocation.timeout.seconds", "10");
        config.getNetworkConfig().setConnectionTimeout(5000)
                .setAddresses(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setInitialBackoffMillis(500).setMaxBackoffMillis(2000).setClusterConnectTimeoutMillis(-1);
        cacheSettings.ifPresent(settings -> {
            CareCacheGrid.configureClient(config, settings, preloadDirectory);
            // The shipped preloader saves keys first after 600 s (Hazelcast's default); every second here.
            preloadDirectory.ifPresent(dir -> config.getNearCacheConfig(settings.mapName()).getPreloaderConfig()
                    .setStoreInitialDelaySeconds(1).setStoreIntervalSeconds(1));
        });
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        clients.add(client);
        return client;
    }

    // ---- MongoDB ----

    String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** Starts MongoDB on its port (the first time on a free one), over the same data. */
    void startMongo() {
        if (mongo != null) {
            mongo.shutdownNow();
        }
        mongo = new MongoServer(backend);
        if (mongoPort == 0) {
            mongo.bind("127.0.0.1", 0);
            mongoPort = mongo.getLocalAddress().getPort();
        } else {
            mongo.bind("127.0.0.1", mongoPort);
        }
    }

    /** Closes MongoDB's server socket and every connection: members see it down. The data stays. */
    void stopMongo() {
        mongo.shutdownNow();
    }

    /** The cache keys among {@code expected} that MongoDB does not hold (read directly, not through the grid). */
    Set<String> missingFromMongo(Collection<String> expected) {
        try (MongoClient reader = MongoClients.create(mongoUri())) {
            Set<String> stored = new HashSet<>();
            reader.getDatabase("carecache").getCollection(MongoEntryStore.COLLECTION).find()
                    .projection(Projections.include("_id")).forEach((Document d) -> stored.add(d.getString("_id")));
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(stored);
            return missing;
        }
    }

    /** Waits until MongoDB holds every key of {@code expected}; the write-behind queues have drained them. */
    void awaitInMongo(Collection<String> expected, Duration atMost) {
        await("every acknowledged write in MongoDB").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> missing = missingFromMongo(expected);
                    assertThat(missing).as("%d of %d acknowledged keys not in MongoDB, e.g. %s", missing.size(),
                            expected.size(), missing.stream().limit(3).toList()).isEmpty();
                });
    }

    /** Appends one line to {@code target/reliability/results.txt} and prints it: the figures RELIABILITY.md quotes. */
    static void record(String scenario, String figures) {
        String line = Instant.now() + " " + scenario + ": " + figures;
        System.out.println(line);
        try {
            Path file = Path.of("target", "reliability", "results.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to every running member at once, then waits for each to exit gracefully. */
    void stopAllGracefully() throws InterruptedException {
        Map<Integer, NodeProcess> stopping = new LinkedHashMap<>(members);
        stopping.values().forEach(NodeProcess::terminate);
        for (Map.Entry<Integer, NodeProcess> member : stopping.entrySet()) {
            NodeProcess process = member.getValue();
            if (!process.waitForExit(Duration.ofSeconds(120))) {
                throw new AssertionError("member " + member.getKey() + " did not exit within 120 s of SIGTERM\n" + process.tail(80));
            }
            LIVE.remove(process.process());
            members.remove(member.getKey());
            health.remove(member.getKey());
            if (process.process().exitValue() != 0 || !process.output().contains("CareCache node stopped gracefully")) {
                throw new AssertionError("member " + member.getKey() + " did not stop gracefully (exit "
                        + process.process().exitValue() + ")\n" + process.tail(80));
            }
        }
    }

    private static Optional<String> readyLine(String output) {
        Matcher matcher = READY.matcher(output);
        return matcher.find() ? Optional.of(matcher.group(2)) : Optional.empty();
    }
}
