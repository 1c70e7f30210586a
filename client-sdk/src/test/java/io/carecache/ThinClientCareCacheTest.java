package io.carecache;

import com.hazelcast.core.HazelcastInstance;

/** The facade contract over a thin client. */
class ThinClientCareCacheTest extends CareCacheContract {
    @Override
    HazelcastInstance facadeInstance(TestGrid grid) {
        return grid.client();
    }
}
