package io.carecache.node.deploy;

import com.google.gson.Gson;
import com.google.gson.JsonElement;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Strict validation of Kubernetes manifests against the API schema, using the models the official
 * Java client generates from the Kubernetes OpenAPI specification: their
 * {@code validateJsonElement} rejects fields the schema does not define (at every depth), missing
 * required fields and values of the wrong JSON type.
 */
final class KubernetesSchema {
    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Gson GSON = new Gson();

    // The API group of each built-in kind these manifests may use. The generated class names carry
    // the version and kind only, so the group is checked here; a kind missing from the table fails.
    private static final Map<String, String> GROUP_OF_KIND = Map.ofEntries(
            Map.entry("ConfigMap", ""),
            Map.entry("Secret", ""),
            Map.entry("Service", ""),
            Map.entry("ServiceAccount", ""),
            Map.entry("Namespace", ""),
            Map.entry("StatefulSet", "apps"),
            Map.entry("Deployment", "apps"),
            Map.entry("PodDisruptionBudget", "policy"),
            Map.entry("NetworkPolicy", "networking.k8s.io"),
            Map.entry("Role", "rbac.authorization.k8s.io"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io"));

    private KubernetesSchema() {
    }

    /** Whether {@code kind} is a built-in kind this validator knows. */
    static boolean isBuiltIn(String kind) {
        return GROUP_OF_KIND.containsKey(kind);
    }

    /**
     * Validates one manifest document.
     *
     * @throws InvalidManifestException naming the object and the first problem found
     */
    static void validate(Map<String, Object> document) {
        String apiVersion = text(document, "apiVersion");
        String kind = text(document, "kind");
        String name = document.get("metadata") instanceof Map<?, ?> metadata && metadata.get("name") != null
                ? metadata.get("name").toString() : "(no name)";
        String where = kind + "/" + name;
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (!GROUP_OF_KIND.containsKey(kind)) {
            throw new InvalidManifestException(where + ": no schema for kind " + kind + " (" + apiVersion + ")");
        }
        if (!GROUP_OF_KIND.get(kind).equals(group)) {
            throw new InvalidManifestException(where + ": kind " + kind + " is not in API group '" + group
                    + "' (expected '" + GROUP_OF_KIND.get(kind) + "')");
        }
        if (version.isEmpty()) {
            throw new InvalidManifestException(where + ": apiVersion '" + apiVersion + "' has no version");
        }
        String className = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Method validator;
        try {
            validator = Class.forName(className).getMethod("validateJsonElement", JsonElement.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new InvalidManifestException(where + ": no schema for " + apiVersion + " " + kind);
        }
        try {
            validator.invoke(null, GSON.toJsonTree(document));
        } catch (InvocationTargetException e) {
            String problem = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            // The generated messages end with the whole JSON of the offending object; keep the sentence.
            int json = problem.indexOf(" JSON: ");
            throw new InvalidManifestException(where + ": " + (json < 0 ? problem : problem.substring(0, json)));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + className + ".validateJsonElement", e);
        }
    }

    private static String text(Map<String, Object> document, String field) {
        Object value = document.get(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new InvalidManifestException("a document has no " + field + ": " + document.keySet());
        }
        return text;
    }

    /** A manifest the Kubernetes API would refuse. */
    static final class InvalidManifestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidManifestException(String message) {
            super(message);
        }
    }
}
