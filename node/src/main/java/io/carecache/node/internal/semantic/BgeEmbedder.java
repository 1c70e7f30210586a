package io.carecache.node.internal.semantic;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import java.util.List;

/**
 * BGE-small-en-v1.5 (int8-quantized ONNX, 384 dimensions) in process, from langchain4j's
 * Maven Central artifact: no model server, no download at run time. Loading takes about two
 * seconds, so a member keeps one instance. Questions are embedded without BGE's retrieval
 * instruction: matching is question-to-question (symmetric), not question-to-passage.
 */
public final class BgeEmbedder implements Embedder {
    /** The model id stored with every vector. */
    public static final String MODEL_ID = "bge-small-en-v1.5-q";
    /** The length of its vectors. */
    public static final int DIMENSIONS = 384;

    private static final Object LOCK = new Object();
    private static volatile BgeEmbedder shared;

    private final BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel();

    /**
     * One model per JVM, loaded on first use: members in one process (tests, a member embedding
     * the application) share it, and a member that never sees a semantic request never loads it.
     */
    public static Embedder lazyShared() {
        return new Embedder() {
            @Override
            public String modelId() {
                return MODEL_ID;
            }

            @Override
            public int dimensions() {
                return DIMENSIONS;
            }

            @Override
            public float[] embed(String text) {
                return instance().embed(text);
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                return instance().embedAll(texts);
            }
        };
    }

    private static BgeEmbedder instance() {
        BgeEmbedder e = shared;
        if (e == null) {
            synchronized (LOCK) {
                e = shared;
                if (e == null) {
                    e = new BgeEmbedder();
                    shared = e;
                }
            }
        }
        return e;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public float[] embed(String text) {
        return Embedder.normalize(model.embed(text).content().vector());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        // One ONNX call per batch (langchain4j pads the batch): cheaper than one call per question.
        List<Embedding> out = model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
        return out.stream().map(e -> Embedder.normalize(e.vector())).toList();
    }
}
