package io.carecache;

/**
 * What {@link CareCache#reencrypt()} did: every entry and subject key not under the ring's active
 * key was read, opened and sealed again under it, unless it changed meanwhile.
 *
 * @param activeKeyId the key everything was moved to
 * @param scanned entries found under another key (in the grid or only in MongoDB)
 * @param reencrypted entries now sealed under {@code activeKeyId}
 * @param skipped entries gone, expired or rewritten by someone else meanwhile (a newer write is never overwritten)
 * @param unreadable entries this ring cannot open (unknown key id, tampered); left alone, a lookup drops them
 * @param subjectKeysRewrapped per-subject data keys now wrapped under {@code activeKeyId}
 * @param questions the semantic index's sealed questions (all zero without a semantic index)
 */
public record ReencryptionReport(String activeKeyId, long scanned, long reencrypted, long skipped, long unreadable,
                                 long subjectKeysRewrapped, Questions questions) {

    /** A report of a cache without a semantic index. */
    public ReencryptionReport(String activeKeyId, long scanned, long reencrypted, long skipped, long unreadable,
                              long subjectKeysRewrapped) {
        this(activeKeyId, scanned, reencrypted, skipped, unreadable, subjectKeysRewrapped, Questions.NONE);
    }

    public ReencryptionReport {
        java.util.Objects.requireNonNull(questions, "questions");
    }

    /** Whether every entry and question found is now under the active key: the other keys can leave the ring. */
    public boolean complete() {
        return reencrypted + skipped == scanned && unreadable == 0 && questions.complete();
    }

    /**
     * What happened to the questions the semantic index keeps sealed beside its vectors.
     *
     * @param scanned questions found under another key
     * @param resealed questions now sealed under the active key
     * @param skipped questions gone or indexed again meanwhile
     * @param unreadable questions this ring cannot open; left alone (they match nothing until stored again)
     */
    public record Questions(long scanned, long resealed, long skipped, long unreadable) {
        /** No semantic index, nothing to move. */
        public static final Questions NONE = new Questions(0, 0, 0, 0);

        /** Whether every question found is now under the active key. */
        public boolean complete() {
            return resealed + skipped == scanned && unreadable == 0;
        }
    }
}
