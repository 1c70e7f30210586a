package io.carecache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
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

import java.util.concurrent.TimeUnit;

/**
 * Reads of one cached answer through each tier, side by side in one run: L1 (near cache hit,
 * decrypt, inflate, JSON) and L2 (thin client to a member on loopback), with the raw
 * {@code IMap.get} of the same entry as the grid's floor, and a Caffeine get of the same plaintext
 * answer as the in-process floor (no key derivation, no decryption, no parsing: what L1 would cost
 * if it held plaintext objects).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=none"})
public class TierReadBenchmark {
    private static final CareContext CONTEXT = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build();

    @Param({"2048", "10240"})
    int answerBytes;

    private GridFixture grid;
    private CareCache l1Cache;
    private CareCache l2Cache;
    private IMap<String, Object> rawMap;
    private CacheRequest request;
    private String key;
    private Cache<String, CareResponse> caffeine;
    private String caffeineKey;

    @Setup(Level.Trial)
    public void setUp() {
        CacheSettings settings = CacheSettings.DEFAULTS;
        grid = new GridFixture(settings);
        KeyRing ring = KeyRing.generate("bench");
        HazelcastInstance nearClient = grid.clientWithNearCache(settings);
        HazelcastInstance plainClient = grid.clientWithoutNearCache(settings);
        l1Cache = CareCache.builder(nearClient).keyRing(ring).build();
        l2Cache = CareCache.builder(plainClient).keyRing(ring).build();
        request = CacheRequest.shared("I'm feeling anxious about my diabetes", CONTEXT);
        l1Cache.store(request, Answers.ofBytes(answerBytes, 42));
        expect(l1Cache.lookup(request), Tier.L2);
        expect(l1Cache.lookup(request), Tier.L1);
        expect(l2Cache.lookup(request), Tier.L2);
        rawMap = plainClient.getMap(settings.mapName());
        key = rawMap.keySet().iterator().next();
        caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
        caffeineKey = request.query();
        caffeine.put(caffeineKey, l1Cache.lookup(request).response().orElseThrow());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        grid.close();
    }

    @Benchmark
    public LookupResult l1Hit() {
        return l1Cache.lookup(request);
    }

    @Benchmark
    public LookupResult l2Hit() {
        return l2Cache.lookup(request);
    }

    /** The in-process floor: a plaintext answer from a Caffeine cache under the raw query text. */
    @Benchmark
    public CareResponse caffeineGet() {
        return caffeine.getIfPresent(caffeineKey);
    }

    @Benchmark
    public Object rawClientMapGet() {
        return rawMap.get(key);
    }

    private static void expect(LookupResult result, Tier tier) {
        if (result.tier() != tier) {
            throw new IllegalStateException("benchmark setup expected " + tier + " but got " + result.tier());
        }
    }
}
