package io.carecache.node.internal.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.carecache.CacheRequest;
import io.carecache.CareCache;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.FreePorts;
import io.carecache.KeyRing;
import io.carecache.node.CareCacheNode;
import io.carecache.node.NodeSettings;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code reencrypt} connects as a client with the node's configuration and the environment's key ring. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReencryptCommandTest {
    private static final CareContext CONTEXT = CareContext.builder("model-cli", "prompt-cli").careContext("gout").build();

    private MongoServer mongoServer;
    private MongoClient mongoClient;
    private CareCacheNode node;
    private NodeSettings settings;

    @BeforeAll
    void start() {
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        String uri = "mongodb://127.0.0.1:" + mongoServer.getLocalAddress().getPort();
        mongoClient = MongoClients.create(uri);
        int port = FreePorts.next();
        settings = NodeSettings.builder().clusterName("reencrypt-cli-" + UUID.randomUUID()).port(port)
                .members(List.of("127.0.0.1:" + port)).mongoUri(Optional.of(uri)).mongoDatabase("cli")
                .writeMode(NodeSettings.WriteMode.WRITE_THROUGH).healthPort(0).build();
        node = CareCacheNode.start(settings);
    }

    @AfterAll
    void stop() {
        node.close();
        mongoClient.close();
        mongoServer.shutdownNow();
    }

    @Test
    void run_afterRotation_movesEveryEntryAndPrintsACompleteReport() {
        byte[] oldRaw = KeyRing.randomKey();
        byte[] newRaw = KeyRing.randomKey();
        CareCache cache = node.cache(KeyRing.of("old", Map.of("old", oldRaw)));
        for (int i = 0; i < 10; i++) {
            assertThat(cache.store(CacheRequest.shared("does drinking water help with gout, case " + i, CONTEXT),
                    new CareResponse("a little, perhaps; keep taking your medicine, part " + i, List.of(), 0.6)).stored()).isTrue();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "CARECACHE_CLUSTER_NAME", settings.clusterName(),
                "CARECACHE_CLUSTER_MEMBERS", settings.members().get(0),
                "CARECACHE_KEYS", "old:" + Base64.getEncoder().encodeToString(oldRaw) + ",new:"
                        + Base64.getEncoder().encodeToString(newRaw),
                "CARECACHE_ACTIVE_KEY_ID", "new");

        int exit = new ReencryptCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[0]);

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"active_key_id\":\"new\"", "\"scanned\":10",
                "\"reencrypted\":10", "\"complete\":true");
        List<String> keyIds = new ArrayList<>();
        for (Document doc : mongoClient.getDatabase("cli").getCollection("therapeutic_response_cache").find()) {
            keyIds.add(doc.get("encryption", Document.class).getString("key_id"));
        }
        assertThat(keyIds).hasSize(10).containsOnly("new");
    }

    @Test
    void run_withoutKeyRing_isAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ReencryptCommand(Map.of("CARECACHE_CLUSTER_NAME", settings.clusterName()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[0]);

        assertThat(exit).isEqualTo(CliCommand.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CARECACHE_KEY_RING_FILE");
    }
}
