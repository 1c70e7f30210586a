package io.carecache;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * A generated answer as the assistant returns it: the seed's {@code response_data}
 * {@code {ai_response, rag_sources, confidence_score}}. It round-trips through the cache exactly.
 *
 * @param aiResponse the generated text
 * @param ragSources identifiers of the retrieved sources the answer cites
 * @param confidenceScore the generator's confidence, 0 to 1
 */
public record CareResponse(
        @JsonProperty("ai_response") String aiResponse,
        @JsonProperty("rag_sources") List<String> ragSources,
        @JsonProperty("confidence_score") double confidenceScore) {

    @JsonCreator
    public CareResponse {
        if (aiResponse == null) {
            throw new InvalidRequestException("response.ai_response", "is required");
        }
        ragSources = List.copyOf(Objects.requireNonNullElse(ragSources, List.of()));
        if (!(confidenceScore >= 0.0 && confidenceScore <= 1.0)) {
            throw new InvalidRequestException("response.confidence_score",
                    "must be between 0.0 and 1.0, was " + confidenceScore);
        }
    }
}
