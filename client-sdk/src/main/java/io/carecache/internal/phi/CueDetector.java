package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identifiers announced by a cue: "MRN 33019284", "member ID 918273645-01", "serial number is
 * 22119384755", "license plate 8XYZ442". Cue phrases are matched word by word from a table keyed
 * by their first word (longest phrase first); a few filler tokens may follow ("#", ":", "is",
 * "number"), then an identifier: digits or letter-digit pieces joined by hyphens, slashes or
 * single spaces between digit groups. Look-ahead is bounded, so the scan stays linear.
 */
final class CueDetector {
    private record Cue(String[] words, PhiCategory category) {
    }

    private static final Map<String, List<Cue>> CUES = new HashMap<>();
    private static final Set<String> FILLERS = Set.of("is", "was", "number", "numbers", "no", "num", "nr", "nbr", "id",
            "of", "the", "my", "its", "it", "reads", "are", "be", "code", "on", "card", "should", "has", "ends", "in",
            "with", "identifier", "#");
    private static final int MAX_ID_CHARS = 40;

    static {
        cues(PhiCategory.MEDICAL_ID, "mrn", "medical record", "medical record number", "med rec", "record number",
                "record no", "record", "hospital record", "hospital number", "hospital id", "patient id",
                "patient number", "patient no", "patient identifier", "chart number", "chart no", "chart id",
                "case number", "encounter number", "encounter id", "accession number", "health record", "nhs number",
                "medical id", "ehr id", "emr number", "emr id", "clinic number", "admission number");
        cues(PhiCategory.INSURANCE_ID, "member id", "member-id", "member number", "member no", "member", "membership number",
                "subscriber id", "subscriber number", "policy number", "policy no", "policy id", "policy",
                "group number", "group no", "group id", "insurance id", "insurance number", "insurance no",
                "insurance card", "insurance", "plan id", "plan number", "beneficiary id", "beneficiary number",
                "medicare number", "medicare id", "medicare mbi", "medicare", "mbi", "medicaid number", "medicaid id",
                "medicaid", "hicn", "hic number", "health card", "health card number", "health insurance", "claim number",
                "claim id", "claim no", "cigna", "cigna id", "aetna", "aetna id", "humana", "unitedhealthcare",
                "united healthcare", "uhc", "kaiser", "anthem", "bcbs", "blue cross", "blue shield", "tricare",
                "molina", "centene", "wellcare", "ambetter", "highmark", "premera", "regence", "optum", "bupa", "oscar");
        cues(PhiCategory.ACCOUNT_NUMBER, "account number", "account no", "account", "acct", "acct no", "billing number",
                "billing account", "bank account", "routing number", "card number", "credit card", "debit card",
                "iban", "invoice number", "payment card");
        cues(PhiCategory.LICENSE_NUMBER, "license", "licence", "license number", "licence number", "license no",
                "driver license", "drivers license", "driver licence", "driving licence", "driving license", "dl",
                "certificate number", "certificate", "certification number", "dea number", "dea", "permit number",
                "permit", "medical license", "state license", "board certification");
        cues(PhiCategory.VEHICLE_ID, "license plate", "licence plate", "plate number", "plate", "number plate", "vin",
                "vehicle identification number", "vehicle id", "tag number", "registration plate", "reg number",
                "registration number", "car registration");
        cues(PhiCategory.DEVICE_ID, "serial number", "serial no", "serial", "s/n", "sn", "device id", "device number",
                "device serial", "imei", "udi", "mac address", "pacemaker id", "implant id", "pump id", "meter id",
                "model and serial", "device identifier", "lot number");
        cues(PhiCategory.BIOMETRIC, "fingerprint", "fingerprint id", "retina scan", "retinal scan", "iris scan",
                "voiceprint", "voice print", "faceprint", "face id", "biometric", "biometric id", "palm print",
                "dna profile", "genetic id");
        cues(PhiCategory.OTHER_ID, "npi", "npi number", "employee id", "employee number", "student id", "id number",
                "identification number", "id", "tax id", "ein", "itin", "passport number", "passport", "national id",
                "customer id", "customer number", "reference number", "confirmation number", "user id", "username");
        cues(PhiCategory.SSN, "ssn", "social security", "social security number", "social security no", "ss");
        for (List<Cue> list : CUES.values()) {
            list.sort((a, b) -> b.words().length - a.words().length);
        }
    }

    private CueDetector() {
    }

    private static void cues(PhiCategory category, String... phrases) {
        for (String p : phrases) {
            String[] words = p.split(" ");
            CUES.computeIfAbsent(words[0], k -> new ArrayList<>()).add(new Cue(words, category));
        }
    }

    static void scan(Tokens t, Findings out) {
        for (int i = 0; i < t.size; i++) {
            if (t.kind[i] != Tokens.WORD && t.kind[i] != Tokens.ALNUM) {
                continue;
            }
            List<Cue> candidates = CUES.get(t.lower[i]);
            if (candidates == null) {
                continue;
            }
            for (Cue cue : candidates) {
                int j = match(t, i, cue.words());
                if (j < 0) {
                    continue;
                }
                int k = skipFillers(t, j);
                int end = captureId(t, k, cue.category());
                if (end > 0) {
                    out.add(cue.category(), t.start[k], end, 0.96);
                }
                break;
            }
        }
    }

    /** Token index after the phrase, or -1. Punctuation between words is allowed ("s/n", "driver's license"). */
    private static int match(Tokens t, int i, String[] words) {
        int k = i;
        for (int w = 0; w < words.length; w++) {
            while (w > 0 && k < t.size && t.kind[k] == Tokens.PUNCT && (t.punct(k) == '/' || t.punct(k) == '-')) {
                k++;
            }
            if (k >= t.size || !words[w].equals(t.lower[k])) {
                return -1;
            }
            k++;
        }
        return k;
    }

    private static int skipFillers(Tokens t, int j) {
        int k = j;
        for (int skipped = 0; k < t.size && skipped < 6; skipped++) {
            if (t.kind[k] == Tokens.PUNCT && ":#-=.()/\u2013\u2014'\"".indexOf(t.punct(k)) >= 0
                    || t.kind[k] == Tokens.WORD && FILLERS.contains(t.lower[k])) {
                k++;
            } else {
                break;
            }
        }
        return k;
    }

    /** End offset of the identifier starting at token k, or -1. */
    private static int captureId(Tokens t, int k, PhiCategory category) {
        if (k >= t.size || t.newlineBefore[k] && k > 0 && t.kind[k - 1] != Tokens.PUNCT) {
            return -1;
        }
        int digits = 0;
        int alnum = 0;
        int end = -1;
        int p = k;
        boolean lastHadDigit = false;
        while (p < t.size && t.end[p] - t.start[k] <= MAX_ID_CHARS) {
            byte kind = t.kind[p];
            boolean piece = kind == Tokens.NUM || kind == Tokens.ALNUM
                    || kind == Tokens.WORD && (t.allCaps[p] || t.end[p] - t.start[p] <= 3) && t.end[p] - t.start[p] <= 5
                    && (p + 1 < t.size && t.attached(p + 1) || p > k && t.attached(p));
            if (!piece) {
                break;
            }
            if (p > k && !t.attached(p)) {
                // a space inside an identifier only between digit groups: "U82736450 03", "123 456 789"
                if (!(lastHadDigit && kind == Tokens.NUM && t.start[p] - t.end[p - 1] == 1)) {
                    break;
                }
            }
            int len = t.end[p] - t.start[p];
            int d = kind == Tokens.NUM ? len : kind == Tokens.ALNUM ? countDigits(t.text, t.start[p], t.end[p]) : 0;
            digits += d;
            alnum += len;
            lastHadDigit = d > 0;
            end = t.end[p];
            p++;
            // joiners: a hyphen, slash or dot directly between two pieces
            if (p + 1 < t.size && t.kind[p] == Tokens.PUNCT && "-/.".indexOf(t.punct(p)) >= 0 && t.attached(p)
                    && t.attached(p + 1) && t.kind[p + 1] != Tokens.PUNCT) {
                p++;
            }
        }
        boolean enough = category == PhiCategory.VEHICLE_ID ? digits >= 1 && alnum >= 4
                : digits >= 3 && alnum >= 4 || digits >= 2 && alnum >= 6;
        return enough ? end : -1;
    }

    private static int countDigits(String text, int s, int e) {
        int d = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                d++;
            }
        }
        return d;
    }
}
