package io.carecache.node.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the Grafana dashboard read only metrics that {@code config/alerts/METRICS.md}
 * declares, so a renamed metric cannot silently leave an alert or a panel without data.
 * (promtool checks the rule syntax and behaviour; this checks the names against the contract.)
 */
class MonitoringContractTest {
    private static final Pattern METRIC = Pattern.compile("(?<![:\\w])((?:carecache|jvm)_\\w+)(?![:\\w])");
    private static final Pattern DECLARED = Pattern.compile("^\\| `([a-z0-9_]+)`", Pattern.MULTILINE);

    private static Set<String> declared;
    private static Path config;

    @BeforeAll
    static void readContract() throws IOException {
        config = Kustomize.repositoryRoot().resolve("config");
        declared = new TreeSet<>();
        Matcher row = DECLARED.matcher(Files.readString(config.resolve("alerts/METRICS.md")));
        while (row.find()) {
            declared.add(row.group(1));
        }
    }

    @Test
    void alertRules_everyExpression_readsDeclaredMetricsOnly() throws IOException {
        List<String> expressions = new ArrayList<>();
        Map<String, Object> rules = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(config.resolve("alerts/carecache-rules.yml")));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                expressions.add(((Map<?, ?>) rule).get("expr").toString());
            }
        }

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        assertThat(metricsIn(expressions)).isNotEmpty().allSatisfy(name -> assertThat(declared).contains(name));
    }

    @Test
    void dashboard_everyPanelQuery_readsDeclaredMetricsOnly() throws IOException {
        String dashboard = Files.readString(config.resolve("grafana/carecache-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        Matcher expr = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
        while (expr.find()) {
            expressions.add(expr.group(1));
        }

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
        assertThat(metricsIn(expressions)).isNotEmpty().allSatisfy(name -> assertThat(declared).contains(name));
    }

    @Test
    void metricsContract_declaresTheSeedKpis() {
        assertThat(declared).contains("carecache_lookups_total", "carecache_lookup_latency_seconds",
                "carecache_writes_total", "carecache_misses_total", "carecache_evictions_total",
                "carecache_phi_detections_total", "carecache_phi_exclusions_total",
                "carecache_phi_screen_failures_total", "carecache_rate_limit_blocks_total",
                "carecache_semantic_hits_total", "carecache_circuit_state", "carecache_write_behind_queue_depth",
                "carecache_mongo_pool_in_use", "carecache_mongo_pool_max",
                "jvm_memory_used_bytes", "jvm_memory_max_bytes");
    }

    // Metric names in PromQL (recording-rule names contain ':' and are skipped), with a histogram's _bucket/_sum/_count folded to its base name.
    private static Set<String> metricsIn(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                names.add(metric.group(1).replaceFirst("_(bucket|sum|count)$", ""));
            }
        }
        return names;
    }
}
