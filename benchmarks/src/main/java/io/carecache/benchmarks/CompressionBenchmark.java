package io.carecache.benchmarks;

import io.carecache.CacheSettings;
import io.carecache.KeyRing;
import io.carecache.internal.crypto.EnvelopeCodec;
import io.carecache.internal.crypto.JceAesGcm;
import io.carecache.internal.grid.CacheEntry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The envelope at each deflate level the settings allow (1, 6, 9; 0 = compression off): sealing
 * (JSON, deflate, AES-GCM) and opening (AES-GCM, inflate, JSON) one answer. The size ratio of each
 * level is printed at setup ({@link #sizes}), since JMH measures time only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressionBenchmark {
    private static final String KEY = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final EnvelopeCodec.EntryMetadata META =
            new EnvelopeCodec.EntryMetadata(0, Long.MAX_VALUE, "fp", List.of("diabetes"), "shared", "");

    @Param({"2048", "10240"})
    int answerBytes;

    @Param({"0", "1", "6", "9"})
    int level;

    private EnvelopeCodec codec;
    private KeyRing ring;
    private io.carecache.CareResponse answer;
    private CacheEntry sealed;

    @Setup
    public void setUp() {
        ring = KeyRing.generate("bench");
        codec = new EnvelopeCodec(ring, settings(level), new JceAesGcm());
        answer = Answers.ofBytes(answerBytes, 42);
        sealed = seal();
        System.out.println();
        System.out.println(sizes(answerBytes, level));
    }

    /** One line: JSON bytes, sealed ciphertext bytes and their ratio at a level. */
    static String sizes(int answerBytes, int level) {
        EnvelopeCodec codec = new EnvelopeCodec(KeyRing.generate("sizes"), settings(level), new JceAesGcm());
        byte[] json = codec.serialize(Answers.ofBytes(answerBytes, 42));
        int jsonBytes = json.length;
        CacheEntry entry = codec.seal(KEY, json, META);
        return String.format("sizes: answer %d B, level %d: JSON %d B -> ciphertext %d B (ratio %.3f)", answerBytes,
                level, jsonBytes, entry.ciphertext().length, entry.ciphertext().length / (double) jsonBytes);
    }

    private static CacheSettings settings(int level) {
        return CacheSettings.builder().compression(level > 0, Math.max(1, level)).build();
    }

    @Benchmark
    public CacheEntry seal() {
        return codec.seal(KEY, codec.serialize(answer), META);
    }

    @Benchmark
    public Optional<io.carecache.CareResponse> open() {
        return codec.open(KEY, sealed);
    }

    /**
     * Prints, for every level and size, the size ratio and the calling thread's CPU time per seal
     * and per open (after JIT warm-up), without JMH: thread CPU time holds up on a loaded machine
     * where JMH's wall-clock averages do not.
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int n = 20_000;
        for (int bytes : new int[] {2048, 10240}) {
            for (int level : new int[] {0, 1, 6, 9}) {
                CompressionBenchmark b = new CompressionBenchmark();
                b.answerBytes = bytes;
                b.level = level;
                b.setUp();
                for (int i = 0; i < n; i++) {
                    b.seal();
                    b.open();
                }
                long t0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    b.seal();
                }
                long t1 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    b.open();
                }
                long t2 = threads.getCurrentThreadCpuTime();
                System.out.printf("cpu: answer %d B, level %d: seal %.2f us, open %.2f us (thread CPU per operation)%n",
                        bytes, level, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
            }
        }
    }
}
