package io.carecache;

/**
 * No member of the cluster answered while a client was being started
 * ({@link CareCacheClient.Builder#build()}): wrong addresses, wrong cluster name, or the cluster
 * is down for longer than the cluster connect timeout. The message names the cluster and where
 * the client looked.
 */
public final class GridUnreachableException extends CareCacheException {
    public GridUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
