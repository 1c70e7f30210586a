package io.carecache.node.internal.load;

import io.carecache.LookupResult;
import io.carecache.Tier;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LoadReportTest {

    private static LookupResult result(Tier tier, long micros) {
        return new LookupResult(tier, Optional.empty(), Duration.ofNanos(micros * 1_000), Set.of(), OptionalDouble.empty(), false);
    }

    private static LoadReport hundredL1AndTenMisses() {
        LoadReport report = new LoadReport("test");
        for (int i = 1; i <= 100; i++) {
            report.record(result(Tier.L1, i));
        }
        for (int i = 0; i < 10; i++) {
            report.record(result(Tier.MISS, 25_000));
        }
        report.error(new IllegalStateException("x"));
        report.finished(Duration.ofSeconds(2).toNanos());
        return report;
    }

    @Test
    void percentiles_ofRecordedLatencies_arePerTier() {
        LoadReport report = hundredL1AndTenMisses();

        assertThat(report.percentileMicros(Tier.L1, 50)).isEqualTo(50);
        assertThat(report.percentileMicros(Tier.L1, 99)).isEqualTo(99);
        assertThat(report.percentileMicros(Tier.MISS, 50)).isBetween(24_990L, 25_010L);
        assertThat(report.percentileMicros(Tier.L2, 50)).isZero();
    }

    @Test
    void meanMicros_overAllTiers_weighsEachTierByItsCount() {
        LoadReport report = hundredL1AndTenMisses();

        assertThat(report.meanMicros(Tier.L1)).isCloseTo(50.5, within(0.1));
        // (100 × 50.5 + 10 × 25,000) / 110, within the histogram's 3 significant digits.
        assertThat(report.meanMicros()).isCloseTo((100 * 50.5 + 10 * 25_000) / 110.0, within(25.0));
        assertThat(new LoadReport("empty").meanMicros()).isZero();
    }

    @Test
    void sharesAndThroughput_countAnsweredRequestsAndErrors() {
        LoadReport report = hundredL1AndTenMisses();

        assertThat(report.share(Tier.L1)).isCloseTo(100 / 110.0, within(1e-9));
        assertThat(report.errorCount()).isEqualTo(1);
        assertThat(report.throughput()).isCloseTo(111 / 2.0, within(1e-9));
    }

    @Test
    void toJson_listsOnlyTiersThatAnswered() {
        Map<String, Object> json = hundredL1AndTenMisses().toJson();

        assertThat(json).containsEntry("scenario", "test").containsEntry("answered", 110L)
                .containsEntry("errors", Map.of("IllegalStateException", 1L));
        assertThat(new java.util.TreeSet<Object>(((Map<?, ?>) json.get("tiers")).keySet())).containsExactly("l1", "miss");
    }

    @Test
    void printTable_hasOneRowPerAnsweringTier() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        hundredL1AndTenMisses().printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("| L1 | 100 |").contains("| MISS | 10 |")
                .doesNotContain("| L2 |");
    }

    @Test
    void options_withoutMembers_areRejectedWithTheOptionNamed() {
        assertThatThrownBy(() -> LoadGenCommand.Options.parse(new String[] {"--scenario", "seed"}))
                .hasMessageContaining("--members");
    }

    @Test
    void options_outOfRange_nameTheOptionAndTheRange() {
        assertThatThrownBy(() -> LoadGenCommand.Options.parse(new String[] {"--members", "127.0.0.1:5701", "--concurrency", "0"}))
                .hasMessageContaining("--concurrency").hasMessageContaining("1 to 4096");
    }

    @Test
    void options_fractionNotANumber_nameTheOptionAndTheValue() {
        assertThatThrownBy(() -> LoadGenCommand.Options.parse(new String[] {"--members", "127.0.0.1:5701", "--phi-fraction", "NaN"}))
                .hasMessageContaining("--phi-fraction").hasMessageContaining("0.0 to 1.0").hasMessageContaining("'NaN'");
    }

    @Test
    void seedPasses_ten_areColdWarmThenNumberedWarmPasses() {
        assertThat(LoadGenCommand.seedPasses(10)).hasSize(10).startsWith("seed-cold", "seed-warm", "seed-warm-3")
                .endsWith("seed-warm-10");
        assertThat(LoadGenCommand.seedPasses(2)).containsExactly("seed-cold", "seed-warm");
    }

    @Test
    void options_seedPassesBelowTwo_nameTheOptionAndTheRange() {
        assertThatThrownBy(() -> LoadGenCommand.Options.parse(new String[] {"--members", "127.0.0.1:5701", "--seed-passes", "1"}))
                .hasMessageContaining("--seed-passes").hasMessageContaining("2 to 1000");
    }

    @Test
    void options_givenValues_overrideTheSeedDefaults() {
        LoadGenCommand.Options o = LoadGenCommand.Options.parse(new String[] {
                "--members", "127.0.0.1:5701,127.0.0.1:5702", "--scenario", "zipf", "--phi-fraction", "0.2"});

        assertThat(o.members).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
        assertThat(o.runs("zipf")).isTrue();
        assertThat(o.runs("seed")).isFalse();
        assertThat(o.phiFraction).isEqualTo(0.2);
        assertThat(o.seedRequests).isEqualTo(1000);
        assertThat(o.users).isEqualTo(50);
    }
}
