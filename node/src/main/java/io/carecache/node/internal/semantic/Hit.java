package io.carecache.node.internal.semantic;

import java.io.Serializable;

/** One scored candidate travelling between members. */
record Hit(String cacheKey, double similarity, byte[] sealedQuestion, boolean viaCluster) implements Serializable {
    Hit viaCluster(boolean v) {
        return new Hit(cacheKey, similarity, sealedQuestion, v);
    }
}
