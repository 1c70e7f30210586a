package io.carecache;

/**
 * A member's write-behind queue is full (MongoDB has been unreachable, or slower than the writes,
 * for long enough): the write was refused and nothing of it was cached. Entries stored before
 * stay queued and reach MongoDB when it is back; retry the write later. The limit is the node
 * setting {@value #SETTING}.
 */
public final class WriteQueueFullException extends CareCacheException {
    /** The node setting holding the per-member queue capacity. */
    public static final String SETTING = "carecache.write.queue-capacity";

    public WriteQueueFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
