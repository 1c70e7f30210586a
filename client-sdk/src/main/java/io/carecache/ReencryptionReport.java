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
 */
public record ReencryptionReport(String activeKeyId, long scanned, long reencrypted, long skipped, long unreadable,
                                 long subjectKeysRewrapped) {

    /** Whether every entry found is now under the active key: the other keys can leave the ring. */
    public boolean complete() {
        return reencrypted + skipped == scanned && unreadable == 0;
    }
}
