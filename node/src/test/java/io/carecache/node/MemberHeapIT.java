package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.internal.keys.QueryCanonicalizer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No plaintext in a member's memory: a member runs as its own process (the packaged jar, {@code serve}),
 * a client in this JVM stores answers carrying distinctive markers and reads them back, then the
 * member's whole heap — unreachable objects included ({@code jcmd GC.heap_dump -all}) — is dumped
 * and its bytes scanned for every marker and query, in UTF-8/Latin-1 and in UTF-16 (both byte
 * orders). A heap histogram would only show classes and counts; the dump scan sees every byte.
 * As a control, the cache keys the member does hold must be found.
 */
class MemberHeapIT {
    private static final Pattern READY = Pattern.compile("CareCache node ready: member=(\\S+) health=");
    private static final int ANSWERS = 50;
    private static final CareContext CONTEXT = CareContext.builder("model-heap", "prompt-heap").careContext("copd").build();
    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
            StandardCharsets.UTF_16LE);

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    private NodeProcess node;
    private HazelcastInstance client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void memberHeap_afterStoringAndReadingMarkedAnswers_holdsNoMarkerOrQuery() throws Exception {
        int memberPort = FreePorts.next();
        String clusterName = "heap-it-" + UUID.randomUUID();
        node = NodeProcess.start(logs, Map.of(
                "CARECACHE_EMBEDDED_DATA_DIR", dataDir.toString(),
                "CARECACHE_MEMBER_PORT", Integer.toString(memberPort),
                "CARECACHE_CLUSTER_MEMBERS", "127.0.0.1:" + memberPort,
                "CARECACHE_CLUSTER_NAME", clusterName,
                "CARECACHE_HEALTH_PORT", "0"), "serve");
        awaitReady();
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + memberPort);
        CareCacheGrid.configureClient(config, CacheSettings.DEFAULTS, Optional.empty());
        client = HazelcastClient.newHazelcastClient(config);
        CareCache cache = CareCache.builder(client).keyRing(KeyRing.generate("heap")).build();

        Map<String, String> secrets = new LinkedHashMap<>(); // secret -> what it is
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < ANSWERS; i++) {
            String id = token();
            String query = "how do I clear phlegm qmark" + id + " in the morning " + i;
            CacheRequest request = CacheRequest.shared(query, CONTEXT);
            CareResponse answer = new CareResponse("breathe in slowly, huff twice (amark" + id + ")", List.of("smark" + id), 0.7);
            if (cache.store(request, answer).stored()) {
                assertThat(cache.lookup(request).response()).contains(answer);
                keys.add(CacheKeys.key(request));
            }
            secrets.put("qmark" + id, "query marker");
            secrets.put(QueryCanonicalizer.canonicalize(query), "canonical query");
            secrets.put("amark" + id, "answer marker");
            secrets.put("smark" + id, "source marker");
        }
        assertThat(keys).hasSizeGreaterThan(ANSWERS / 2);

        Path dump = logs.resolve("member.hprof");
        heapDump(node.process().pid(), dump);

        Map<String, Long> found = scan(dump, secrets.keySet(), keys.subList(0, 5));
        System.out.printf("heap dump scan: %d bytes, %d secrets x %d encodings, found: %s%n",
                Files.size(dump), secrets.size(), ENCODINGS.size(), found.keySet());
        assertThat(keys.subList(0, 5)).as("control: cache keys the member holds are in the dump")
                .anySatisfy(k -> assertThat(found).containsKey(k));
        assertThat(found.keySet()).as("plaintext in the member heap").doesNotContainAnyElementsOf(secrets.keySet());
    }

    private static void heapDump(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_dump", "-all", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(file).as(out).isRegularFile();
    }

    /** Which needles occur in the file, in any of {@link #ENCODINGS}; read in overlapping chunks. */
    private static Map<String, Long> scan(Path file, Iterable<String> secrets, List<String> controls) throws IOException {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        int longest = 0;
        List<String> all = new ArrayList<>(controls);
        secrets.forEach(all::add);
        for (String needle : all) {
            List<String> forms = new ArrayList<>();
            for (Charset cs : ENCODINGS) {
                String form = new String(needle.getBytes(cs), StandardCharsets.ISO_8859_1);
                forms.add(form);
                longest = Math.max(longest, form.length());
            }
            patterns.put(needle, forms);
        }
        Map<String, Long> found = new LinkedHashMap<>();
        byte[] buffer = new byte[8 * 1024 * 1024];
        int carry = 0;
        long offset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.readNBytes(buffer, carry, buffer.length - carry)) > 0) {
                int length = carry + n;
                String chunk = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
                for (Map.Entry<String, List<String>> e : patterns.entrySet()) {
                    for (String form : e.getValue()) {
                        int at = chunk.indexOf(form);
                        if (at >= 0) {
                            found.putIfAbsent(e.getKey(), offset + at);
                        }
                    }
                }
                carry = Math.min(longest - 1, length);
                System.arraycopy(buffer, length - carry, buffer, 0, carry);
                offset += length - carry;
            }
        }
        return found;
    }

    private String awaitReady() {
        try {
            return await("the ready line").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Matcher m = READY.matcher(node.output());
                        return m.find() ? Optional.of(m.group(1)) : Optional.<String>empty();
                    }, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + node.output(), e);
        }
    }

    private static String token() {
        StringBuilder out = new StringBuilder("zq");
        for (int i = 0; i < 12; i++) {
            out.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return out.toString();
    }
}
