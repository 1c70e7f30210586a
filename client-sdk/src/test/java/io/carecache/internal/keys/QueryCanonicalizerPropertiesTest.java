package io.carecache.internal.keys;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the canonical form cache keys are computed from: any string (unpaired surrogates,
 * combining marks, format characters, huge whitespace runs) is accepted, the form is a fixed point,
 * and spacing or case variants of a question share its form.
 */
class QueryCanonicalizerPropertiesTest {

    @Property(tries = 1000)
    void canonicalize_anyString_neverThrows(@ForAll @StringLength(max = 300) String query) {
        assertThat(QueryCanonicalizer.canonicalize(query)).isNotNull();
    }

    @Property(tries = 1000)
    void canonicalize_anyString_isIdempotent(@ForAll @StringLength(max = 300) String query) {
        String once = QueryCanonicalizer.canonicalize(query);
        assertThat(QueryCanonicalizer.canonicalize(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void canonicalize_unicodeSoup_isIdempotent(@ForAll("unicodeSoup") String query) {
        String once = QueryCanonicalizer.canonicalize(query);
        assertThat(QueryCanonicalizer.canonicalize(once)).isEqualTo(once);
    }

    @Property(tries = 500)
    void canonicalize_caseAndWhitespaceVariants_giveTheSameForm(@ForAll("words") String words,
                                                                 @ForAll("whitespace") String gap,
                                                                 @ForAll boolean upper) {
        String plain = String.join(" ", words.split(" "));
        String variant = gap + String.join(gap, plain.split(" ")) + gap;
        variant = upper ? variant.toUpperCase(Locale.ROOT) : variant;
        assertThat(QueryCanonicalizer.canonicalize(variant)).isEqualTo(QueryCanonicalizer.canonicalize(plain));
    }

    @Property(tries = 50)
    void canonicalize_hugeWhitespaceRuns_collapseToOneSpace(@ForAll("whitespace") String gap) {
        String huge = gap.repeat(200_000 / Math.max(1, gap.length()));
        assertThat(QueryCanonicalizer.canonicalize(huge + "flu" + huge + "shot" + huge)).isEqualTo("flu shot");
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('\'', '-').ofMinLength(1).ofMaxLength(12)
                .list().ofMinSize(1).ofMaxSize(8)
                .map(list -> String.join(" ", list));
    }

    @Provide
    Arbitrary<String> whitespace() {
        return Arbitraries.strings().withChars(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\u200b', '\ufeff')
                .ofMinLength(1).ofMaxLength(6)
                // at least one real separator, so words never run together
                .map(s -> s + " ");
    }

    /** Letters, combining marks, format and space characters, compatibility forms and lone surrogates mixed. */
    @Provide
    Arbitrary<String> unicodeSoup() {
        Arbitrary<Character> letters = Arbitraries.chars().range('a', 'z');
        Arbitrary<Character> marks = Arbitraries.chars().range('\u0300', '\u036f');
        Arbitrary<Character> formats = Arbitraries.of('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u061c');
        Arbitrary<Character> spaces = Arbitraries.of(' ', '\t', '\n', '\u00a0', '\u2028', '\u3000');
        Arbitrary<Character> compat = Arbitraries.of('\ufb01', '\u00a8', '\u2474', '\uff21', '\u2126', '\u1e9b', '\u00b4',
                '\u0130', '\u03a3', '\u1100', '\u1161', '\u11a8', '\uac00');
        Arbitrary<Character> punctuation = Arbitraries.of('!', '?', '.', '"', '\u00bf', '\u2026', '-');
        Arbitrary<Character> surrogates = Arbitraries.chars().range('\ud800', '\udfff');
        Arbitrary<Character> any = Arbitraries.frequencyOf(
                Tuple.of(6, letters), Tuple.of(4, marks), Tuple.of(3, formats), Tuple.of(3, spaces),
                Tuple.of(3, compat), Tuple.of(2, punctuation), Tuple.of(1, surrogates));
        return any.list().ofMaxSize(40).map(cs -> {
            StringBuilder sb = new StringBuilder(cs.size());
            cs.forEach(sb::append);
            return sb.toString();
        });
    }
}
