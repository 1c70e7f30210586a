package io.carecache.node.internal.http;

/**
 * What {@code /health/ready} reports.
 *
 * @param ready whether the member should receive traffic (the HTTP status: 200 or 503)
 * @param member the member's {@code host:port}; empty when it is not running
 * @param running whether the Hazelcast member is running
 * @param clusterSafe whether every partition has its backups and no migration is in flight
 * @param l3Reachable whether MongoDB (L3) looked reachable at the driver's last heartbeat (not part of {@code ready} once it has answered once)
 */
public record Readiness(boolean ready, String member, boolean running, boolean clusterSafe, boolean l3Reachable) {

    /** A member that is not (or no longer) running. */
    public static Readiness down() {
        return new Readiness(false, "", false, false, false);
    }
}
