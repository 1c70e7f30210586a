package io.carecache.internal.semantic;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The lexical side of the semantic rule, at given cosines (the embedding side is measured by semantic-eval). */
class SemanticPolicyTest {
    private final SemanticPolicy policy = SemanticPolicy.DEFAULT;

    @Test
    void judge_sameContentTermsAboveThreshold_matches() {
        assertThat(policy.judge("What are the side effects of statins?", "Do statins have side effects?", 0.80))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_belowThreshold_rejects() {
        assertThat(policy.judge("What are the side effects of statins?", "Do statins have side effects?", 0.70))
                .isEqualTo(SemanticPolicy.Verdict.BELOW_THRESHOLD);
    }

    @Test
    void judge_numbersDiffer_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("What is type 1 diabetes?", "What is type 2 diabetes?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.NUMBERS_DIFFER);
    }

    @Test
    void judge_negationDiffers_rejects() {
        assertThat(policy.judge("Should I take aspirin every day?", "Should I not take aspirin every day?", 0.97))
                .isEqualTo(SemanticPolicy.Verdict.NEGATION_DIFFERS);
    }

    @Test
    void judge_oppositeTerms_rejects() {
        assertThat(policy.judge("What should I eat before surgery?", "What should I eat after surgery?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.OPPOSITES);
    }

    @Test
    void judge_rewordedWithTermsExchanged_needsSwapThreshold() {
        assertThat(policy.judge("How can I get rid of heartburn?", "What stops hiccups quickly?", 0.85))
                .isEqualTo(SemanticPolicy.Verdict.SWAP_BELOW_THRESHOLD);
    }

    @Test
    void judge_rewordedWithQualifierAdded_needsAdditionThreshold() {
        assertThat(policy.judge("Is it safe to take ibuprofen?", "Can ibuprofen be harmful for a headache?", 0.82))
                .isEqualTo(SemanticPolicy.Verdict.ADDITION_BELOW_THRESHOLD);
    }

    @Test
    void judge_oneSentenceWithOneWordChanged_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("Can I drink grapefruit juice while taking atorvastatin?",
                "Can I drink orange juice while taking atorvastatin?", 0.99)).isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_oneSentenceWithAPhraseChanged_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("Is it safe to use a hot tub while pregnant?", "Is it safe to take a warm bath while pregnant?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_withAgainstWithout_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("Should I stop taking metformin before a CT scan with contrast?",
                "Should I stop taking metformin before a CT scan without contrast?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_sameWordsWithTheRolesReversed_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("How long after scuba diving should I wait before flying?",
                "How long after flying should I wait before scuba diving?", 0.99)).isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_oneSentenceChangedInTwoPlaces_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("Is sudden hearing loss in one ear an emergency?",
                "Is gradual hearing loss in both ears an emergency?", 0.99)).isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_hedgesAddedOrChanged_matches() {
        assertThat(policy.judge("How long does a cold usually last?", "How long does a common cold typically last?", 0.90))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_lowAgainstHighBloodPressure_rejectsAsOpposites() {
        assertThat(policy.judge("What causes high blood pressure?", "What causes low blood pressure?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.OPPOSITES);
    }

    @Test
    void judge_oneQuestionInsideTheOtherWithDetailAdded_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("Can a urinary infection cause sudden confusion in someone with dementia?",
                "Can a urinary infection cause dementia?", 0.99)).isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_whyAgainstHowToPrevent_rejectsAsIntentDiffers() {
        assertThat(policy.judge("Why does chemotherapy cause mouth sores?", "How can I prevent mouth sores during chemotherapy?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.INTENT_DIFFERS);
    }

    @Test
    void judge_howLongAgainstHowMuch_rejectsAsIntentDiffers() {
        assertThat(policy.judge("How long can I safely take ibuprofen for back pain?",
                "How much ibuprofen can I take at one time for back pain?", 0.99)).isEqualTo(SemanticPolicy.Verdict.INTENT_DIFFERS);
    }

    @Test
    void judge_howCommonAgainstWhatAreTheSigns_rejectsAsIntentDiffers() {
        assertThat(policy.judge("How common is a miscarriage in the first trimester?",
                "What are the signs of a miscarriage in the first trimester?", 0.99)).isEqualTo(SemanticPolicy.Verdict.INTENT_DIFFERS);
    }

    @Test
    void judge_whereAgainstHowLongBefore_rejectsAsIntentDiffers() {
        assertThat(policy.judge("Where can I get a yellow fever vaccine before traveling?",
                "How long before a trip should I get the yellow fever vaccine?", 0.99)).isEqualTo(SemanticPolicy.Verdict.INTENT_DIFFERS);
    }

    @Test
    void judge_causeNamedOutsideTheOpening_isNoIntent() {
        // "Can X cause Y?" asks whether; it does not ask for a cause the way "Why ...?" does.
        assertThat(QueryTerms.of("Can stress cause headaches?").intent()).isEmpty();
        assertThat(QueryTerms.of("Why do I get headaches?").intent()).contains("cause");
    }

    @Test
    void judge_openingsAskingTheSameInOtherWords_matches() {
        assertThat(policy.judge("How often should I check my blood sugar?", "How frequently should I test my glucose?", 0.90))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_oneSentenceWithASynonymChanged_matches() {
        assertThat(policy.judge("What are the symptoms of dehydration?", "What are the signs of dehydration?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
        assertThat(policy.judge("How long does the flu last?", "How long does the flu usually last?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_upperAgainstLower_rejectsAsOpposites() {
        // "lower" folds to "reduce" (lower my cholesterol); the opposite must still fire.
        assertThat(policy.judge("What causes pain in the upper right abdomen?", "What causes pain in the lower right abdomen?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.OPPOSITES);
    }

    @Test
    void judge_lowerAsReduceOnBothSides_matches() {
        assertThat(policy.judge("How can I lower my cholesterol?", "What reduces cholesterol?", 0.90))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_populationNamedOnOneSideOnly_rejectsEvenAtHighCosine() {
        assertThat(policy.judge("When should I see a doctor for a fever?", "When should I see a doctor for a fever in my baby?", 0.97))
                .isEqualTo(SemanticPolicy.Verdict.POPULATION_DIFFERS);
        assertThat(policy.judge("Is it safe to take ibuprofen?", "Is it safe to take ibuprofen while pregnant?", 0.97))
                .isEqualTo(SemanticPolicy.Verdict.POPULATION_DIFFERS);
    }

    @Test
    void judge_samePopulationInOtherWords_matches() {
        assertThat(policy.judge("When should I see a doctor for a fever in my baby?",
                "When should my infant with a fever see a doctor?", 0.90)).isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_coldSoreIsNotACold_rejects() {
        assertThat(policy.judge("How long does a cold usually last?", "How long does a cold sore usually last?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void judge_laySynonymsFolded_matchesAtBaseThreshold() {
        assertThat(policy.judge("What are the symptoms of a UTI?", "Signs of a urinary tract infection?", 0.80))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void withSynonyms_brandAndGenericInOneSentence_matchesWhereTheShippedVocabularyRejects() {
        String brand = "Is Calpol safe during pregnancy?";
        String generic = "Is acetaminophen safe during pregnancy?";

        assertThat(policy.judge(brand, generic, 0.95)).isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
        assertThat(policy.withSynonyms(Map.of("acetaminophen", Set.of("calpol"))).judge(brand, generic, 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_shippedBrandAndItsIngredient_matchAsOneDrug() {
        assertThat(policy.judge("Is Tylenol safe during pregnancy?", "Is paracetamol safe during pregnancy?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
        assertThat(policy.judge("Can I take Sudafed with Zoloft?", "Can I take Sudafed with sertraline?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_combinationBrandAgainstTheIngredient_rejects() {
        assertThat(policy.judge("Can Zyrtec-D raise my blood pressure?", "Can cetirizine raise my blood pressure?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
        assertThat(policy.judge("Is Tylenol PM safe for older adults?", "Is Tylenol safe for older adults?", 0.97))
                .isNotEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_twoDifferentBrands_rejectsAsSlotDiffers() {
        assertThat(policy.judge("Is Advil safe during pregnancy?", "Is Tylenol safe during pregnancy?", 0.97))
                .isEqualTo(SemanticPolicy.Verdict.SLOT_DIFFERS);
    }

    @Test
    void withSynonyms_phraseForm_foldsOntoTheTerm() {
        SemanticPolicy withPhrases = policy.withSynonyms(Map.of("anticoagulant", Set.of("blood thinner")));

        assertThat(withPhrases.judge("What if I miss a dose of my blood thinner?", "What if I miss a dose of my anticoagulant?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void withSynonyms_formOfMoreThanFourWords_rejectedNamingTheForm() {
        assertThatThrownBy(() -> policy.withSynonyms(Map.of("nsaid", Set.of("a non steroidal anti inflammatory drug"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a non steroidal anti inflammatory drug");
    }

    @Test
    void withMargins_additionAboveSwap_rejectedNamingTheRule() {
        assertThatThrownBy(() -> policy.withMargins(0.14, 0.12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= addition <= swap <= 0.5");
    }

    @Test
    void withMargins_swapBeyondTheWidest_rejectedNamingTheBound() {
        assertThatThrownBy(() -> policy.withMargins(0.1, 0.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<= 0.5");
    }

    @Test
    void atThreshold_afterWithMargins_keepsTheMargins() {
        SemanticPolicy wide = policy.withMargins(0.12, 0.14).atThreshold(0.80);

        assertThat(wide.additionThreshold()).isCloseTo(0.92, within(1e-9));
        assertThat(wide.swapThreshold()).isCloseTo(0.94, within(1e-9));
    }

    @Test
    void judge_additionBetweenNarrowAndWideMargin_matchesOnlyUnderTheNarrow() {
        String a = "Is it safe to take ibuprofen?";
        String b = "Can ibuprofen be harmful for a headache?";
        double cosine = policy.threshold() + 0.10;

        assertThat(policy.withMargins(0.08, 0.12).judge(a, b, cosine)).isEqualTo(SemanticPolicy.Verdict.MATCH);
        assertThat(policy.withMargins(0.12, 0.14).judge(a, b, cosine))
                .isEqualTo(SemanticPolicy.Verdict.ADDITION_BELOW_THRESHOLD);
    }

    @Test
    void judge_causeAndEffectExchanged_rejectsAsRelationReversed() {
        assertThat(policy.judge("Can anxiety cause high blood pressure?", "Can high blood pressure cause anxiety?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
    }

    @Test
    void judge_causeAndEffectExchangedInOtherWords_rejectsAsRelationReversed() {
        assertThat(policy.judge("Does diabetes cause kidney disease?", "Can kidney disease lead to diabetes?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
    }

    @Test
    void judge_orderInTimeExchanged_rejectsAsRelationReversed() {
        assertThat(policy.judge("Can you get pregnant right after your period?",
                "Can you get your period right after getting pregnant?", 0.99)).isEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
    }

    @Test
    void judge_passiveOfTheSameRelation_isNotReversed() {
        assertThat(policy.judge("Does diabetes cause kidney disease?", "Is kidney disease caused by diabetes?", 0.99))
                .isNotEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
        assertThat(policy.judge("How does exercise affect blood sugar?", "What happens to blood sugar after exercise?", 0.99))
                .isNotEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
    }

    @Test
    void judge_decimalsWithTheSameDigits_rejectsAsNumbersDiffer() {
        assertThat(policy.judge("What does an A1c of 5.9% mean?", "What does an A1c of 9.5% mean?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.NUMBERS_DIFFER);
    }

    @Test
    void judge_causeAndEffectExchangedAroundRaise_rejectsAsRelationReversed() {
        assertThat(policy.judge("Does high blood pressure cause headaches?", "Can headaches raise your blood pressure?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.RELATION_REVERSED);
    }

    @Test
    void judge_shippedSynonymThatTheStemmerShortens_foldsOntoItsTerm() {
        // "lactating" stems to "lactat": the shipped synonym was keyed unstemmed and never matched.
        assertThat(policy.judge("Can I take ibuprofen while breastfeeding?", "Can I take ibuprofen while lactating?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_swapAtAnyCosine_rejectsByDefault() {
        // A swap exchanges the word that decides as often as it rewords: not served at all by default.
        assertThat(policy.judge("Does cranberry juice prevent UTIs?", "Does cranberry juice cure a UTI?", 0.99))
                .isEqualTo(SemanticPolicy.Verdict.SWAP_BELOW_THRESHOLD);
    }

    @Test
    void judge_swapUnderANarrowerSwapMargin_matchesAboveIt() {
        String a = "How can I get rid of heartburn?";
        String b = "What stops hiccups quickly?";

        assertThat(policy.withMargins(0.12, 0.14).judge(a, b, policy.threshold() + 0.15))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_swapOfWordsSharingAWordNetSense_needsOnlyTheBaseThreshold() {
        assertThat(policy.judge("How do I quit smoking?", "What is the best way to stop smoking?", 0.80))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }

    @Test
    void judge_swapLeftOverAfterSynonymsArePaired_staysASwap() {
        // "quit" and "stop" pair off; "vaping" against "drinking" does not.
        assertThat(policy.judge("How do I quit vaping?", "What is the best way to stop drinking?", 0.95))
                .isEqualTo(SemanticPolicy.Verdict.SWAP_BELOW_THRESHOLD);
    }

    @Test
    void judge_inflectionThatDropsAnE_readsAsTheSameWord() {
        // "headaches" was cut to "headach", "headache" left whole: one word read as two terms.
        assertThat(policy.judge("What causes frequent headaches?", "What causes a frequent headache?", 0.90))
                .isEqualTo(SemanticPolicy.Verdict.MATCH);
    }
}
