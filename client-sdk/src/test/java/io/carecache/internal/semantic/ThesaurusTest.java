package io.carecache.internal.semantic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** WordNet's shared senses, as the lexical check reads them. */
class ThesaurusTest {
    private final Thesaurus wordNet = Thesaurus.wordNet();

    @Test
    void synonyms_layAndClinicalNamesOfOneThing_share() {
        assertThat(wordNet.synonyms("collarbone", "clavicle")).isTrue();
        assertThat(wordNet.synonyms("belly", "abdomen")).isTrue();
    }

    @Test
    void synonyms_verbsOfOneAction_share() {
        assertThat(wordNet.synonyms("quit", "stop")).isTrue();
    }

    @Test
    void synonyms_wordsThatDecideTheAnswer_doNotShare() {
        assertThat(wordNet.synonyms("prevent", "cure")).isFalse();
        assertThat(wordNet.synonyms("reduce", "safe")).isFalse();
        assertThat(wordNet.synonyms("start", "stop")).isFalse();
    }

    @Test
    void synonyms_onlyThroughARareSense_doNotShare() {
        // "work" is a sense of "exercise" far down WordNet's list ("work out").
        assertThat(wordNet.synonyms("exercise", "work")).isFalse();
    }

    @Test
    void synonyms_unknownWord_sharesOnlyWithItself() {
        assertThat(wordNet.synonyms("zzqx", "zzqx")).isTrue();
        assertThat(wordNet.synonyms("zzqx", "stop")).isFalse();
    }

    @Test
    void synonyms_brandInItsIngredientsSynset_isNotPaired() {
        // WordNet lists Augmentin with amoxicillin, but it adds clavulanate; Benadryl differs by country.
        assertThat(wordNet.synonyms("augmentin", "amoxicillin")).isFalse();
        assertThat(wordNet.synonyms("benadryl", "diphenhydramine")).isFalse();
    }

    @Test
    void isWord_lemmaAndCutStem_tellsThemApart() {
        assertThat(wordNet.isWord("headache")).isTrue();
        assertThat(wordNet.isWord("headach")).isFalse();
    }

    @Test
    void stem_suffixThatAteAnE_givesTheWordBack() {
        assertThat(QueryTerms.stem("headaches")).isEqualTo("headache");
        assertThat(QueryTerms.stem("snoring")).isEqualTo("snore");
        assertThat(QueryTerms.stem("caused")).isEqualTo("cause");
    }

    @Test
    void stem_wordTheRulesWouldCutIntoANonWord_staysAsWritten() {
        assertThat(QueryTerms.stem("bleed")).isEqualTo("bleed");
    }
}
