package io.carecache.benchmarks;

import io.carecache.PhiPolicy;
import io.carecache.PhiScreenResult;
import io.carecache.PhiScreener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * PHI screening throughput on one thread for 200-character messages, half clean medical
 * questions and half carrying identifiers (names, phones, dates, IDs, addresses). Target:
 * 20,000 screens per second on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PhiScreenBenchmark {
    private static final String[] SEEDS = {
        "What helps with migraines besides ibuprofen? I get them twice a week and my doctor suggested keeping a diary.",
        "My name is Gregory Havelock and my migraines are getting worse, please call me at 503-555-0148 tomorrow.",
        "Can Parkinson's disease cause hallucinations in older adults, and should the dose of levodopa be lowered?",
        "MRN 33019284 - when is my colonoscopy? I was born 05/17/1944 and my daughter Siobhan will drive me there.",
        "Is it safe to take Tylenol with Eliquis after a knee replacement, or should I ask the pharmacist first?",
        "Deliver my oxygen tanks to 310 Birch Lane, Dayton OH 45402; my Medicare MBI is 5TG2-QW8-JN44, thanks.",
        "How much vitamin D should a 70 year old take in winter if their levels were low at the last blood test?",
        "i am chen wei li and my insulin pump serial number is 22119384755, it keeps beeping at night, help."
    };

    private String[] messages;
    private PhiScreener screener;
    private int next;

    @Setup
    public void setUp() {
        PhiScreener.warmUp();
        screener = PhiScreener.create(PhiPolicy.SEED);
        messages = new String[SEEDS.length];
        for (int i = 0; i < SEEDS.length; i++) {
            messages[i] = toLength(SEEDS[i], 200);
        }
    }

    /** Pads with the message's own words (or cuts at a word) to exactly {@code length} characters. */
    static String toLength(String seed, int length) {
        StringBuilder b = new StringBuilder(seed);
        while (b.length() < length) {
            int room = length - b.length() - 1;
            b.append(' ').append(seed, 0, Math.max(0, Math.min(seed.length(), room)));
        }
        b.setLength(length);
        return b.toString();
    }

    @Benchmark
    public PhiScreenResult screen200Chars() {
        String m = messages[next];
        next = (next + 1) % messages.length;
        return screener.screen(m);
    }
}
