package io.carecache.internal.phi;

/** Check digits of the identifier formats that have one. All take digit/letter strings without separators. */
final class Checksums {
    private Checksums() {
    }

    /** Luhn (mod 10) over a string of digits: payment cards, IMEI. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** US National Provider Identifier: 10 digits, Luhn over the prefix 80840 plus the number. */
    static boolean npi(CharSequence digits) {
        return digits.length() == 10 && (digits.charAt(0) == '1' || digits.charAt(0) == '2') && luhn("80840" + digits);
    }

    /** Vehicle Identification Number (17 characters, no I, O, Q): the check digit in position 9. */
    static boolean vin(CharSequence vin) {
        if (vin.length() != 17) {
            return false;
        }
        final String weights = "8765432X098765432";
        int sum = 0;
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < 17; i++) {
            char c = Character.toUpperCase(vin.charAt(i));
            int v = vinValue(c);
            if (v < 0) {
                return false;
            }
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            char w = weights.charAt(i);
            int weight = w == 'X' ? 10 : w - '0';
            sum += v * weight;
        }
        int check = sum % 11;
        char expected = check == 10 ? 'X' : (char) ('0' + check);
        return letter && digit && Character.toUpperCase(vin.charAt(8)) == expected;
    }

    private static int vinValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        final String map = "A1B2C3D4E5F6G7H8J1K2L3M4N5P7R9S2T3U4V5W6X7Y8Z9";
        int i = map.indexOf(c);
        return i >= 0 && i % 2 == 0 ? map.charAt(i + 1) - '0' : -1;
    }

    /** IBAN: two letters, two check digits, up to 30 alphanumerics; mod 97 of the rearranged number is 1. */
    static boolean iban(CharSequence s) {
        int n = s.length();
        if (n < 15 || n > 34 || !Character.isLetter(s.charAt(0)) || !Character.isLetter(s.charAt(1))
                || !Character.isDigit(s.charAt(2)) || !Character.isDigit(s.charAt(3))) {
            return false;
        }
        int rem = 0;
        for (int k = 0; k < n; k++) {
            char c = Character.toUpperCase(s.charAt((k + 4) % n));
            if (c >= '0' && c <= '9') {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /** DEA registration number: two letters, seven digits, last digit a weighted checksum. */
    static boolean dea(CharSequence s) {
        if (s.length() != 9 || !Character.isLetter(s.charAt(0)) || !Character.isLetterOrDigit(s.charAt(1))) {
            return false;
        }
        int[] d = new int[7];
        for (int i = 0; i < 7; i++) {
            char c = s.charAt(i + 2);
            if (c < '0' || c > '9') {
                return false;
            }
            d[i] = c - '0';
        }
        int sum = d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5]);
        return sum % 10 == d[6];
    }

    /**
     * Medicare Beneficiary Identifier (CMS format): 11 characters, C A AN N A AN N A A N N, where C is
     * 1-9, N a digit and A a letter other than S, L, O, I, B, Z.
     */
    static boolean mbi(CharSequence s) {
        if (s.length() != 11) {
            return false;
        }
        final String pattern = "CAXNAXNAANN";
        for (int i = 0; i < 11; i++) {
            char c = Character.toUpperCase(s.charAt(i));
            boolean ok = switch (pattern.charAt(i)) {
                case 'C' -> c >= '1' && c <= '9';
                case 'N' -> c >= '0' && c <= '9';
                case 'A' -> mbiLetter(c);
                default -> c >= '0' && c <= '9' || mbiLetter(c);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean mbiLetter(char c) {
        return c >= 'A' && c <= 'Z' && "SLOIBZ".indexOf(c) < 0;
    }

    /** Plausible US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000. */
    static boolean ssn(CharSequence nine) {
        if (nine.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(nine.subSequence(0, 3).toString());
        int group = Integer.parseInt(nine.subSequence(3, 5).toString());
        int serial = Integer.parseInt(nine.subSequence(5, 9).toString());
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }
}
