package io.carecache.benchmarks;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.internal.crypto.EnvelopeCodec;
import io.carecache.internal.crypto.JceAesGcm;
import io.carecache.internal.grid.CacheEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An L2 hit from a thin client against a Redis {@code GET} of the same bytes (Jedis, one
 * connection, loopback), side by side: the raw reads (client {@code IMap.get} vs {@code GET} of
 * the sealed envelope) and the full reads (CareCache {@code lookup} vs {@code GET} + the same
 * decrypt, inflate and JSON). Redis is found at {@code -Dcarecache.redis.port} (default 6379) on
 * 127.0.0.1; {@code benchmarks/run-redis-compare.sh} starts one. Run through {@link #main}, the
 * benchmark is skipped with a message when no Redis answers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=none"})
public class RedisCompareBenchmark {
    static final String PORT_PROPERTY = "carecache.redis.port";
    private static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build();

    @Param({"2048", "10240"})
    int answerBytes;

    private GridFixture grid;
    private CareCache l2Cache;
    private IMap<String, CacheEntry> rawMap;
    private Jedis redis;
    private CacheRequest request;
    private String key;
    private byte[] redisKey;
    private CacheEntry template;
    private EnvelopeCodec codec;
    private KeyRing ring;

    /** Runs this benchmark (JMH options as arguments), or says why not when no Redis answers. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        int port = redisPort();
        if (!reachable(port)) {
            System.out.println("RedisCompareBenchmark skipped: no Redis answers on 127.0.0.1:" + port
                    + " (start one with benchmarks/run-redis-compare.sh, or pass -D" + PORT_PROPERTY + "=<port>)");
            return;
        }
        CommandLineOptions cli = new CommandLineOptions(args);
        // Keep the caller's -jvmArgsAppend (e.g. Hazelcast I/O properties to compare) beside the port.
        List<String> jvmArgs = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
        jvmArgs.add("-D" + PORT_PROPERTY + "=" + port);
        new Runner(new OptionsBuilder().parent(cli).include(RedisCompareBenchmark.class.getSimpleName())
                .jvmArgsAppend(jvmArgs.toArray(String[]::new)).build()).run();
    }

    static int redisPort() {
        return Integer.getInteger(PORT_PROPERTY, 6379);
    }

    static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        int port = redisPort();
        if (!reachable(port)) {
            throw new IllegalStateException("RedisCompareBenchmark skipped: no Redis answers on 127.0.0.1:" + port
                    + " (start one with benchmarks/run-redis-compare.sh)");
        }
        CacheSettings settings = CacheSettings.DEFAULTS;
        grid = new GridFixture(settings);
        ring = KeyRing.generate("bench");
        HazelcastInstance plainClient = grid.clientWithoutNearCache(settings);
        l2Cache = CareCache.builder(plainClient).keyRing(ring).build();
        request = CacheRequest.shared("I'm feeling anxious about my diabetes", CONTEXT);
        l2Cache.store(request, Answers.ofBytes(answerBytes, 42));
        LookupResult first = l2Cache.lookup(request);
        if (first.tier() != Tier.L2) {
            throw new IllegalStateException("benchmark setup expected L2 but got " + first.tier());
        }
        rawMap = plainClient.getMap(settings.mapName());
        key = rawMap.keySet().iterator().next();
        template = rawMap.get(key);
        codec = new EnvelopeCodec(ring, settings, new JceAesGcm());
        redis = new Jedis("127.0.0.1", port);
        redisKey = key.getBytes(StandardCharsets.US_ASCII);
        // The same bytes the grid holds: the sealed envelope (nonce + ciphertext).
        redis.set(redisKey, envelopeBytes(template));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            redis.del(redisKey);
            redis.close();
        }
        if (grid != null) {
            grid.close();
        }
    }

    /** CareCache {@code lookup} answered by L2: key derivation, PHI screen, IMap.get, decrypt, inflate, JSON. */
    @Benchmark
    public LookupResult l2Lookup() {
        return l2Cache.lookup(request);
    }

    /** Redis GET of the envelope plus the same decrypt, inflate and JSON as L2. */
    @Benchmark
    public Object redisGetAndOpen() {
        byte[] bytes = redis.get(redisKey);
        return codec.open(key, fromEnvelope(bytes), ring.secretKey(template.keyId()).orElseThrow());
    }

    /** The grid's floor: a thin client's IMap.get of the entry. */
    @Benchmark
    public Object rawClientMapGet() {
        return rawMap.get(key);
    }

    /** Redis's floor: GET of the same envelope bytes. */
    @Benchmark
    public byte[] redisGet() {
        return redis.get(redisKey);
    }

    private static byte[] envelopeBytes(CacheEntry entry) {
        byte[] out = new byte[entry.nonce().length + entry.ciphertext().length];
        System.arraycopy(entry.nonce(), 0, out, 0, entry.nonce().length);
        System.arraycopy(entry.ciphertext(), 0, out, entry.nonce().length, entry.ciphertext().length);
        return out;
    }

    private CacheEntry fromEnvelope(byte[] bytes) {
        int n = template.nonce().length;
        byte[] nonce = java.util.Arrays.copyOfRange(bytes, 0, n);
        byte[] ciphertext = java.util.Arrays.copyOfRange(bytes, n, bytes.length);
        return new CacheEntry(template.key(), template.keyId(), nonce, ciphertext, template.flags(),
                template.createdAtMillis(), template.expiresAtMillis(), template.fingerprint(), template.careContexts(),
                template.semanticCluster(), template.scope(), template.subjectHash(), template.origin());
    }
}
