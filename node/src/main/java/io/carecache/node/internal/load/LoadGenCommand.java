package io.carecache.node.internal.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.cluster.Member;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.KeyRing;
import io.carecache.RateLimitSettings;
import io.carecache.node.internal.cli.CliCommand;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code loadgen}: a thin client driving members that already run ({@code serve}): the seed's load
 * test (1000 requests at once, 100 distinct questions, 50 users), a longer Zipf run with surface
 * variants, paraphrases and PHI-bearing questions, and a memory run (10,000 answers of ~10 KB,
 * member heap after GC before and after). Prints a table per scenario, with {@code --json} one
 * JSON line each. The per-user rate limit is off: the generator measures the tiers, not the limiter.
 */
public final class LoadGenCommand implements CliCommand {
    private static final long SEED = 20261124L;

    @Override
    public String name() {
        return "loadgen";
    }

    @Override
    public String summary() {
        return "drive running members with the seed's load test, a Zipf run and a memory run "
                + "--members HOST:PORT[,..] [--cluster NAME] [--scenario seed|zipf|memory|all] [--json] (see --help)";
    }

    @Override
    public int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.println(Options.USAGE);
            return EXIT_USAGE;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return EXIT_OK;
        }
        System.setProperty("hazelcast.logging.type", "slf4j");
        System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
        ClientConfig config = new ClientConfig().setClusterName(options.cluster);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        options.members.forEach(m -> config.getNetworkConfig().addAddress(m));
        HazelcastInstance client = HazelcastClient.newHazelcastClient(
                CareCacheGrid.configureClient(config, CacheSettings.DEFAULTS, Optional.empty()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.maxSeconds);
        ObjectMapper json = new ObjectMapper();
        try (CareCache cache = CareCache.builder(client).keyRing(KeyRing.generate("loadgen"))
                .rateLimits(RateLimitSettings.DISABLED).build()) {
            List<Map<String, Object>> results = new ArrayList<>();
            if (options.runs("seed")) {
                List<LoadWorkload.Draw> draws = new ArrayList<>();
                LoadWorkload workload = LoadWorkload.seed(SEED, options.users);
                for (int i = 0; i < options.seedRequests; i++) {
                    draws.add(workload.next());
                }
                // Cold: every distinct question misses once (the others wait for its single flight);
                // warm: the same 1000 requests again, now answered by the tiers; later passes: the
                // same again, as a long-running process (JIT-compiled, near cache settled) answers them.
                for (String pass : seedPasses(options.seedPasses)) {
                    LoadReport report = new LoadReport(pass);
                    drive(cache, draws, options.seedRequests, options, report, deadline);
                    results.add(report.toJson());
                    report.printTable(System.out);
                }
            }
            if (options.runs("zipf")) {
                LoadReport report = new LoadReport("zipf");
                List<LoadWorkload.Draw> draws = new ArrayList<>();
                LoadWorkload workload = LoadWorkload.zipf(SEED + 1, options.users, options.zipfExponent,
                        options.paraphraseFraction, options.phiFraction);
                for (int i = 0; i < options.requests; i++) {
                    draws.add(workload.next());
                }
                drive(cache, draws, options.concurrency, options, report, deadline);
                results.add(report.toJson());
                report.printTable(System.out);
            }
            if (options.runs("memory")) {
                Map<String, Object> memory = memory(client, cache, options, deadline);
                results.add(memory);
                System.out.printf("%nscenario memory: %s%n", memory);
            }
            if (options.json) {
                for (Map<String, Object> r : results) {
                    System.out.println(json.writeValueAsString(r));
                }
            }
            return EXIT_OK;
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("loadgen failed: " + e);
            return EXIT_FAILURE;
        } finally {
            client.shutdown();
        }
    }

    /** Names of the seed test's passes: cold, warm, then warm-3, warm-4, ... */
    static List<String> seedPasses(int passes) {
        List<String> names = new ArrayList<>(List.of("seed-cold", "seed-warm"));
        for (int pass = 3; pass <= passes; pass++) {
            names.add("seed-warm-" + pass);
        }
        return names;
    }

    /** Runs every draw through {@code getOrCompute} on {@code threads} threads released together. */
    private static void drive(CareCache cache, List<LoadWorkload.Draw> draws, int threads, Options options,
                              LoadReport report, long deadline) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = next.getAndIncrement(); i < draws.size() && System.nanoTime() < deadline;
                     i = next.getAndIncrement()) {
                    LoadWorkload.Draw draw = draws.get(i);
                    try {
                        report.record(cache.getOrCompute(draw.request(), request -> {
                            report.pipelineCall();
                            Thread.sleep(options.llmMillis);
                            return LoadWorkload.answer(request, options.answerBytes, draw.question());
                        }));
                    } catch (RuntimeException e) {
                        report.error(e);
                    }
                }
                return null;
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        pool.shutdown();
        long left = Math.max(1, deadline - System.nanoTime());
        if (!pool.awaitTermination(left + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            pool.shutdownNow();
        }
        report.finished(System.nanoTime() - began);
    }

    private static Map<String, Object> memory(HazelcastInstance client, CareCache cache, Options options, long deadline)
            throws InterruptedException {
        String mapName = CacheSettings.DEFAULTS.mapName();
        IExecutorService executor = client.getExecutorService("carecache-loadgen-probe");
        Map<Member, long[]> before = probe(executor, mapName);
        CareContext context = CareContext.builder(LoadWorkload.MODEL, LoadWorkload.PROMPT).careContext("general").build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        long began = System.nanoTime();
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < options.memoryEntries && System.nanoTime() < deadline;
                     i = next.getAndIncrement()) {
                    CacheRequest request = CacheRequest.shared(MemoryQuestions.question(i), context);
                    cache.store(request, LoadWorkload.answer(request, options.memoryAnswerBytes, i));
                    stored.incrementAndGet();
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(Math.max(1, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS);
        pool.shutdownNow();
        double storeSeconds = (System.nanoTime() - began) / 1e9;
        client.getMap(mapName).flush(); // write-behind queues hold entries too: measure the settled state
        Map<Member, long[]> after = probe(executor, mapName);
        long heapBefore = before.values().stream().mapToLong(v -> v[HeapProbe.USED_HEAP]).sum();
        long heapAfter = after.values().stream().mapToLong(v -> v[HeapProbe.USED_HEAP]).sum();
        long owned = after.values().stream().mapToLong(v -> v[HeapProbe.OWNED_COST]).sum();
        long backup = after.values().stream().mapToLong(v -> v[HeapProbe.BACKUP_COST]).sum();
        long ownedEntries = after.values().stream().mapToLong(v -> v[HeapProbe.OWNED_ENTRIES]).sum();
        long backupEntries = after.values().stream().mapToLong(v -> v[HeapProbe.BACKUP_ENTRIES]).sum();
        int n = Math.max(1, stored.get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "memory");
        out.put("members", after.size());
        out.put("entries_stored", stored.get());
        out.put("answer_bytes", options.memoryAnswerBytes);
        out.put("store_seconds", storeSeconds);
        out.put("owned_entries", ownedEntries);
        out.put("backup_entries", backupEntries);
        out.put("heap_growth_mb", (heapAfter - heapBefore) / 1e6);
        out.put("heap_growth_per_entry_bytes", (heapAfter - heapBefore) / n);
        out.put("entry_memory_cost_mb", (owned + backup) / 1e6);
        out.put("entry_memory_cost_per_entry_bytes", (owned + backup) / n);
        return out;
    }

    private static Map<Member, long[]> probe(IExecutorService executor, String mapName) throws InterruptedException {
        Map<Member, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<Member, Future<long[]>> e : executor.submitToAllMembers(new HeapProbe(mapName)).entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
                throw new IllegalStateException("heap probe failed on " + e.getKey() + ": " + ex, ex);
            }
        }
        return out;
    }

    /** Command-line options with the seed's defaults. */
    static final class Options {
        static final String USAGE = """
                usage: carecache-node loadgen --members HOST:PORT[,HOST:PORT..] [options]
                  --cluster NAME            cluster name (default carecache)
                  --scenario S              seed | zipf | memory | all (default all)
                  --users N                 distinct users (default 50)
                  --seed-requests N         requests of the seed's test, all at once (default 1000)
                  --seed-passes N           passes of those requests: cold, warm, then warm again (default 10)
                  --requests N              requests of the Zipf run (default 20000)
                  --concurrency N           client threads of the Zipf run (default 16)
                  --zipf-exponent X         (default 1.1)
                  --paraphrase-fraction X   reworded questions in the Zipf run (default 0.1)
                  --phi-fraction X          questions carrying PHI in the Zipf run (default 0.05)
                  --llm-millis N            simulated pipeline time per miss (default 25)
                  --answer-bytes N          answer size (default 2048)
                  --memory-entries N        answers stored by the memory run (default 10000)
                  --memory-answer-bytes N   their size (default 10240)
                  --max-seconds N           bound on the whole run (default 300)
                  --json                    one JSON line per scenario at the end""";

        List<String> members = List.of();
        String cluster = "carecache";
        String scenario = "all";
        int users = 50;
        int seedRequests = 1000;
        int seedPasses = 10;
        int requests = 20_000;
        int concurrency = 16;
        double zipfExponent = 1.1;
        double paraphraseFraction = 0.1;
        double phiFraction = 0.05;
        long llmMillis = 25;
        int answerBytes = 2048;
        int memoryEntries = 10_000;
        int memoryAnswerBytes = 10_240;
        long maxSeconds = 300;
        boolean json;
        boolean help;

        boolean runs(String name) {
            return scenario.equals("all") || scenario.equals(name);
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> o.json = true;
                    case "--help", "-h" -> o.help = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--members" -> o.members = List.of(v.split(","));
                            case "--cluster" -> o.cluster = v;
                            case "--scenario" -> {
                                if (!List.of("seed", "zipf", "memory", "all").contains(v)) {
                                    throw new IllegalArgumentException("--scenario must be seed, zipf, memory or all, not '" + v + "'");
                                }
                                o.scenario = v;
                            }
                            case "--users" -> o.users = whole(a, v, 1, 1_000_000);
                            case "--seed-requests" -> o.seedRequests = whole(a, v, 1, 100_000);
                            case "--seed-passes" -> o.seedPasses = whole(a, v, 2, 1_000);
                            case "--requests" -> o.requests = whole(a, v, 1, 100_000_000);
                            case "--concurrency" -> o.concurrency = whole(a, v, 1, 4096);
                            case "--zipf-exponent" -> o.zipfExponent = fraction(a, v, 0.01, 5);
                            case "--paraphrase-fraction" -> o.paraphraseFraction = fraction(a, v, 0, 1);
                            case "--phi-fraction" -> o.phiFraction = fraction(a, v, 0, 1);
                            case "--llm-millis" -> o.llmMillis = whole(a, v, 0, 60_000);
                            case "--answer-bytes" -> o.answerBytes = whole(a, v, 16, 1_000_000);
                            case "--memory-entries" -> o.memoryEntries = whole(a, v, 1, 10_000_000);
                            case "--memory-answer-bytes" -> o.memoryAnswerBytes = whole(a, v, 16, 1_000_000);
                            case "--max-seconds" -> o.maxSeconds = whole(a, v, 1, 86_400);
                            default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                        }
                    }
                }
            }
            if (o.members.isEmpty() && !o.help) {
                throw new IllegalArgumentException("--members is required (the members' HOST:PORT, comma-separated)");
            }
            if (o.paraphraseFraction + o.phiFraction > 1) {
                throw new IllegalArgumentException("--paraphrase-fraction plus --phi-fraction must not exceed 1");
            }
            return o;
        }

        private static int whole(String option, String value, int min, int max) {
            return bounded(option, value, Integer::valueOf, min, max, "a whole number");
        }

        private static double fraction(String option, String value, double min, double max) {
            return bounded(option, value, Double::valueOf, min, max, "a number");
        }

        private static <T extends Comparable<T>> T bounded(String option, String value, Function<String, T> parse,
                                                           T min, T max, String kind) {
            try {
                T x = parse.apply(value);
                if (x.compareTo(min) >= 0 && x.compareTo(max) <= 0) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " takes " + kind + " from " + min + " to " + max + ", not '" + value + "'");
        }
    }
}
