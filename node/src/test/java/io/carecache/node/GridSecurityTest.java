package io.carecache.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.CareCache;
import io.carecache.CareCacheGrid;
import io.carecache.CareContext;
import io.carecache.CareResponse;
import io.carecache.InvalidRequestException;
import io.carecache.KeyRing;
import io.carecache.LookupResult;
import io.carecache.StoreResult;
import io.carecache.Tier;
import io.carecache.internal.grid.CacheEntry;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.internal.keys.QueryCanonicalizer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Security as tests, on a real two-member cluster with L3 on a MongoDB wire-protocol server and a
 * facade on a thin client and one on a member:
 * <ul>
 *   <li>no answer text, source id, query text or PHI value reaches any document of any collection
 *       of any database (raw BSON bytes scanned), nor the member and client logs, nor an exception message;</li>
 *   <li>tampering and key confusion — bytes flipped in L2 or L3, an entry copied under another key,
 *       an entry under a key id the ring lacks — are a MISS, counted, and the damaged copy is gone.</li>
 * </ul>
 * The scenario runs once (the cluster and the log capture are shared); each test checks one exposure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridSecurityTest {
    private static final int ANSWERS = 60;
    private static final CareContext CONTEXT = CareContext.builder("model-sec", "prompt-sec")
            .careContext("diabetes").cohort("age_group", "adult").build();

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private NodeGrid grid;
    private NodeSettings settings;
    private CareCacheNode node1;
    private HazelcastInstance client;
    private KeyRing ring;
    private CareCache clientCache;
    private CareCache memberCache;
    /** Everything that must never be found outside the application: answer and source markers, queries, PHI values. */
    private final Set<String> secrets = new LinkedHashSet<>();
    private final List<String> exceptionMessages = new ArrayList<>();

    @BeforeAll
    void runScenario() {
        startCapture();
        grid = NodeGrid.start("security", 2, b -> b
                // uncompressed: were anything sent in the clear, the marker bytes would be there verbatim
                .cache(CacheSettings.builder().compression(false, 6).build())
                .hitFlushInterval(Duration.ofMillis(500)));
        settings = grid.settings();
        node1 = grid.member(0);
        client = grid.client();
        ring = KeyRing.generate("sec-1");
        clientCache = CareCache.builder(client).keyRing(ring).settings(settings.cache()).build();
        memberCache = node1.cache(ring);

        storeMarkedAnswers();
        storePhiBearingRequests();
        collectExceptionMessages();
        // the audit trail is write-behind: wait until it reached MongoDB, so it is scanned too
        await().atMost(Duration.ofSeconds(30)).until(() -> database().getCollection("cache_audit").countDocuments() >= ANSWERS);
    }

    @AfterAll
    void stop() {
        stopCapture();
        if (grid != null) {
            grid.close();
        }
    }

    private void storeMarkedAnswers() {
        int stored = 0;
        for (int i = 0; stored < ANSWERS; i++) {
            String id = token();
            String query = "what helps with qmark" + id + " cramps at night, take " + i;
            String answer = "stretch your calves before bed (amark" + id + ") and drink water";
            String source = "smark" + id;
            secrets.add(query);
            secrets.add(QueryCanonicalizer.canonicalize(query));
            secrets.add("amark" + id);
            secrets.add(source);
            CacheRequest request = i % 3 == 0 ? CacheRequest.forSubject(query, CONTEXT, "subject-" + (i % 7))
                    : CacheRequest.shared(query, CONTEXT);
            CareCache facade = i % 2 == 0 ? clientCache : memberCache;
            // A random token now and then reads like a name to the screener: then nothing is stored, try another.
            if (facade.store(request, new CareResponse(answer, List.of(source, "ada-2026"), 0.8)).stored()) {
                stored++;
                assertThat(facade.lookup(request).response().orElseThrow().aiResponse()).isEqualTo(answer);
            }
            assertThat(i).as("attempts").isLessThan(ANSWERS * 2);
        }
    }

    private void storePhiBearingRequests() {
        for (int i = 0; i < 10; i++) {
            String ssn = (100 + ThreadLocalRandom.current().nextInt(500)) + "-" + (10 + ThreadLocalRandom.current().nextInt(89))
                    + "-" + (1000 + ThreadLocalRandom.current().nextInt(8999));
            String email = "pat" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            String phone = "(617) 555-" + (1000 + ThreadLocalRandom.current().nextInt(8999));
            secrets.add(ssn);
            secrets.add(email);
            secrets.add(phone);
            CacheRequest inQuery = CacheRequest.shared("My SSN is " + ssn + ", is my metformin dose right?", CONTEXT);
            CacheRequest inContext = CacheRequest.shared("how do I reset my portal password",
                    CareContext.builder("model-sec", "prompt-sec").careContext("contact " + email).build());
            CacheRequest clean = CacheRequest.shared("When should I call about a high reading " + UUID.randomUUID(), CONTEXT);
            CareCache facade = i % 2 == 0 ? clientCache : memberCache;
            assertThat(facade.lookup(inQuery).tier()).isEqualTo(Tier.BYPASS);
            assertThat(facade.store(inQuery, new CareResponse("a clean answer", List.of(), 0.5)).stored()).isFalse();
            assertThat(facade.lookup(inContext).tier()).isEqualTo(Tier.BYPASS);
            assertThat(facade.store(inContext, new CareResponse("a clean answer", List.of(), 0.5)).stored()).isFalse();
            // PHI in the answer: withheld from the cache even though the question is clean
            StoreResult withheld = facade.store(clean, new CareResponse("Call us on " + phone + " or write to " + email, List.of(), 0.5));
            assertThat(withheld.stored()).isFalse();
            LookupResult computed = facade.getOrCompute(clean, r -> new CareResponse("Ring " + phone, List.of(), 0.5));
            assertThat(computed.phiCategories()).isNotEmpty();
        }
    }

    // Refused requests carry their text into the facade: the messages must name the field, not echo it.
    private void collectExceptionMessages() {
        String marker = "xmark" + token();
        secrets.add(marker);
        List<Runnable> refused = List.of(
                () -> clientCache.lookup(CacheRequest.shared(marker + " \u0001 control character", CONTEXT)),
                () -> clientCache.lookup(CacheRequest.shared(marker + " " + "long ".repeat(3000), CONTEXT)),
                () -> clientCache.store(CacheRequest.shared(marker + " \ud800 surrogate", CONTEXT),
                        new CareResponse("x", List.of(), 0.5)),
                () -> clientCache.store(CacheRequest.shared("valid question " + UUID.randomUUID(), CONTEXT),
                        new CareResponse(marker, List.of(), 7.0)),
                () -> clientCache.forgetSubject(marker + "\ud800"));
        for (Runnable call : refused) {
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, call::run);
            assertThat(e).isNotNull();
            exceptionMessages.add(e.getMessage());
        }
    }

    @Test
    void mongo_everyDocumentOfEveryCollection_holdsNoPlaintextQueryOrPhi() {
        long documents = 0;
        long bytes = 0;
        Set<String> collections = new LinkedHashSet<>();
        for (String dbName : grid.mongoClient().listDatabaseNames()) {
            MongoDatabase db = grid.mongoClient().getDatabase(dbName);
            for (String name : db.listCollectionNames()) {
                collections.add(dbName + "." + name);
                for (RawBsonDocument doc : db.getCollection(name, RawBsonDocument.class).find()) {
                    byte[] raw = bytesOf(doc);
                    documents++;
                    bytes += raw.length;
                    assertThat(findSecret(raw)).as("%s.%s %s", dbName, name, doc.get("_id")).isEmpty();
                }
            }
        }
        System.out.printf("security scan: %d documents, %d bytes in %s, %d secrets, none found%n",
                documents, bytes, collections, secrets.size());
        assertThat(collections).contains("security.therapeutic_response_cache", "security.cache_audit", "security.subject_keys");
        assertThat(documents).isGreaterThan(ANSWERS);
        // the scan can see what is stored: every stored entry's document is there, under its cache key
        assertThat(database().getCollection("therapeutic_response_cache").countDocuments()).isGreaterThanOrEqualTo(ANSWERS);
    }

    @Test
    void logs_ofMembersAndClientDuringTheScenario_holdNoPlaintextQueryOrPhi() {
        byte[] log = captured.toByteArray();
        assertThat(new String(log, StandardCharsets.UTF_8)).as("the capture saw the members start").contains("Members {size:2");
        System.out.printf("security scan: %d bytes of log, %d secrets, none found%n", log.length, secrets.size());
        assertThat(findSecret(log)).isEmpty();
    }

    @Test
    void exceptionMessages_ofRefusedRequests_holdNoRequestText() {
        assertThat(exceptionMessages).hasSize(5);
        for (String message : exceptionMessages) {
            assertThat(findSecret(message.getBytes(StandardCharsets.UTF_8))).as(message).isEmpty();
        }
    }

    @Test
    void lookup_bytesFlippedInL2_missesCountsAndDeletesEveryCopy() {
        CacheRequest request = CacheRequest.shared("tampered in the grid " + UUID.randomUUID(), CONTEXT);
        clientCache.store(request, new CareResponse("genuine", List.of(), 0.9));
        String key = CacheKeys.key(request);
        CacheEntry stored = entryMap().get(key);
        byte[] flipped = stored.ciphertext().clone();
        flipped[flipped.length - 1] ^= 0x40;
        entryMap().set(key, copy(stored, key, stored.keyId(), flipped));
        long corruptBefore = clientCache.stats().performance().corruptEntries();

        LookupResult result = clientCache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(clientCache.stats().performance().corruptEntries()).isEqualTo(corruptBefore + 1);
        assertThat(entryMap().containsKey(key)).isFalse();
        assertThat(documents().countDocuments(Filters.eq("_id", key))).isZero();
    }

    @Test
    void lookup_bytesFlippedInL3_missesCountsAndDeletesTheDocument() {
        CacheRequest request = CacheRequest.shared("tampered at rest " + UUID.randomUUID(), CONTEXT);
        clientCache.store(request, new CareResponse("genuine", List.of(), 0.9));
        String key = CacheKeys.key(request);
        entryMap().evict(key);
        Binary nonce = documents().find(Filters.eq("_id", key)).first().get("encryption", Document.class).get("nonce", Binary.class);
        byte[] flipped = nonce.getData().clone();
        flipped[0] ^= 0x01;
        documents().updateOne(Filters.eq("_id", key), Updates.set("encryption.nonce", new Binary(flipped)));
        long corruptBefore = clientCache.stats().performance().corruptEntries();

        LookupResult result = clientCache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(clientCache.stats().performance().corruptEntries()).isEqualTo(corruptBefore + 1);
        assertThat(documents().countDocuments(Filters.eq("_id", key))).isZero();
    }

    @Test
    void lookup_entryCopiedUnderAnotherKeyInL3_misses() {
        CacheRequest original = CacheRequest.shared("the genuine question " + UUID.randomUUID(), CONTEXT);
        CacheRequest target = CacheRequest.shared("a different question " + UUID.randomUUID(), CONTEXT);
        clientCache.store(original, new CareResponse("answer to the genuine question", List.of(), 0.9));
        Document doc = documents().find(Filters.eq("_id", CacheKeys.key(original))).first();
        doc.put("_id", CacheKeys.key(target));
        documents().insertOne(doc);
        long corruptBefore = clientCache.stats().performance().corruptEntries();

        LookupResult result = clientCache.lookup(target);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(result.response()).isEmpty();
        assertThat(clientCache.stats().performance().corruptEntries()).isEqualTo(corruptBefore + 1);
        assertThat(clientCache.lookup(original).isHit()).isTrue();
    }

    @Test
    void lookup_entryCopiedUnderAnotherKeyInL2_misses() {
        CacheRequest original = CacheRequest.shared("the genuine grid question " + UUID.randomUUID(), CONTEXT);
        CacheRequest target = CacheRequest.shared("another grid question " + UUID.randomUUID(), CONTEXT);
        clientCache.store(original, new CareResponse("answer to the genuine question", List.of(), 0.9));
        CacheEntry stored = entryMap().get(CacheKeys.key(original));
        String targetKey = CacheKeys.key(target);
        // the record's own key field rewritten too, so only the AES-GCM associated data can tell
        entryMap().set(targetKey, copy(stored, targetKey, stored.keyId(), stored.ciphertext()));

        LookupResult result = memberCache.lookup(target);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(result.response()).isEmpty();
        assertThat(entryMap().containsKey(targetKey)).isFalse();
    }

    @Test
    void lookup_entryUnderKeyIdNotInTheRing_missesAndIsCounted() {
        CacheRequest request = CacheRequest.shared("sealed under a retired key " + UUID.randomUUID(), CONTEXT);
        CareCache otherDeployment = CareCache.builder(client).keyRing(KeyRing.generate("elsewhere"))
                .settings(settings.cache()).build();
        otherDeployment.store(request, new CareResponse("not for this ring", List.of(), 0.9));
        entryMap().evict(CacheKeys.key(request));
        long corruptBefore = clientCache.stats().performance().corruptEntries();

        LookupResult result = clientCache.lookup(request);

        assertThat(result.tier()).isEqualTo(Tier.MISS);
        assertThat(clientCache.stats().performance().corruptEntries()).isEqualTo(corruptBefore + 1);
    }

    // Random lower-case letters: distinctive, and nothing the PHI screener takes for an identifier.
    private static String token() {
        StringBuilder out = new StringBuilder("zq");
        for (int i = 0; i < 12; i++) {
            out.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return out.toString();
    }

    private Optional<String> findSecret(byte[] haystack) {
        String latin1 = new String(haystack, StandardCharsets.ISO_8859_1);
        for (String secret : secrets) {
            // UTF-8 bytes read as Latin-1 chars: a byte-exact substring search
            if (latin1.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
                return Optional.of(secret);
            }
        }
        return Optional.empty();
    }

    private static byte[] bytesOf(RawBsonDocument doc) {
        ByteBuffer buffer = doc.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static CacheEntry copy(CacheEntry e, String key, String keyId, byte[] ciphertext) {
        return new CacheEntry(key, keyId, e.nonce(), ciphertext, e.flags(), e.createdAtMillis(), e.expiresAtMillis(),
                e.fingerprint(), e.careContexts(), e.semanticCluster(), e.scope(), e.subjectHash(), CacheEntry.ORIGIN_L2);
    }

    private IMap<String, CacheEntry> entryMap() {
        return node1.hazelcast().getMap(settings.cache().mapName());
    }

    private MongoDatabase database() {
        return grid.database();
    }

    private MongoCollection<Document> documents() {
        return database().getCollection("therapeutic_response_cache");
    }

    // Tee both streams: slf4j-simple looks System.err up on every line, Hazelcast's client and members log through it.
    private void startCapture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    }

    private void stopCapture() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
    }
}
