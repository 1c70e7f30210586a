package io.carecache.node.internal.semantic;

import java.io.Serializable;

/** One scored candidate travelling between members. */
record Hit(String cacheKey, double similarity, byte[] sealedQuestion) implements Serializable {
}
