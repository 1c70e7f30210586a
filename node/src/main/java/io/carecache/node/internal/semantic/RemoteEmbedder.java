package io.carecache.node.internal.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embeddings from a BGE model server over HTTP: Hugging Face text-embeddings-inference's
 * {@code POST /embed} or an OpenAI-compatible {@code POST /v1/embeddings}. Each call has a
 * deadline, transient failures (I/O errors, 5xx, 429) are retried a few times, and a circuit
 * breaker stops calling a server that keeps failing, so lookups fall back to misses quickly
 * instead of waiting on it.
 */
public final class RemoteEmbedder implements Embedder {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The wire protocol of the model server. */
    public enum Api {
        /** text-embeddings-inference: {@code {"inputs": [...]}} → {@code [[...], ...]}. */
        TEI,
        /** OpenAI-compatible: {@code {"model": m, "input": [...]}} → {@code {"data": [{"embedding": [...]}]}}. */
        OPENAI
    }

    private final OkHttpClient http;
    private final String url;
    private final Api api;
    private final String model;
    private final int attempts;
    private final Duration backoff;
    private final CircuitBreaker breaker;

    private RemoteEmbedder(Builder b) {
        this.http = new OkHttpClient.Builder()
                .connectTimeout(b.timeout)
                .readTimeout(b.timeout)
                .writeTimeout(b.timeout)
                .callTimeout(b.timeout)
                .retryOnConnectionFailure(false)
                .build();
        String base = b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
        this.url = base + (b.api == Api.TEI ? "/embed" : "/v1/embeddings");
        this.api = b.api;
        this.model = b.model;
        this.attempts = b.attempts;
        this.backoff = b.backoff;
        this.breaker = CircuitBreaker.of("embedding-service", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.breakerWindow)
                .minimumNumberOfCalls(b.breakerWindow)
                .failureRateThreshold(50)
                .waitDurationInOpenState(b.breakerOpenFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(IOException.class, EmbeddingUnavailableException.class)
                .build());
    }

    /** A client for the server at {@code baseUrl} (scheme, host, port, optional path prefix). */
    public static Builder builder(String baseUrl, Api api) {
        return new Builder(baseUrl, api);
    }

    @Override
    public String modelId() {
        return model;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        try {
            return breaker.executeCallable(() -> withRetries(texts));
        } catch (CallNotPermittedException e) {
            throw new EmbeddingUnavailableException("the embedding service circuit is open after repeated failures; "
                    + "retrying after the wait period", e);
        } catch (EmbeddingUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new EmbeddingUnavailableException("the embedding service at " + url + " failed: " + e.getMessage(), e);
        }
    }

    /** The circuit breaker's state, for metrics and health. */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    private List<float[]> withRetries(List<String> texts) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return call(texts);
            } catch (RetryableException e) {
                last = e;
            }
            if (attempt < attempts) {
                Thread.sleep(backoff.toMillis() * attempt);
            }
        }
        throw last;
    }

    private List<float[]> call(List<String> texts) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode input = body.putArray(api == Api.TEI ? "inputs" : "input");
        texts.forEach(input::add);
        if (api == Api.OPENAI) {
            body.put("model", model);
        }
        Request request = new Request.Builder().url(url)
                .post(RequestBody.create(JSON.writeValueAsBytes(body), JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() >= 500 || response.code() == 429) {
                throw new RetryableException("HTTP " + response.code());
            }
            if (!response.isSuccessful()) {
                throw new EmbeddingUnavailableException("the embedding service answered HTTP " + response.code()
                        + " to POST " + url, null);
            }
            ResponseBody rb = Objects.requireNonNull(response.body());
            return parse(JSON.readTree(rb.byteStream()), texts.size());
        } catch (RetryableException e) {
            throw e;
        } catch (IOException e) {
            // Timeouts and connection failures are worth another attempt.
            throw new RetryableException(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private List<float[]> parse(JsonNode root, int expected) {
        JsonNode rows = api == Api.TEI ? root : root.path("data");
        if (!rows.isArray() || rows.size() != expected) {
            throw new EmbeddingUnavailableException("the embedding service returned " + (rows.isArray() ? rows.size() : 0)
                    + " vectors for " + expected + " inputs", null);
        }
        List<float[]> out = new ArrayList<>(expected);
        for (JsonNode row : rows) {
            JsonNode values = api == Api.TEI ? row : row.path("embedding");
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) values.get(i).asDouble();
            }
            if (v.length == 0) {
                throw new EmbeddingUnavailableException("the embedding service returned an empty vector", null);
            }
            out.add(Embedder.normalize(v));
        }
        return out;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static final class RetryableException extends IOException {
        private static final long serialVersionUID = 1L;

        RetryableException(String message) {
            super(message);
        }
    }

    /** Builds a {@link RemoteEmbedder}. */
    public static final class Builder {
        private final String baseUrl;
        private final Api api;
        private String model = BgeEmbedder.MODEL_ID;
        private Duration timeout = Duration.ofSeconds(2);
        private int attempts = 3;
        private Duration backoff = Duration.ofMillis(50);
        private int breakerWindow = 10;
        private Duration breakerOpenFor = Duration.ofSeconds(30);

        private Builder(String baseUrl, Api api) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("embedding service URL must start with http:// or https://, got " + baseUrl);
            }
            this.baseUrl = baseUrl;
            this.api = Objects.requireNonNull(api, "api");
        }

        /** The model id sent to OpenAI-style servers and stored with the vectors. */
        public Builder model(String m) {
            this.model = Objects.requireNonNull(m, "model");
            return this;
        }

        /** The deadline of one HTTP call (connect to last byte); 2 s by default. */
        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        /** Attempts per embedding (1 = no retry), 1 to 10; 3 by default. */
        public Builder attempts(int n) {
            if (n < 1 || n > 10) {
                throw new IllegalArgumentException("embedding attempts must be 1 to 10, got " + n);
            }
            this.attempts = n;
            return this;
        }

        /** Pause before the second attempt (grows linearly); 50 ms by default. */
        public Builder backoff(Duration d) {
            this.backoff = d;
            return this;
        }

        /** Calls the breaker looks back on; it opens when half of them failed. 10 by default. */
        public Builder breakerWindow(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("breaker window must be at least 1 call, got " + calls);
            }
            this.breakerWindow = calls;
            return this;
        }

        /** How long the breaker stays open before letting a trial call through; 30 s by default. */
        public Builder breakerOpenFor(Duration d) {
            this.breakerOpenFor = d;
            return this;
        }

        public RemoteEmbedder build() {
            return new RemoteEmbedder(this);
        }
    }
}
