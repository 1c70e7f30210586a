package io.carecache.internal.request;

import io.carecache.CacheRequest;
import io.carecache.CacheSettings;
import io.carecache.InvalidRequestException;
import io.carecache.Scope;

import java.nio.charset.StandardCharsets;

/** Checks request text before anything else touches it: size limits and well-formed Unicode. */
public final class RequestValidator {
    private final CacheSettings settings;

    public RequestValidator(CacheSettings settings) {
        this.settings = settings;
    }

    /** Throws {@link InvalidRequestException} naming the field when the request is unacceptable. */
    public void validate(CacheRequest request) {
        checkText("query", request.query());
        int bytes = request.query().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxQueryBytes()) {
            throw new InvalidRequestException("query", "is " + bytes + " bytes in UTF-8; the limit ("
                    + CacheSettings.MAX_QUERY_BYTES + ") is 1 to " + settings.maxQueryBytes() + " bytes");
        }
        request.context().careContexts().forEach(c -> checkText("context.careContexts[]", c));
        request.context().cohort().forEach((k, v) -> checkText("context.cohort[" + printable(k) + "]", v));
        // Every other text that reaches a key or a hash: UTF-8 encodes an unpaired surrogate as '?',
        // so two different values would otherwise share one entry, subject key or rate-limit bucket.
        checkText("context.modelVersion", request.context().modelVersion());
        checkText("context.promptVersion", request.context().promptVersion());
        request.context().cohort().keySet().forEach(k -> checkText("context.cohort key", k));
        if (request.scope() instanceof Scope.Subject subject) {
            checkText("scope.subjectId", subject.subjectId());
        }
        request.userId().ifPresent(u -> checkText("userId", u));
        request.plan().ifPresent(p -> checkText("plan", p));
    }

    /** Rejects unpaired surrogates and control characters other than tab and line breaks. */
    public static void checkText(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidRequestException(field, "is not valid Unicode: unpaired surrogate at index " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidRequestException(field, "is not valid Unicode: unpaired surrogate at index " + i);
            }
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw new InvalidRequestException(field, "contains control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
        }
    }

    private static String printable(String name) {
        return name.length() > 32 ? name.substring(0, 32) + "..." : name;
    }
}
