package io.carecache.internal.phi;

import io.carecache.PhiCategory;

import java.util.Set;

/**
 * E-mail addresses, URLs, IPv6 and MAC addresses, by hand-written character scans. Every scan
 * moves forward through text it has not read yet, or backwards no further than the previous
 * {@code @}, so the whole detector is linear.
 */
final class EmailUrlDetector {
    private static final int MAX_PART = 254;
    private static final Set<String> TLDS = Set.of("com", "org", "net", "edu", "gov", "mil", "int", "io", "co", "us",
            "uk", "ca", "au", "de", "fr", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "is", "es", "pt", "it", "pl",
            "cz", "sk", "hu", "ro", "gr", "cy", "ee", "lv", "lt", "ie", "jp", "cn", "in", "br", "mx", "ar", "za", "nz",
            "info", "biz", "me", "health", "care", "clinic", "app", "dev", "ly", "tv", "ru", "ua", "tr", "il");

    private EmailUrlDetector() {
    }

    static void scan(String text, Findings out) {
        emails(text, out);
        urls(text, out);
        hexColon(text, out);
    }

    private static void emails(String text, Findings out) {
        int n = text.length();
        int previousAt = -1;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int s = at;
            while (s > 0 && s > previousAt + 1 && at - s < MAX_PART && isLocal(text.charAt(s - 1))) {
                s--;
            }
            while (s < at && (text.charAt(s) == '.' || text.charAt(s) == '-')) {
                s++;
            }
            previousAt = at;
            if (s == at) {
                continue;
            }
            int e = at + 1;
            int lastDot = -1;
            while (e < n && e - at < MAX_PART && isDomain(text.charAt(e))) {
                if (text.charAt(e) == '.') {
                    lastDot = e;
                }
                e++;
            }
            while (e > at + 1 && (text.charAt(e - 1) == '.' || text.charAt(e - 1) == '-')) {
                e--;
                if (e - 1 < lastDot) {
                    lastDot = text.lastIndexOf('.', e - 1);
                }
            }
            if (lastDot > at + 1 && e - lastDot > 2 && allLetters(text, lastDot + 1, e)) {
                out.add(PhiCategory.EMAIL, s, e, 0.97);
            }
        }
    }

    private static void urls(String text, Findings out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int prefix = 0;
            if ((c == 'h' || c == 'H') && (startsWithIgnoreCase(text, i, "http://") || startsWithIgnoreCase(text, i, "https://"))) {
                prefix = text.indexOf("//", i) + 2 - i;
            } else if ((c == 'f' || c == 'F') && startsWithIgnoreCase(text, i, "ftp://")) {
                prefix = 6;
            } else if ((c == 'w' || c == 'W') && startsWithIgnoreCase(text, i, "www.") && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                prefix = 4;
            }
            if (prefix > 0) {
                int e = i + prefix;
                while (e < n && isUrlChar(text.charAt(e))) {
                    e++;
                }
                e = trimTrailing(text, i + prefix, e);
                if (e > i + prefix + 2) {
                    out.add(PhiCategory.URL, i, e, 0.9);
                }
                i = Math.max(e, i + 1);
                continue;
            }
            if (isDomain(c) && (i == 0 || !isDomain(text.charAt(i - 1)) && text.charAt(i - 1) != '@' && text.charAt(i - 1) != '/')) {
                // bare domain followed by a path: example-health.org/patient/123
                int e = i;
                int lastDot = -1;
                while (e < n && isDomain(text.charAt(e))) {
                    if (text.charAt(e) == '.') {
                        lastDot = e;
                    }
                    e++;
                }
                if (lastDot > i && e < n && text.charAt(e) == '/' && (e >= n - 1 || text.charAt(e + 1) != '/')
                        && TLDS.contains(text.substring(lastDot + 1, e).toLowerCase(java.util.Locale.ROOT))) {
                    int end = e;
                    while (end < n && isUrlChar(text.charAt(end))) {
                        end++;
                    }
                    end = trimTrailing(text, e, end);
                    out.add(PhiCategory.URL, i, end, 0.88);
                    i = end;
                    continue;
                }
                i = Math.max(e, i + 1);
                continue;
            }
            i++;
        }
    }

    /** IPv6 addresses and MAC addresses: runs of hex digits and colons. */
    private static void hexColon(String text, Findings out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!(isHex(c) || c == ':') || i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            int e = i;
            int colons = 0;
            int groupLen = 0;
            int maxGroup = 0;
            boolean digit = false;
            boolean doubleColon = false;
            int groups = 0;
            while (e < n && (isHex(text.charAt(e)) || text.charAt(e) == ':' || text.charAt(e) == '-' && colons == 0 && groups < 6)) {
                char d = text.charAt(e);
                if (d == ':' || d == '-') {
                    if (d == ':') {
                        colons++;
                    }
                    if (groupLen == 0 && e > i) {
                        doubleColon = true;
                    }
                    if (groupLen > 0) {
                        groups++;
                    }
                    groupLen = 0;
                } else {
                    digit |= Character.isDigit(d);
                    groupLen++;
                    maxGroup = Math.max(maxGroup, groupLen);
                }
                e++;
            }
            if (groupLen > 0) {
                groups++;
            }
            boolean boundary = e >= n || !Character.isLetterOrDigit(text.charAt(e));
            int len = e - i;
            if (boundary && digit && maxGroup <= 4) {
                if (groups == 6 && len == 17 && maxGroup == 2) {
                    out.add(PhiCategory.DEVICE_ID, i, e, 0.9);
                } else if (colons >= 2 && (groups >= 4 || doubleColon && groups >= 2) && len >= 7) {
                    out.add(PhiCategory.IP_ADDRESS, i, e, 0.9);
                }
            }
            i = Math.max(e, i + 1);
        }
    }

    private static int trimTrailing(String text, int min, int e) {
        while (e > min && ".,;:!?)]}'\"".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return e;
    }

    private static boolean startsWithIgnoreCase(String text, int i, String prefix) {
        return text.regionMatches(true, i, prefix, 0, prefix.length());
    }

    private static boolean isLocal(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomain(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean isUrlChar(char c) {
        return !Character.isWhitespace(c) && c != '<' && c != '>' && c != '"' && c != '`';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean allLetters(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
