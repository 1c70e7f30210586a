package io.carecache.internal.semantic;

import io.carecache.CacheRequest;
import io.carecache.InvalidRequestException;
import io.carecache.ReencryptionReport;
import io.carecache.SemanticIndex;
import io.carecache.internal.keys.CacheKeys;
import io.carecache.internal.keys.QueryCanonicalizer;
import io.carecache.Scope;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The semantic step of the lookup path, SDK side: asks the grid's {@link SemanticIndex} for the
 * nearest stored questions of the same fingerprint, scope and subject, opens each candidate's
 * sealed question and accepts the best one the {@link SemanticPolicy} agrees with. Never throws:
 * when the index is unavailable the lookup is a miss.
 */
public final class SemanticStep {
    private static final System.Logger LOG = System.getLogger(SemanticStep.class.getName());
    private static final int CANDIDATES = 5;

    private final SemanticIndex index;
    private final QuestionSealer sealer;
    private final SemanticPolicy policy;

    public SemanticStep(SemanticIndex index, QuestionSealer sealer, SemanticPolicy policy) {
        this.index = index;
        this.sealer = sealer;
        this.policy = policy;
    }

    /** A semantic match: the cache key of the matched answer, its cosine, whether a cluster search found it. */
    public record Match(String cacheKey, double similarity, boolean viaCluster) {
    }

    /**
     * Refuses a caller-supplied vector the index cannot compare (before anything is read or written).
     *
     * @throws InvalidRequestException naming {@code queryVector}
     */
    public void checkVector(CacheRequest request) {
        Optional<float[]> v = request.queryVector();
        if (v.isEmpty()) {
            return;
        }
        OptionalInt expected;
        try {
            expected = index.dimensions();
        } catch (RuntimeException e) {
            return; // the index is unavailable: the lookup will be an exact one anyway
        }
        if (expected.isPresent() && expected.getAsInt() != v.get().length) {
            throw new InvalidRequestException("queryVector", "must have " + expected.getAsInt()
                    + " dimensions (the grid's embedding model), got " + v.get().length);
        }
    }

    /** Indexes a just-stored answer's question. */
    public void index(CacheRequest request, String cacheKey, String fingerprint, long expiresAtMillis) {
        try {
            String canonical = QueryCanonicalizer.canonicalize(request.query());
            index.add(new SemanticIndex.Indexed(cacheKey, fingerprint, request.scope().kind(), subjectHash(request.scope()),
                    canonical, request.queryVector(), sealer.seal(cacheKey, canonical), expiresAtMillis));
        } catch (RuntimeException e) {
            // The exact tiers hold the answer; only paraphrases of it will miss.
            LOG.log(System.Logger.Level.WARNING, "Could not index a stored answer for semantic matching: " + e.getClass().getSimpleName());
        }
    }

    /** The best semantic match for a request whose exact key missed. */
    public Optional<Match> match(CacheRequest request, String exactKey, String fingerprint) {
        String canonical = QueryCanonicalizer.canonicalize(request.query());
        try {
            for (SemanticIndex.Candidate c : index.nearest(new SemanticIndex.Probe(canonical, request.queryVector(),
                    fingerprint, request.scope().kind(), subjectHash(request.scope()), CANDIDATES, policy.threshold()))) {
                if (c.cacheKey().equals(exactKey)) {
                    continue;
                }
                Optional<String> question = sealer.open(c.cacheKey(), c.sealedQuestion());
                if (question.isPresent() && policy.judge(canonical, question.get(), c.similarity()).isMatch()) {
                    return Optional.of(new Match(c.cacheKey(), c.similarity(), c.viaCluster()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Semantic lookup unavailable, answering from the exact tiers only: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    /** The index's grid-wide activity; zeros when it cannot be read. */
    public SemanticIndex.Activity activity() {
        try {
            return index.activity();
        } catch (RuntimeException e) {
            return new SemanticIndex.Activity(0, 0);
        }
    }

    /**
     * Seals every indexed question under another key again under the ring's active key (after a
     * rotation), each replaced only if unchanged meanwhile. A question this ring cannot open is
     * left alone and counted as unreadable.
     *
     * @throws RuntimeException when the index cannot list them; the caller reports it
     */
    public ReencryptionReport.Questions resealQuestions(String activeKeyId) {
        long scanned = 0;
        long resealed = 0;
        long skipped = 0;
        long unreadable = 0;
        for (SemanticIndex.SealedQuestion q : index.sealedUnderOtherKeys(activeKeyId)) {
            scanned++;
            Optional<byte[]> again = sealer.reseal(q.cacheKey(), q.sealed());
            if (again.isEmpty()) {
                unreadable++;
            } else if (index.replaceSealed(q.cacheKey(), q.sealed(), again.get())) {
                resealed++;
            } else {
                skipped++;
            }
        }
        return new ReencryptionReport.Questions(scanned, resealed, skipped, unreadable);
    }

    /**
     * Forgets every indexed question of a subject. Unlike the other index calls this one throws:
     * an erasure that left the subject's questions behind is not done.
     */
    public void forgetSubject(String subjectHash) {
        index.forgetSubject(subjectHash);
    }

    /** Drops an invalidated answer's question from the index. */
    public void remove(String cacheKey) {
        try {
            index.remove(cacheKey);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not remove an invalidated answer from the semantic index: " + e.getClass().getSimpleName());
        }
    }

    private static String subjectHash(Scope scope) {
        return scope instanceof Scope.Subject s ? CacheKeys.subjectHash(s.subjectId()) : "";
    }
}
