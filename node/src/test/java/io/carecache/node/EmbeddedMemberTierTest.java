package io.carecache.node;

import com.hazelcast.map.impl.proxy.NearCachedMapProxyImpl;
import io.carecache.CareCache;
import io.carecache.KeyRing;

/** The tier behaviour through a facade over an embedded member (the member's own near cache is L1). */
class EmbeddedMemberTierTest extends TierBehaviourContract {

    @Override
    protected CareCache connect(KeyRing keyRing) {
        return node1.cache(keyRing);
    }

    @Override
    protected void clearL1() {
        ((NearCachedMapProxyImpl<?, ?>) entryMap()).getNearCache().clear();
    }
}
