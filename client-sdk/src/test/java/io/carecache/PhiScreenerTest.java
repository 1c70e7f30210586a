package io.carecache;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhiScreenerTest {
    private static PhiScreener screener;

    @BeforeAll
    static void loadWordLists() {
        PhiScreener.warmUp();
        screener = PhiScreener.create(PhiPolicy.SEED);
    }

    private static PhiScreenResult screen(String text) {
        return screener.screen(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            my SSN is 123-45-6789 and I need help with my disability claim | SSN
            Social Security # 987 65 4329, is my dialysis covered? | SSN
            ssn 219099999 please | SSN
            call my wife at 503-555-0148 if my sugar drops | PHONE
            my number is (917) 555 0112, text me | PHONE
            Phone: +44 20 7946 0958 - travelling with insulin | PHONE
            fax the referral to 212.555.0176 | FAX
            send it to nancy_w@comcast.net please | EMAIL
            deliver my oxygen tanks to 310 Birch Lane, Dayton OH 45402 | ADDRESS
            I moved to 55 Pine Street, Apt 2, Portland ME | ADDRESS
            the clinic is at Via Roma 131 in Turin | ADDRESS
            looking for a geriatric doctor in 60614 | ADDRESS
            MRN 33019284 - when is my colonoscopy? | MEDICAL_ID
            my patient number is PN-4410-2283 | MEDICAL_ID
            Medicare MBI 5TG2-QW8-JN44 - do they cover monitors? | INSURANCE_ID
            UnitedHealthcare member ID 918273645-01, is therapy covered? | INSURANCE_ID
            born 05/17/1944, what vaccines do I still need? | DATE
            I had my heart bypass on June 3, 2025 and my chest hurts | DATE
            DOB: 1962-08-29 | DATE
            my father is 96 and keeps falling at night | AGE_OVER_89
            she is a 93-year-old woman with dementia | AGE_OVER_89
            account no. 7719-3310-0082 on my hospital bill | ACCOUNT_NUMBER
            use my card 4012 8888 8888 1881 for the pharmacy order | ACCOUNT_NUMBER
            wire it to GB82 WEST 1234 5698 7654 32 today | ACCOUNT_NUMBER
            my NY license number is 123 456 789, can I drive? | LICENSE_NUMBER
            my license plate is 8XYZ442, I got a ticket | VEHICLE_ID
            VIN 1HGCM82633A004352 was in the accident | VEHICLE_ID
            my CPAP serial number is 22119384755 | DEVICE_ID
            my pump's MAC is 00:1A:2B:3C:4D:5E | DEVICE_ID
            see https://mychart.example-health.org/patient/99120334/results | URL
            my portal account was accessed from 192.0.2.44 | IP_ADDRESS
            the login came from 2001:db8:85a3::8a2e:370:7334 | IP_ADDRESS
            my fingerprint ID is FP-20931-77 | BIOMETRIC
            NPI 1679576722 is my psychiatrist, is she covered? | OTHER_ID
            My name is Gregory Havelock and my migraines are worse | NAME
            i am chen wei li and i have a fever | NAME
            this is tanya brooks, my knee surgery is next week | NAME
            my dad Vincent Moreau has COPD | NAME
            Dr. Anika Sørensen prescribed prednisone | NAME
            Please ask Nurse Okafor whether I can eat before the scan | NAME
            I'm Fatima Al-Sayed, my thyroid medicine is too strong | NAME
            Patient: John Q. Public, 67 M, chest pain | NAME
            My neighbor Mrs. Kowalski found me on the floor | NAME
            my 95-year-old mother fell yesterday | AGE_OVER_89
            Send the forms to PO Box 4471, Tulsa OK 74101 | ADDRESS
            I live at 1600 Pennsylvania Ave NW, Washington, DC 20500 | ADDRESS
            My birthday is 14 March 1952 | DATE
            my cell is 555.123.4567 | PHONE
            Policy number 88-4412-09 from Aetna | INSURANCE_ID
            """)
    void screen_textWithIdentifier_excludesItsCategory(String text, PhiCategory expected) {
        PhiScreenResult result = screen(text);

        assertThat(result.excluded()).as(text).isTrue();
        assertThat(result.excludedCategories()).as(text).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "What helps with migraines besides ibuprofen?",
            "Is prednisone safe for people with diabetes?",
            "My TSH is 0.2, is my thyroid medicine too strong?",
            "How long does it take to recover from knee surgery at 70?",
            "Is 120/80 still considered normal blood pressure?",
            "What is the difference between Tylenol and Advil?",
            "Can Parkinson's disease cause hallucinations?",
            "Is Crohn's hereditary?",
            "What diet helps with Hashimoto's?",
            "My son has Down syndrome, what therapies help with speech?",
            "Can Addison's disease cause fatigue?",
            "What is Bell's palsy and is it permanent?",
            "Is Tourette syndrome hereditary?",
            "Does Medicaid pay for dental work for adults?",
            "My INR is 3.5, is that too high on warfarin?",
            "My blood sugar is 96 after fasting, is that okay?",
            "Is 2000 IU of vitamin D too much?",
            "What is the 988 crisis line?",
            "I'm pregnant and have a headache, can I take acetaminophen?",
            "I am diabetic and my feet are numb.",
            "How do I manage Type 2 diabetes without insulin?",
            "Can I take 1/2 tablet of my 25 mg dose?",
            "Is the Pfizer booster safe for people over 65?",
            "How many steps a day should a 75 year old walk?",
            "Should I take 81 mg aspirin every day?",
            "What does COPD stage 2 mean?",
            "Can I fly 2 weeks after knee replacement surgery in 2024?",
            "How does the Dexcom G7 compare to the Libre 3?",
            "My mother is 85 and has early dementia, what should we expect?",
            "BP 150/95 and heart rate 120 bpm after climbing stairs.",
            "What does ICD-10 code E11.9 mean?",
            "When should I go to the ER for chest pain?",
            "The 988 Suicide & Crisis Lifeline is available 24/7 by call or text.",
            "The Michael J. Fox Foundation funds research on Parkinson's disease."
    })
    void screen_cleanMedicalQuestion_isNotExcluded(String text) {
        PhiScreenResult result = screen(text);

        assertThat(result.excluded()).as(text + " -> " + result).isFalse();
    }

    @Test
    void screen_cardNumberFailingLuhn_isNotAPaymentCard() {
        PhiScreenResult result = screen("order 4012 8888 8888 1882 arrived");

        assertThat(result.categories()).doesNotContain(PhiCategory.ACCOUNT_NUMBER);
    }

    @Test
    void screen_vinWithWrongCheckDigit_isNotAVehicleId() {
        PhiScreenResult result = screen("code 1HGCM82633A004353 appears on the box");

        assertThat(result.categories()).doesNotContain(PhiCategory.VEHICLE_ID);
    }

    @Test
    void screen_bareYear_isNotADate() {
        PhiScreenResult result = screen("I was diagnosed with asthma in 2004");

        assertThat(result.categories()).doesNotContain(PhiCategory.DATE);
    }

    @Test
    void screen_birthYearMoreThanNinetyYearsAgo_isAnAgeOverEightyNine() {
        PhiScreenResult result = screen("my aunt was born in 1929 and takes digoxin");

        assertThat(result.excludedCategories()).contains(PhiCategory.AGE_OVER_89);
    }

    @Test
    void screen_ageUnderNinety_isNotAnIdentifier() {
        PhiScreenResult result = screen("my father is 86 and keeps falling at night");

        assertThat(result.categories()).doesNotContain(PhiCategory.AGE_OVER_89);
    }

    @Test
    void screen_finding_spansTheIdentifier() {
        String text = "call me at 503-555-0148 today";

        PhiFinding finding = screen(text).findings().get(0);

        assertThat(text.substring(finding.start(), finding.end())).isEqualTo("503-555-0148");
        assertThat(finding.confidence()).isBetween(0.8, 1.0);
    }

    @Test
    void screen_resultToString_neverShowsTheText() {
        String text = "My name is Gregory Havelock, SSN 123-45-6789, email greg.havelock@example.com";

        String shown = screen(text).toString();

        assertThat(shown).doesNotContain("Gregory", "Havelock", "123-45-6789", "greg.havelock", "example.com");
        assertThat(shown).contains("SSN", "NAME", "EMAIL");
    }

    @Test
    void screen_uuid_isReportedBelowTheThresholdAndNotExcluded() {
        PhiScreenResult result = screen("trace 74422848-fcfe-430a-abc0-32fa48883ff0 failed");

        assertThat(result.categories()).containsExactly(PhiCategory.OTHER_ID);
        assertThat(result.excluded()).isFalse();
    }

    @Test
    void screen_uuidAfterPatientIdCue_isAMedicalRecordNumber() {
        PhiScreenResult result = screen("patient id 74422848-fcfe-430a-abc0-32fa48883ff0");

        assertThat(result.excludedCategories()).containsExactly(PhiCategory.MEDICAL_ID);
    }

    @Test
    void screen_emptyText_isClean() {
        assertThat(screen("").excluded()).isFalse();
    }

    @Test
    void screen_disabledCategory_isNotReported() {
        PhiScreener noDates = PhiScreener.create(PhiPolicy.builder().disabledCategories(java.util.Set.of(PhiCategory.DATE)).build());

        PhiScreenResult result = noDates.screen("DOB: 1962-08-29");

        assertThat(result.findings()).isEmpty();
    }
}
