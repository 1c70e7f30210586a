package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A PHI-heavy run — cluster start, lookups, stores, computes and failures with identifiers in
 * queries, contexts and answers — leaves none of the identifiers in standard output, standard
 * error (where Hazelcast logs through SLF4J) or java.util.logging.
 */
class PhiLoggingTest {
    private static final List<String> PHI = List.of("Gregory Havelock", "503-555-0148", "123-45-6789",
            "33019284", "greg.havelock@example.com", "1HGCM82633A004352", "4012 8888 8888 1881", "Priya Raghunathan");

    @Test
    void phiHeavyRun_logsNoneOfTheIdentifiers() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        List<String> julRecords = new ArrayList<>();
        Handler jul = new Handler() {
            @Override
            public void publish(LogRecord record) {
                julRecords.add(String.valueOf(record.getMessage()) + " " + String.valueOf(record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level originalLevel = root.getLevel();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        root.addHandler(jul);
        root.setLevel(Level.ALL);
        try (TestGrid grid = new TestGrid(CacheSettings.DEFAULTS)) {
            HazelcastInstance member = grid.member();
            CareCache cache = CareCache.builder(member).keyRing(KeyRing.generate("k1")).build();
            runPhiTraffic(cache);
            cache.close();
        } finally {
            root.removeHandler(jul);
            root.setLevel(originalLevel);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String logs = captured.toString(StandardCharsets.UTF_8) + String.join("\n", julRecords);

        assertThat(logs).as("Hazelcast's own log lines must be captured, or this test proves nothing")
                .containsIgnoringCase("hazelcast");
        assertThat(logs).doesNotContain(PHI);
    }

    private static void runPhiTraffic(CareCache cache) {
        CareContext context = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes")
                .cohort("record", "MRN 33019284").build();
        CareContext plain = CareContext.builder("llm-2026-10", "prompt-7").careContext("diabetes").build();
        CareResponse answer = new CareResponse("Mr. Gregory Havelock, call 503-555-0148; VIN 1HGCM82633A004352 noted.",
                List.of(), 0.9);
        cache.lookup(CacheRequest.shared("My name is Gregory Havelock, SSN 123-45-6789", plain));
        cache.lookup(CacheRequest.shared("How do I lower my A1C?", context));
        cache.store(CacheRequest.shared("email me at greg.havelock@example.com", plain), answer);
        cache.store(CacheRequest.shared("When is my follow-up?", plain), answer);
        cache.getOrCompute(CacheRequest.shared("What is my next dose?", plain), q -> answer);
        cache.getOrCompute(CacheRequest.shared("I'm Priya Raghunathan, card 4012 8888 8888 1881", plain), q -> answer);
        Throwable failure = catchThrowable(() -> cache.getOrCompute(
                CacheRequest.shared("call 503-555-0148 about my refill", plain), q -> {
                    throw new IllegalStateException("pipeline down");
                }));
        assertThat(failure).isInstanceOf(ComputeFailedException.class);
        System.err.println(cache.stats().toMap());
        System.err.println(PhiScreener.create(PhiPolicy.SEED).screen("SSN 123-45-6789 for Gregory Havelock"));
    }
}
