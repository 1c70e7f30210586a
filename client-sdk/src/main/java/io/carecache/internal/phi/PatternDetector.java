package io.carecache.internal.phi;

import io.carecache.PhiCategory;

/**
 * Letter-digit identifiers read as chunks: maximal runs of letters and digits with single inner
 * hyphens ("5TG2-QW8-JN44", "PN-4410-2283", "1HGCM82633A004352"). A chunk is checked against the
 * formats with a structure or check digit — Medicare MBI, VIN, IBAN, DEA — and otherwise counts
 * as an identifying number when it mixes letters with at least five digits.
 */
final class PatternDetector {
    private PatternDetector() {
    }

    static void scan(Tokens t, Findings out) {
        String text = t.text;
        int n = text.length();
        int i = 0;
        StringBuilder compact = new StringBuilder();
        while (i < n) {
            char c = text.charAt(i);
            if (!isAlnum(c) || i > 0 && (isAlnum(text.charAt(i - 1)) || text.charAt(i - 1) == '@')) {
                i++;
                continue;
            }
            int s = i;
            int e = i;
            int letters = 0;
            int digits = 0;
            compact.setLength(0);
            while (e < n) {
                char d = text.charAt(e);
                if (isAlnum(d)) {
                    if (compact.length() < 64) {
                        compact.append(d);
                    }
                    if (d <= '9') {
                        digits++;
                    } else {
                        letters++;
                    }
                    e++;
                } else if (d == '-' && e + 1 < n && isAlnum(text.charAt(e + 1)) && e > s) {
                    e++;
                } else {
                    break;
                }
            }
            i = e;
            if (digits == 0 || letters == 0 || e < n && (Character.isLetter(text.charAt(e)) || text.charAt(e) == '@')
                    || out.overlapsAny(s, e)) {
                continue;
            }
            int len = compact.length();
            if (isUuid(text, e - 36, e) && (e - 36 == s || e - 37 >= s && text.charAt(e - 37) == '-')) {
                // Random technical ids (request, session, trace) in machine-made text; reported, below the
                // seed's threshold. A cue ("patient id", "MRN") still makes one a record number.
                out.add(PhiCategory.OTHER_ID, s, e, 0.75);
            } else if (len == 11 && Checksums.mbi(compact)) {
                out.add(PhiCategory.INSURANCE_ID, s, e, 0.95);
            } else if (len == 17 && Checksums.vin(compact)) {
                out.add(PhiCategory.VEHICLE_ID, s, e, 0.97);
            } else if (Checksums.iban(compact)) {
                out.add(PhiCategory.ACCOUNT_NUMBER, s, e, 0.97);
            } else if (len == 4 && Character.isLetter(compact.charAt(0)) && Character.isLetter(compact.charAt(1))
                    && digits == 2) {
                int ibanEnd = spacedIban(text, s, e, compact);
                if (ibanEnd > e) {
                    out.add(PhiCategory.ACCOUNT_NUMBER, s, ibanEnd, 0.97);
                    i = ibanEnd;
                }
            } else if (len == 9 && letters == 2 && Checksums.dea(compact)) {
                out.add(PhiCategory.LICENSE_NUMBER, s, e, 0.9);
            } else if (digits >= 5 && len >= 6 || digits >= 4 && letters >= 2 && len >= 8) {
                out.add(PhiCategory.OTHER_ID, s, e, 0.85);
            }
        }
    }

    /** The canonical 8-4-4-4-12 hexadecimal form. */
    private static boolean isUuid(String text, int s, int e) {
        if (s < 0 || e - s != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(s + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** "GB29 NWBK 6016 1331 9268 19": groups of four after the country code and check digits. */
    private static int spacedIban(String text, int s, int e, StringBuilder compact) {
        int n = text.length();
        int p = e;
        StringBuilder iban = new StringBuilder(compact);
        int best = e;
        for (int g = 0; g < 8 && p + 1 < n && text.charAt(p) == ' '; g++) {
            int q = p + 1;
            while (q < n && q - p <= 4 && isAlnum(text.charAt(q))) {
                q++;
            }
            if (q - p - 1 == 0 || q < n && isAlnum(text.charAt(q))) {
                break;
            }
            iban.append(text, p + 1, q);
            p = q;
            if (Checksums.iban(iban)) {
                best = q;
            }
        }
        return best;
    }

    private static boolean isAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }
}
