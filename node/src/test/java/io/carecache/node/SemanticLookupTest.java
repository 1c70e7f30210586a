package io.carecache.node;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.InvalidConfigurationException;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.Tier;
import io.carecache.node.internal.semantic.GridSemanticIndex;
import io.carecache.node.internal.semantic.IndexedQuestion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Semantic hits on a real two-member cluster (BGE on the members, L3 on a MongoDB wire-protocol
 * server) with a thin client: paraphrases hit, look-alikes and other contexts or subjects miss.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SemanticLookupTest {
    private MongoServer mongo;
    private CareCacheNode node1;
    private CareCacheNode node2;
    private HazelcastInstance client;
    private KeyRing ring;
    private NodeSettings settings;
    private CareCache onMember;
    private CareCache onClient;
    private CareContext context;

    @BeforeAll
    void startCluster() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        int port1 = FreePorts.next();
        int port2 = FreePorts.next();
        settings = NodeSettings.builder()
                .cache(CacheSettings.builder().compression(false, 6).build())
                .clusterName("semantic-" + UUID.randomUUID())
                .port(port1)
                .members(List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2))
                .mongoUri(Optional.of("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort()))
                .mongoDatabase("semantic")
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH)
                .healthPort(0)
                .build();
        node1 = CareCacheNode.start(settings);
        node2 = CareCacheNode.start(settings.toBuilder().port(port2).build());
        await().atMost(Duration.ofSeconds(60)).until(() -> node1.hazelcast().getCluster().getMembers().size() == 2);
        ClientConfig config = new ClientConfig().setClusterName(settings.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().addAddress("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        CareCacheGrid.configureClient(config, settings.cache(), Optional.empty());
        client = HazelcastClient.newHazelcastClient(config);
    }

    @AfterAll
    void stopCluster() {
        if (client != null) {
            client.shutdown();
        }
        if (node2 != null) {
            node2.close();
        }
        if (node1 != null) {
            node1.close();
        }
        mongo.shutdownNow();
    }

    @BeforeEach
    void facades() {
        ring = KeyRing.generate("k-" + UUID.randomUUID());
        onMember = CareCache.builder(node1.hazelcast()).keyRing(ring).settings(settings.cache())
                .semanticIndex(SemanticGrid.index(node1.hazelcast(), settings.cache())).build();
        onClient = CareCache.builder(client).keyRing(ring).settings(settings.cache())
                .semanticIndex(SemanticGrid.index(client, settings.cache())).build();
        // A fresh prompt version per test: a fingerprint of its own, so tests never see each other's entries.
        context = context("prompt-" + UUID.randomUUID());
    }

    @Test
    void lookup_paraphraseStoredOnMember_hitsSemanticOnClient() {
        onMember.store(CacheRequest.shared("How long does the flu last?", context), answer("About a week."));

        LookupResult result = onClient.lookup(CacheRequest.shared("How many days does influenza usually last?", context));

        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(result.response()).contains(answer("About a week."));
        assertThat(result.similarity().orElseThrow()).isBetween(0.78, 1.0);
    }

    @Test
    void lookup_paraphraseBelowACalibratedHigherThreshold_missesWhereTheDefaultHits() {
        onMember.store(CacheRequest.shared("How long does the flu last?", context), answer("About a week."));
        CareCache strict = CareCache.builder(client).keyRing(ring).settings(settings.cache())
                .semanticIndex(SemanticGrid.index(client, settings.cache())).semanticThreshold(0.99).build();
        CacheRequest paraphrase = CacheRequest.shared("How many days does influenza usually last?", context);

        assertThat(strict.lookup(paraphrase).tier()).isEqualTo(Tier.MISS);
        assertThat(onClient.lookup(paraphrase).tier()).isEqualTo(Tier.SEMANTIC);
    }

    @Test
    void semanticThreshold_outOfRange_rejectedNamingTheSetting() {
        assertThatThrownBy(() -> CareCache.builder(client).semanticThreshold(0.2))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("semanticThreshold");
    }

    @Test
    void semanticMargins_additionAboveSwap_rejectedNamingTheSetting() {
        assertThatThrownBy(() -> CareCache.builder(client).semanticMargins(0.2, 0.1))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("semanticMargins");
    }

    @Test
    void semanticSynonyms_formOfNoWords_rejectedNamingTheSetting() {
        assertThatThrownBy(() -> CareCache.builder(client).semanticSynonyms(java.util.Map.of("acetaminophen", java.util.Set.of("  "))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("semanticSynonyms")
                .hasMessageContaining("acetaminophen");
    }

    @Test
    void lookup_paraphraseOnEmbeddedMember_searchesOnTheCallersThread() {
        onClient.store(CacheRequest.shared("Can stress raise my blood sugar?", context), answer("Yes, it can."));
        long tasksBefore = semanticTasksStarted();

        LookupResult result = onMember.lookup(CacheRequest.shared("Does stress make blood glucose go up?", context));

        assertThat(result.tier()).isEqualTo(Tier.SEMANTIC);
        assertThat(result.response()).contains(answer("Yes, it can."));
        assertThat(semanticTasksStarted()).isEqualTo(tasksBefore);
    }

    private long semanticTasksStarted() {
        return java.util.stream.Stream.of(node1, node2)
                .mapToLong(n -> n.hazelcast().getExecutorService("carecache-semantic").getLocalExecutorStats().getStartedTaskCount())
                .sum();
    }

    @Test
    void lookup_paraphrase_countsSemanticHit() {
        onClient.store(CacheRequest.shared("What are the symptoms of a UTI?", context), answer("Burning, urgency."));

        onClient.lookup(CacheRequest.shared("How do I know if I have a urinary tract infection?", context));

        assertThat(onClient.stats().performance().semanticHits()).isEqualTo(1);
    }

    @Test
    void lookup_hardNegative_misses() {
        onMember.store(CacheRequest.shared("How can I get rid of heartburn?", context), answer("Antacids."));
        onMember.store(CacheRequest.shared("How do I lower my A1C?", context), answer("Diet and metformin."));

        assertThat(onClient.lookup(CacheRequest.shared("How can I get rid of hiccups?", context)).tier()).isEqualTo(Tier.MISS);
        assertThat(onClient.lookup(CacheRequest.shared("How do I lower my creatinine?", context)).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_numberDiffers_misses() {
        onMember.store(CacheRequest.shared("What is type 1 diabetes?", context), answer("Autoimmune."));

        assertThat(onClient.lookup(CacheRequest.shared("What is type 2 diabetes?", context)).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_causeAndEffectExchanged_misses() {
        onMember.store(CacheRequest.shared("Can anxiety cause high blood pressure?", context), answer("It can raise it for a while."));

        assertThat(onClient.lookup(CacheRequest.shared("Can high blood pressure cause anxiety?", context)).tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_passiveOfTheStoredQuestion_hitsSemantic() {
        onMember.store(CacheRequest.shared("Does diabetes cause kidney disease?", context), answer("It is a leading cause."));

        assertThat(onClient.lookup(CacheRequest.shared("Is kidney disease caused by diabetes?", context)).tier()).isEqualTo(Tier.SEMANTIC);
    }

    @Test
    void lookup_paraphraseInAnotherContext_misses() {
        onMember.store(CacheRequest.shared("What are the side effects of statins?", context), answer("Muscle aches."));
        CareContext otherModel = CareContext.builder("model-2", context.promptVersion()).careContext("cardiology").build();

        LookupResult result = onClient.lookup(CacheRequest.shared("Do statins have side effects?", otherModel));

        assertThat(result.tier()).isEqualTo(Tier.MISS);
    }

    @Test
    void lookup_subjectEntryParaphrasedByAnotherSubject_misses() {
        onMember.store(CacheRequest.forSubject("How do I check my blood pressure at home?", context, "patient-a"),
                answer("Sit for five minutes first."));

        LookupResult other = onClient.lookup(CacheRequest.forSubject(
                "What's the right way to measure blood pressure at home?", context, "patient-b"));
        LookupResult shared = onClient.lookup(CacheRequest.shared(
                "What's the right way to measure blood pressure at home?", context));
        LookupResult same = onClient.lookup(CacheRequest.forSubject(
                "What's the right way to measure blood pressure at home?", context, "patient-a"));

        assertThat(other.tier()).isEqualTo(Tier.MISS);
        assertThat(shared.tier()).isEqualTo(Tier.MISS);
        assertThat(same.tier()).isEqualTo(Tier.SEMANTIC);
    }

    @Test
    void store_indexesVectorButNotQuestionText() {
        String question = "Why do my legs cramp at night?";
        onClient.store(CacheRequest.shared(question, context), answer("Stretch before bed."));

        IMap<String, IndexedQuestion> index = node2.hazelcast().getMap(GridSemanticIndex.indexMapName(settings.cache().mapName()));
        byte[] needle = "legs cramp".getBytes(StandardCharsets.UTF_8);
        List<IndexedQuestion> mine = index.values().stream()
                .filter(q -> q.fingerprint().equals(io.carecache.internal.keys.CacheKeys.fingerprint(context))).toList();

        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).vector()).hasSize(384);
        assertThat(indexOf(mine.get(0).sealedQuestion(), needle)).isEqualTo(-1);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static CareContext context(String prompt) {
        return CareContext.builder("model-1", prompt).careContext("primary-care").cohort("age_group", "adult").build();
    }

    private static CareResponse answer(String text) {
        return new CareResponse(text, List.of("source-1"), 0.9);
    }
}
