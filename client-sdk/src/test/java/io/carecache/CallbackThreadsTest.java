package io.carecache;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's {@code putAll} registers one asynchronous callback per partition; on a machine of two
 * CPUs or fewer Hazelcast ran each on a new thread (the audit trail's batches started hundreds of
 * threads a second and slowed every L2 read). On larger machines the common pool runs them and
 * this test passes either way.
 */
class CallbackThreadsTest {
    private final TestGrid grid = new TestGrid(CacheSettings.DEFAULTS);

    @AfterEach
    void stop() {
        grid.close();
    }

    @Test
    void putAll_acrossEveryPartition_startsNoThreadPerPartition() {
        grid.member();
        HazelcastInstance client = grid.client();
        IMap<String, String> map = client.getMap("callback-threads");
        Map<String, String> batch = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            batch.put("k" + i, "v");
        }
        map.putAll(Map.of("warm", "up"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();

        map.putAll(batch);

        // 2,000 keys cover all 271 partitions: a thread per callback would start ~271.
        assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(50);
        assertThat(map.size()).isEqualTo(2_001);
    }
}
