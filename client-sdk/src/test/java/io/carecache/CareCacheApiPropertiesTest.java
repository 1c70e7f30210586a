package io.carecache;

import io.carecache.internal.keys.CacheKeys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Fuzzing the public API on a real member: {@code lookup} and {@code store} with arbitrary query
 * text, contexts, scopes and users either work or throw one of the documented typed exceptions
 * ({@link CareCacheException} subclasses), never anything else; and requests that differ are
 * never merged into one cache entry by a lossy text encoding.
 */
class CareCacheApiPropertiesTest {
    private static TestGrid grid;
    private static CareCache cache;

    @BeforeContainer
    static void startGrid() {
        grid = new TestGrid(CacheSettings.DEFAULTS);
        cache = CareCache.builder(grid.member()).keyRing(KeyRing.generate("fuzz")).build();
    }

    @AfterContainer
    static void stopGrid() {
        cache.close();
        grid.close();
    }

    @Property(tries = 300)
    void lookupAndStore_arbitraryRequests_throwOnlyTypedExceptions(@ForAll("requests") Function<Void, CacheRequest> build,
                                                                  @ForAll("texts") String answer) {
        Throwable built = catchThrowable(() -> build.apply(null));
        if (built != null) {
            assertThat(built).isInstanceOf(CareCacheException.class);
            return;
        }
        CacheRequest request = build.apply(null);
        Throwable stored = catchThrowable(() -> cache.store(request, new CareResponse(answer, List.of("src"), 0.5)));
        assertThat(stored).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(CareCacheException.class));
        Throwable looked = catchThrowable(() -> {
            LookupResult r = cache.lookup(request);
            assertThat(r.tier()).isNotNull();
        });
        assertThat(looked).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(CareCacheException.class));
    }

    /**
     * Two different texts with the same UTF-8 bytes (one has an unpaired surrogate, which UTF-8
     * encodes as '?') must not both be accepted where they end up in a key: they would share one entry.
     */
    @Property(tries = 300)
    void requests_differingOnlyInUnencodableText_neverShareAKey(@ForAll("withLoneSurrogate") String text,
                                                                @ForAll("field") String field) {
        String lossy = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        Optional<String> a = keyIfAccepted(field, text);
        Optional<String> b = keyIfAccepted(field, lossy);
        if (a.isPresent() && b.isPresent()) {
            assertThat(a.get()).as("%s '%s' and '%s' share a key", field, text, lossy).isNotEqualTo(b.get());
        }
    }

    @Property(tries = 100)
    void forgetSubject_unencodableSubjectId_isRefused(@ForAll("withLoneSurrogate") String subject) {
        assertThatThrownBy(() -> cache.forgetSubject(subject)).isInstanceOf(InvalidRequestException.class);
    }

    // The key a store/lookup of this request would use, if the facade accepts the request.
    private static Optional<String> keyIfAccepted(String field, String text) {
        try {
            CareContext.Builder context = CareContext.builder(field.equals("model") ? "m" + text : "m1",
                    field.equals("prompt") ? "p" + text : "p1");
            if (field.equals("cohortKey")) {
                context.cohort("k" + text, "v");
            }
            if (field.equals("cohortValue")) {
                context.cohort("k", "v" + text);
            }
            if (field.equals("careContext")) {
                context.careContext("c" + text);
            }
            String query = field.equals("query") ? "q" + text : "what helps a sore throat";
            CacheRequest request = field.equals("subject")
                    ? CacheRequest.forSubject(query, context.build(), "s" + text)
                    : CacheRequest.shared(query, context.build());
            LookupResult r = cache.lookup(request);
            assertThat(r.tier()).isNotNull();
            return Optional.of(CacheKeys.key(request));
        } catch (InvalidRequestException e) {
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of("query", "model", "prompt", "cohortKey", "cohortValue", "careContext", "subject");
    }

    @Provide
    Arbitrary<String> withLoneSurrogate() {
        Arbitrary<String> plain = Arbitraries.strings().alpha().ofMaxLength(6);
        Arbitrary<Character> lone = Arbitraries.chars().range('\ud800', '\udfff');
        return Combinators.combine(plain, lone, plain).as((a, s, b) -> a + s + b);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> big = Arbitraries.strings().ofMinLength(8000).ofMaxLength(12_000);
        Arbitrary<String> blank = Arbitraries.of("", " ", "\t\n", "\u00a0", "\u200b");
        Arbitrary<String> words = Arbitraries.strings().alpha().numeric().withChars(' ', '?', '\'').ofMinLength(1).ofMaxLength(80);
        return Arbitraries.frequencyOf(Tuple.of(4, any), Tuple.of(1, big), Tuple.of(1, blank), Tuple.of(4, words));
    }

    /** Requests as a deferred construction: building one may itself throw the documented exception. */
    @Provide
    Arbitrary<Function<Void, CacheRequest>> requests() {
        Arbitrary<String> text = texts();
        Arbitrary<List<String>> contexts = text.list().ofMaxSize(3);
        Arbitrary<Map<String, String>> cohort = Arbitraries.maps(text, text).ofMaxSize(2);
        Arbitrary<Optional<String>> subject = text.optional(0.3);
        Arbitrary<Optional<String>> user = Arbitraries.strings().ofMaxLength(300).optional(0.3);
        return Combinators.combine(text, contexts, cohort, text, text, subject, user)
                .as((query, cs, co, model, prompt, subj, usr) -> unused -> {
                    CareContext context = CareContext.builder(model, prompt).careContexts(cs).cohort(co).build();
                    CacheRequest request = subj.isPresent() ? CacheRequest.forSubject(query, context, subj.get())
                            : CacheRequest.shared(query, context);
                    return usr.isPresent() ? request.withUser(usr.get()) : request;
                });
    }
}
