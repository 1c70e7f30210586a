package io.carecache;

import com.hazelcast.core.HazelcastInstance;

/** The facade contract over an embedded member (a third member joins the two started by the contract). */
class EmbeddedMemberCareCacheTest extends CareCacheContract {
    @Override
    HazelcastInstance facadeInstance(TestGrid grid) {
        return grid.member();
    }
}
