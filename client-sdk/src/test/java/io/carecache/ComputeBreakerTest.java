package io.carecache;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The circuit breaker around the caller's pipeline in {@code getOrCompute}. */
class ComputeBreakerTest {
    /** Opens when 2 of the last 4 calls failed; stays open 1 s; one good trial call closes it. */
    static final ComputeSettings COMPUTE = ComputeSettings.builder().breaker(50, 4, Duration.ofSeconds(1), 1).build();

    static TestGrid grid;
    CareCache cache;

    @BeforeAll
    static void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        grid.member();
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    @BeforeEach
    void newFacade() {
        cache = CareCache.builder(grid.client()).keyRing(KeyRing.generate("k1")).compute(COMPUTE).build();
    }

    @AfterEach
    void closeFacade() {
        cache.close();
    }

    static CacheRequest newQuestion() {
        return CacheRequest.shared("Can I take my insulin late? " + UUID.randomUUID(), CareCacheContract.CONTEXT);
    }

    void failFourTimes() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> cache.getOrCompute(newQuestion(), r -> {
                throw new IOException("LLM unavailable");
            })).isInstanceOf(ComputeFailedException.class);
        }
    }

    @Test
    void stats_freshFacade_reportsPipelineBreakerClosed() {
        assertThat(cache.stats().protection().circuitStates()).containsEntry("pipeline", "CLOSED");
    }

    @Test
    void getOrCompute_pipelineKeepsFailing_breakerOpensAndFailsFastWithoutRunningTheLoader() {
        failFourTimes();
        assertThat(cache.stats().protection().circuitStates()).containsEntry("pipeline", "OPEN");
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> cache.getOrCompute(newQuestion(), r -> {
            calls.incrementAndGet();
            return CareCacheContract.ANSWER;
        })).isInstanceOf(PipelineUnavailableException.class).hasMessageContaining(ComputeSettings.BREAKER_OPEN);
        assertThat(calls).hasValue(0);
    }

    @Test
    void getOrCompute_breakerOpen_cachedAnswersAreStillServed() {
        CacheRequest answered = newQuestion();
        cache.store(answered, CareCacheContract.ANSWER);
        failFourTimes();
        LookupResult result = cache.getOrCompute(answered, r -> {
            throw new AssertionError("the loader must not run for a cached answer");
        });
        assertThat(result.isHit()).isTrue();
        assertThat(result.response()).contains(CareCacheContract.ANSWER);
        assertThat(cache.stats().protection().circuitStates()).containsEntry("pipeline", "OPEN");
    }

    @Test
    void getOrCompute_afterOpenDuration_breakerClosesOnASuccessfulTrial() {
        failFourTimes();
        CacheRequest request = newQuestion();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .ignoreException(PipelineUnavailableException.class)
                .untilAsserted(() -> assertThat(cache.getOrCompute(request, r -> CareCacheContract.ANSWER).response())
                        .contains(CareCacheContract.ANSWER));
        assertThat(cache.stats().protection().circuitStates()).containsEntry("pipeline", "CLOSED");
        assertThat(cache.stats().toMap().get("protection").toString()).contains("circuit_states={pipeline=CLOSED}");
    }

    @Test
    void getOrCompute_occasionalFailures_keepTheBreakerClosed() {
        for (int i = 0; i < 3; i++) {
            cache.getOrCompute(newQuestion(), r -> CareCacheContract.ANSWER);
        }
        assertThatThrownBy(() -> cache.getOrCompute(newQuestion(), r -> {
            throw new IOException("LLM unavailable");
        })).isInstanceOf(ComputeFailedException.class);
        assertThat(cache.stats().protection().circuitStates()).containsEntry("pipeline", "CLOSED");
    }
}
