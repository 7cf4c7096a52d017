package dev.eaglelm.core.llm;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed backend spec string: {@code scheme:target?key=value&key=value}.
 *
 * <p>Examples: {@code openai:http://127.0.0.1:8080/v1?model=qwen2.5&apiKeyEnv=OPENAI_API_KEY},
 * {@code gguf:/models/SmolLM2.gguf?threads=1&ctx=2048}, {@code langchain4j:com.acme.MyChatModel},
 * {@code surrogate:/data/movielens/overviews.csv?seed=7}. The query is the part after the <em>last</em>
 * {@code '?'} when every part of it has the form {@code key=value}; keys are case-sensitive and values are
 * URL-decoded. Secrets never belong in a spec: a parameter that looks like one ({@code apiKey},
 * {@code key}, {@code token}, {@code password}) is refused with advice to use an environment variable.
 *
 * @param scheme the backend scheme in lower case, e.g. {@code "openai"}
 * @param target what follows the scheme up to the query (a URL, a path, a class name); may be empty
 * @param params the query parameters, in order
 */
public record BackendSpec(String scheme, String target, Map<String, String> params) {

    private static final Set<String> SECRET_KEYS = Set.of("apikey", "api_key", "key", "token", "password",
            "secret", "authorization");

    /**
     * Creates the record, validating its components.
     *
     * @param scheme the backend scheme in lower case, e.g. {@code "openai"}
     * @param target what follows the scheme up to the query (a URL, a path, a class name); may be empty
     * @param params the query parameters, in order
     * @throws IllegalArgumentException if the scheme is blank or a parameter holds a secret
     */
    public BackendSpec {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(target, "target");
        if (scheme.isBlank()) {
            throw new IllegalArgumentException("backend spec: empty scheme");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        for (String k : params.keySet()) {
            if (SECRET_KEYS.contains(k.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("backend spec: parameter '" + k + "' looks like a secret; "
                        + "secrets never go into a spec: put the key in an environment variable and name it with "
                        + "apiKeyEnv=NAME");
            }
        }
    }

    /**
     * Parses a spec string.
     *
     * @param spec e.g. {@code "openai:http://127.0.0.1:8080/v1?model=x"}
     * @return the parsed spec
     * @throws IllegalArgumentException if the string has no {@code scheme:} prefix or a malformed query;
     *     the message quotes the spec
     */
    public static BackendSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("backend spec '" + spec + "': expected scheme:target, e.g. "
                    + "surrogate:/data/movielens/overviews.csv, gguf:/models/m.gguf or "
                    + "openai:http://127.0.0.1:8080/v1?model=NAME");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("backend spec '" + spec + "': invalid scheme '" + scheme + "'");
        }
        String rest = s.substring(colon + 1);
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.lastIndexOf('?');
        if (q >= 0) {
            String query = rest.substring(q + 1);
            Map<String, String> parsed = parseQuery(query);
            if (parsed != null) {
                params.putAll(parsed);
                rest = rest.substring(0, q);
            }
        }
        return new BackendSpec(scheme, rest, params);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String part : query.split("&", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null; // not a key=value query: part of the target
            }
            String k = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8);
            String v = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /**
     * Returns a parameter.
     *
     * @param key the key
     * @param fallback the value when absent
     * @return the value or {@code fallback}
     */
    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /**
     * Returns an integer parameter.
     *
     * @param key the key
     * @param fallback the value when absent
     * @return the value
     * @throws IllegalArgumentException if the value is not an integer; the message names the key
     */
    public int intParam(String key, int fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend spec " + this + ": parameter " + key
                    + " must be an integer, got '" + v + "'", e);
        }
    }

    /**
     * Returns a long parameter.
     *
     * @param key the key
     * @param fallback the value when absent
     * @return the value
     * @throws IllegalArgumentException if the value is not an integer; the message names the key
     */
    public long longParam(String key, long fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend spec " + this + ": parameter " + key
                    + " must be an integer, got '" + v + "'", e);
        }
    }

    /**
     * Returns a floating-point parameter.
     *
     * @param key the key
     * @param fallback the value when absent
     * @return the value
     * @throws IllegalArgumentException if the value is not a finite number; the message names the key
     */
    public double doubleParam(String key, double fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend spec " + this + ": parameter " + key
                    + " must be a number, got '" + v + "'", e);
        }
    }

    /**
     * Fails if the spec carries a parameter the backend does not know (catches typos).
     *
     * @param known the keys the backend reads
     * @throws IllegalArgumentException naming the unknown key and the known ones
     */
    public void requireOnly(Set<String> known) {
        for (String k : params.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("backend spec " + this + ": unknown parameter '" + k
                        + "'; known: " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    /** Returns the spec in its string form (no secrets can be in it). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(scheme).append(':').append(target);
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return b.toString();
    }
}
