package io.carecache;

/**
 * One PHI detection: its category, where it is and how sure the screener is. Carries no text,
 * so it is safe to log.
 *
 * @param category the Safe Harbor category
 * @param start index of the first character (inclusive) in the screened text
 * @param end index after the last character (exclusive)
 * @param confidence 0 to 1
 */
public record PhiFinding(PhiCategory category, int start, int end, double confidence) {
    public PhiFinding {
        if (category == null) {
            throw new IllegalArgumentException("category is required");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span must satisfy 0 <= start < end, was [" + start + ", " + end + ")");
        }
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1, was " + confidence);
        }
    }

    /** Whether this span and {@code other} share at least one character. */
    public boolean overlaps(PhiFinding other) {
        return start < other.end && other.start < end;
    }
}
