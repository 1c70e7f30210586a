package io.carecache.node.internal.load;

import io.carecache.PhiPolicy;
import io.carecache.PhiScreener;
import io.carecache.internal.keys.CacheKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadWorkloadTest {

    private static List<LoadWorkload.Draw> draws(LoadWorkload workload, int n) {
        List<LoadWorkload.Draw> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(workload.next());
        }
        return out;
    }

    @Test
    void seed_thousandsOfDraws_useTheHundredQuestionsAndFiftyUsers() {
        List<LoadWorkload.Draw> draws = draws(LoadWorkload.seed(1, 50), 5_000);

        Set<String> keys = new HashSet<>();
        Set<String> users = new HashSet<>();
        draws.forEach(d -> {
            keys.add(CacheKeys.key(d.request()));
            users.add(d.userId());
        });

        assertThat(keys).hasSize(100);
        assertThat(users).hasSize(50);
        assertThat(draws).allMatch(d -> d.kind() == LoadWorkload.Kind.EXACT);
    }

    @Test
    void seed_sameSeed_drawsTheSameSequence() {
        List<String> first = draws(LoadWorkload.seed(7, 50), 200).stream().map(d -> d.userId() + d.request().query()).toList();
        List<String> second = draws(LoadWorkload.seed(7, 50), 200).stream().map(d -> d.userId() + d.request().query()).toList();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void zipf_surfaceVariants_shareTheKeyOfTheirQuestion() {
        Map<Integer, String> exactKeys = new HashMap<>();
        List<LoadWorkload.Draw> draws = draws(LoadWorkload.zipf(3, 50, 1.1, 0.1, 0.05), 5_000);
        draws.stream().filter(d -> d.kind() == LoadWorkload.Kind.EXACT)
                .forEach(d -> exactKeys.put(d.question(), CacheKeys.key(d.request())));

        List<LoadWorkload.Draw> variants = draws.stream()
                .filter(d -> d.kind() == LoadWorkload.Kind.VARIANT && exactKeys.containsKey(d.question())).toList();

        assertThat(variants).hasSizeGreaterThan(100);
        assertThat(variants).allMatch(d -> CacheKeys.key(d.request()).equals(exactKeys.get(d.question())));
    }

    @Test
    void zipf_fractions_matchTheOptionsAndPopularQuestionsDominate() {
        List<LoadWorkload.Draw> draws = draws(LoadWorkload.zipf(5, 50, 1.1, 0.1, 0.05), 20_000);
        Map<LoadWorkload.Kind, Integer> kinds = new EnumMap<>(LoadWorkload.Kind.class);
        int[] perQuestion = new int[LoadWorkload.distinctQuestions()];
        draws.forEach(d -> {
            kinds.merge(d.kind(), 1, Integer::sum);
            perQuestion[d.question()]++;
        });

        assertThat(kinds.get(LoadWorkload.Kind.PHI) / 20_000.0).isBetween(0.04, 0.06);
        assertThat(kinds.get(LoadWorkload.Kind.PARAPHRASE) / 20_000.0).isBetween(0.09, 0.11);
        assertThat(perQuestion[0]).isGreaterThan(10 * Math.max(1, perQuestion[49]));
    }

    @Test
    void zipf_phiDraws_areExcludedByTheScreenerAndTheOthersAreNot() {
        PhiScreener screener = PhiScreener.create(PhiPolicy.SEED);
        List<LoadWorkload.Draw> draws = draws(LoadWorkload.zipf(9, 50, 1.1, 0.1, 0.2), 400);

        assertThat(draws).filteredOn(d -> d.kind() == LoadWorkload.Kind.PHI).isNotEmpty()
                .allMatch(d -> screener.screen(d.request().query()).excluded());
        assertThat(draws).filteredOn(d -> d.kind() != LoadWorkload.Kind.PHI).isNotEmpty()
                .noneMatch(d -> screener.screen(d.request().query()).excluded());
    }

    @Test
    void answer_tenKilobytes_isStorableByThePhiScreen() {
        PhiScreener screener = PhiScreener.create(PhiPolicy.SEED);
        List<LoadWorkload.Draw> draws = draws(LoadWorkload.seed(11, 50), 300);

        for (int i = 0; i < draws.size(); i++) {
            String answer = LoadWorkload.answer(draws.get(i).request(), 10_240, i).aiResponse();
            assertThat(screener.screen(answer).excluded()).as("answer %d", i).isFalse();
            assertThat(answer.length()).isBetween(10_000, 10_240);
        }
    }

    @Test
    void zipf_fractionsAboveOne_areRejected() {
        assertThatThrownBy(() -> LoadWorkload.zipf(1, 50, 1.1, 0.7, 0.4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memoryQuestions_tenThousand_areDistinctAndFreeOfPhi() {
        PhiScreener screener = PhiScreener.create(PhiPolicy.SEED);
        Set<String> questions = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            questions.add(MemoryQuestions.question(i));
        }

        assertThat(questions).hasSize(10_000);
        assertThat(questions.stream().limit(500)).noneMatch(q -> screener.screen(q).excluded());
    }
}
