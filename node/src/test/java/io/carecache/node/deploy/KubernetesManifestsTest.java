package io.carecache.node.deploy;

import io.carecache.node.deploy.KubernetesSchema.InvalidManifestException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kustomize overlays under {@code k8s/} render, every rendered document is valid against the
 * Kubernetes API schema (strictly: unknown fields fail), and the deployment keeps the promises of
 * {@code docs/operations.md}. Needs {@code kubectl} or {@code kustomize} (k8s/check.sh installs
 * one); skipped without both on a developer's machine, failed without them in CI.
 */
class KubernetesManifestsTest {
    private static final List<String> OVERLAYS = List.of("development", "production", "high-traffic");
    private static final Map<String, String> MEMBER_LABELS =
            Map.of("app.kubernetes.io/name", "carecache", "app.kubernetes.io/component", "member");

    private static Path root;
    private static final Map<String, List<Map<String, Object>>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void renderOverlays() {
        boolean available = Kustomize.available();
        if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("neither kubectl nor kustomize is installed; CI must run k8s/check.sh first");
        }
        assumeTrue(available, "neither kubectl nor kustomize found: Kubernetes manifest tests skipped (k8s/check.sh installs one)");
        root = Kustomize.repositoryRoot();
        for (String overlay : OVERLAYS) {
            RENDERED.put(overlay, Kustomize.render(root.resolve("k8s/overlays").resolve(overlay)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void kustomize_overlay_everyDocumentValidatesStrictly(String overlay) {
        List<Map<String, Object>> documents = RENDERED.get(overlay);

        assertThat(documents).extracting(document -> document.get("kind")).containsExactlyInAnyOrder(
                "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "Service", "StatefulSet",
                "PodDisruptionBudget", "NetworkPolicy");
        for (Map<String, Object> document : documents) {
            assertThatCode(() -> KubernetesSchema.validate(document)).doesNotThrowAnyException();
        }
    }

    @Test
    void validate_misspelledContainerField_failsNamingTheField() {
        Map<String, Object> statefulSet = copy(find("production", "StatefulSet", "carecache"));
        Map<String, Object> container = container(statefulSet);
        container.put("readinesProbe", container.remove("readinessProbe"));

        assertThatThrownBy(() -> KubernetesSchema.validate(statefulSet))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("StatefulSet/carecache")
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void validate_unknownTopLevelSpecField_fails() {
        Map<String, Object> budget = copy(find("production", "PodDisruptionBudget", "carecache-members"));
        map(budget, "spec").put("maxUnavailible", 1);

        assertThatThrownBy(() -> KubernetesSchema.validate(budget))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("maxUnavailible");
    }

    @Test
    void validate_kindInWrongApiGroup_fails() {
        Map<String, Object> budget = copy(find("production", "PodDisruptionBudget", "carecache-members"));
        budget.put("apiVersion", "apps/v1");

        assertThatThrownBy(() -> KubernetesSchema.validate(budget))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("not in API group 'apps'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void configMap_overlay_selectsItsProfileWithRegistryNamesOnly(String overlay) throws IOException {
        Map<String, Object> data = map(configMap(overlay), "data");

        assertThat(data).containsEntry("CARECACHE_PROFILE", overlay)
                .containsEntry("CARECACHE_KUBERNETES_SERVICE_NAME", "carecache-members")
                .containsEntry("CARECACHE_CLUSTER_NAME", "carecache");
        // The node refuses unknown CARECACHE_* / CACHE_* variables: each must be a registry key.
        Set<String> ours = data.keySet().stream()
                .filter(name -> name.startsWith("CARECACHE_") || name.startsWith("CACHE_"))
                .collect(Collectors.toSet());
        Path keys = root.resolve("config/KEYS.md");
        assumeTrue(Files.exists(keys), "config/KEYS.md not present: environment names not checked against the registry");
        String registry = Files.readString(keys);
        assertThat(ours).allSatisfy(name -> assertThat(registry).contains("`" + name + "`"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void statefulSet_overlay_jvmDisablesPhoneHomeAndShutsDownGracefullyWithinTheGracePeriod(String overlay) {
        Map<String, Object> pod = podSpec(find(overlay, "StatefulSet", "carecache"));
        String options = jvmOptions(overlay);
        int grace = ((Number) pod.get("terminationGracePeriodSeconds")).intValue();

        assertThat(options).contains("-Dhazelcast.phone.home.enabled=false",
                "-Dhazelcast.shutdownhook.policy=GRACEFUL", "-XX:MaxRAMPercentage=");
        assertThat(grace).isGreaterThanOrEqualTo(60);
        Matcher wait = Pattern.compile("-Dhazelcast\\.graceful\\.shutdown\\.max\\.wait=(\\d+)").matcher(options);
        assertThat(wait.find()).as("hazelcast.graceful.shutdown.max.wait in %s", options).isTrue();
        assertThat(Integer.parseInt(wait.group(1))).isLessThan(grace);
        assertThat(options).doesNotContain("$(")
                // serve owns the shutdown sequence; Hazelcast's hook switched on as well would race it.
                .doesNotContain("-Dhazelcast.shutdownhook.enabled=true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void statefulSet_overlay_runsTheNodeWithProbesOnTheHealthPort(String overlay) {
        Map<String, Object> container = container(find(overlay, "StatefulSet", "carecache"));

        assertThat(container.get("image").toString()).startsWith("carecache/node");
        assertThat(container.get("command")).isEqualTo(List.of("java", "-jar", "/app/carecache-node.jar", "serve"));
        assertThat(list(container, "ports")).extracting(port -> port.get("name") + ":" + port.get("containerPort"))
                .containsExactlyInAnyOrder("hazelcast:5701", "health:8080");
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/health/live")
                .containsEntry("port", "health");
        assertThat(map(map(container, "readinessProbe"), "httpGet")).containsEntry("path", "/health/ready")
                .containsEntry("port", "health");
        Map<String, Object> resources = map(container, "resources");
        assertThat(map(resources, "limits").get("memory")).isEqualTo(map(resources, "requests").get("memory"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "high-traffic"})
    void statefulSet_productionOverlays_requireTheMongoSecret(String overlay) {
        Map<String, Object> mongo = env(container(find(overlay, "StatefulSet", "carecache")), "MONGODB_URI");
        Map<String, Object> secret = map(map(mongo, "valueFrom"), "secretKeyRef");

        assertThat(secret).containsEntry("name", "carecache-mongodb").containsEntry("key", "uri");
        assertThat(secret.get("optional")).isNotEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void services_overlay_selectTheMembersAndDiscoveryIsHeadless(String overlay) {
        Map<String, Object> headless = find(overlay, "Service", "carecache-members");
        Map<String, Object> client = find(overlay, "Service", "carecache");
        Map<String, Object> template = map(map(find(overlay, "StatefulSet", "carecache"), "spec"), "template");
        Map<String, Object> podLabels = map(map(template, "metadata"), "labels");

        assertThat(map(headless, "spec")).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
        assertThat(map(find(overlay, "StatefulSet", "carecache"), "spec").get("serviceName")).isEqualTo("carecache-members");
        for (Map<String, Object> service : List.of(headless, client)) {
            assertThat(podLabels).containsAllEntriesOf(map(map(service, "spec"), "selector"));
            assertThat(list(map(service, "spec"), "ports")).extracting(port -> port.get("port")).containsExactly(5701);
        }
        assertThat(podLabels).containsAllEntriesOf(MEMBER_LABELS);
        assertThat(map(map(template, "metadata"), "annotations")).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "8080");
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void podDisruptionBudget_overlay_allowsOneMemberDown(String overlay) {
        Map<String, Object> spec = map(find(overlay, "PodDisruptionBudget", "carecache-members"), "spec");

        assertThat(spec).containsEntry("maxUnavailable", 1);
        assertThat(map(map(spec, "selector"), "matchLabels")).isEqualTo(MEMBER_LABELS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void networkPolicy_overlay_admitsMembersClientsAndMonitoringOnly(String overlay) {
        Map<String, Object> spec = map(find(overlay, "NetworkPolicy", "carecache-members"), "spec");
        List<Map<String, Object>> rules = list(spec, "ingress");

        assertThat(map(map(spec, "podSelector"), "matchLabels")).isEqualTo(MEMBER_LABELS);
        assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
        assertThat(rules).hasSize(2);
        Map<String, Object> hazelcast = rules.get(0);
        assertThat(list(hazelcast, "ports")).extracting(port -> port.get("port")).containsExactly(5701);
        assertThat(list(hazelcast, "from")).extracting(peer -> (Object) map(map(peer, "podSelector"), "matchLabels"))
                .containsExactlyInAnyOrder(MEMBER_LABELS, Map.of("carecache-client", "true"));
        Map<String, Object> metrics = rules.get(1);
        assertThat(list(metrics, "ports")).extracting(port -> port.get("port")).containsExactly(8080);
        assertThat(list(metrics, "from")).extracting(peer -> (Object) map(map(peer, "namespaceSelector"), "matchLabels"))
                .containsExactly(Map.of("kubernetes.io/metadata.name", "monitoring"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"development", "production", "high-traffic"})
    void role_overlay_letsDiscoveryReadEndpointsPodsAndServicesOnly(String overlay) {
        List<Map<String, Object>> rules = list(find(overlay, "Role", "carecache-discovery"), "rules");
        Map<String, Object> binding = find(overlay, "RoleBinding", "carecache-discovery");
        String pod = map(map(map(find(overlay, "StatefulSet", "carecache"), "spec"), "template"), "spec")
                .get("serviceAccountName").toString();

        assertThat(rules).allSatisfy(rule -> assertThat(rule.get("verbs")).isEqualTo(List.of("get", "list")));
        assertThat(rules).flatExtracting(rule -> (List<Object>) rule.get("resources"))
                .containsExactlyInAnyOrder("endpoints", "pods", "services", "endpointslices");
        assertThat(list(binding, "subjects")).extracting(subject -> subject.get("name")).containsExactly(pod);
    }

    @Test
    void serviceMonitorComponent_withProductionOverlay_scrapesTheMembersMetricsPort(@TempDir Path directory)
            throws IOException {
        Path overlay = directory.relativize(root.resolve("k8s/overlays/production"));
        Path component = directory.relativize(root.resolve("k8s/components/service-monitor"));
        Files.writeString(directory.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "namespace: carecache",
                "resources:", "  - " + overlay, "components:", "  - " + component, ""));

        List<Map<String, Object>> documents = Kustomize.render(directory);

        for (Map<String, Object> document : documents) {
            if (KubernetesSchema.isBuiltIn(document.get("kind").toString())) {
                assertThatCode(() -> KubernetesSchema.validate(document)).doesNotThrowAnyException();
            }
        }
        // The ServiceMonitor is a custom resource, so not in the API schema: check what it points at.
        Map<String, Object> monitor = find(documents, "ServiceMonitor", "carecache");
        Map<String, Object> service = find(documents, "Service", "carecache-metrics");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(map(monitor, "metadata").get("namespace")).isEqualTo("carecache");
        assertThat(map(map(service, "metadata"), "labels"))
                .containsAllEntriesOf(map(map(map(monitor, "spec"), "selector"), "matchLabels"));
        assertThat(list(map(monitor, "spec"), "endpoints")).singleElement()
                .satisfies(endpoint -> assertThat(endpoint).containsEntry("port", "health").containsEntry("path", "/metrics"));
        assertThat(list(map(service, "spec"), "ports")).extracting(port -> port.get("name") + ":" + port.get("port"))
                .containsExactly("health:8080");
        assertThat(map(map(service, "spec"), "selector")).isEqualTo(MEMBER_LABELS);
    }

    // --- helpers --------------------------------------------------------------------------------

    /** JDK_JAVA_OPTIONS as the kubelet expands it from the ConfigMap. */
    private static String jvmOptions(String overlay) {
        Map<String, Object> data = map(configMap(overlay), "data");
        String template = env(container(find(overlay, "StatefulSet", "carecache")), "JDK_JAVA_OPTIONS").get("value").toString();
        Matcher reference = Pattern.compile("\\$\\(([A-Z0-9_]+)\\)").matcher(template);
        StringBuilder expanded = new StringBuilder();
        while (reference.find()) {
            Object value = data.get(reference.group(1));
            reference.appendReplacement(expanded, Matcher.quoteReplacement(value == null ? reference.group() : value.toString()));
        }
        return reference.appendTail(expanded).toString();
    }

    private static Map<String, Object> configMap(String overlay) {
        return RENDERED.get(overlay).stream().filter(document -> "ConfigMap".equals(document.get("kind")))
                .filter(document -> map(document, "metadata").get("name").toString().startsWith("carecache-env-"))
                .findFirst().orElseThrow(() -> new AssertionError("no carecache-env ConfigMap in " + overlay));
    }

    private static Map<String, Object> find(String overlay, String kind, String name) {
        return find(RENDERED.get(overlay), kind, name);
    }

    private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream()
                .filter(document -> kind.equals(document.get("kind")) && name.equals(map(document, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    private static Map<String, Object> podSpec(Map<String, Object> statefulSet) {
        return map(map(map(statefulSet, "spec"), "template"), "spec");
    }

    private static Map<String, Object> container(Map<String, Object> statefulSet) {
        return list(podSpec(statefulSet), "containers").stream().filter(c -> "member".equals(c.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no container 'member'"));
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return list(container, "env").stream().filter(variable -> name.equals(variable.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String field) {
        Object value = parent.get(field);
        assertThat(value).as(field).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String field) {
        Object value = parent.get(field);
        assertThat(value).as(field).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    // A deep copy, so a test can break a document without touching the shared rendering.
    @SuppressWarnings("unchecked")
    private static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(key.toString(), copy(item)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return (T) copy;
        }
        return value;
    }
}
