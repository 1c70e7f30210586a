package io.carecache.internal.grid;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import com.hazelcast.core.IExecutorService;
import io.carecache.ErasureFailedException;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs on one member and deletes a subject's documents from L3 through the member's
 * {@link SubjectEraser}: entries evicted from L2 long ago live only there, so removing the
 * subject's grid entries is not enough. Carries only the subject hash. Returns the documents deleted.
 */
public final class EraseSubjectTask implements Callable<Long>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String subjectHash;
    private transient HazelcastInstance member;

    public EraseSubjectTask(String subjectHash) {
        this.subjectHash = subjectHash;
    }

    /**
     * Runs the erasure of a subject's stored documents on one member (any: they share MongoDB).
     *
     * @throws ErasureFailedException when it fails or does not finish within {@code timeout}
     */
    public static long runOnAMember(IExecutorService executor, String subjectHash, Duration timeout) {
        try {
            return executor.submit(new EraseSubjectTask(subjectHash)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new ErasureFailedException("the subject's key is deleted, so its entries no longer decrypt, but its "
                    + "stored documents could not all be deleted (" + e.getClass().getSimpleName() + "); call "
                    + "forgetSubject again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErasureFailedException("interrupted while deleting the subject's stored documents; the key is deleted", e);
        }
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.member = hazelcastInstance;
    }

    @Override
    public Long call() {
        return SubjectEraser.of(member).map(e -> e.erase(subjectHash)).orElse(0L);
    }
}
