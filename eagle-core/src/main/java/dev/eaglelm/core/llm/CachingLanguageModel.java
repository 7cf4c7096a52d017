package dev.eaglelm.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eaglelm.core.ChatMessage;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.cache.CacheStats;
import dev.eaglelm.core.cache.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent response cache in front of a backend, stored in a {@link SqliteStore} (crash-safe, shared
 * by threads and processes).
 *
 * <p><b>Key.</b> The namespace is {@code "llm/" + backend id} (the id names the backend and its model); the
 * key is the SHA-256 of a canonical JSON form of the <em>whole</em> request (every message with its role,
 * temperature, top-p, max tokens, stop sequences, seed, format) plus a key-format version. Any change of
 * the request or the backend is a miss.
 *
 * <p><b>What is cached.</b> Under {@link Policy#DETERMINISTIC} (the default) only requests whose answer a
 * deterministic backend repeats: temperature 0 or a fixed seed ({@link CompletionRequest#deterministic()});
 * other requests pass through. {@link Policy#ALWAYS} caches every request (a replay cache), and
 * {@link Policy#OFF} none.
 *
 * <p><b>Hits.</b> A hit returns the stored text, finish reason and backend id with latency zero and
 * {@link TokenUsage#NONE} (a hit consumes no tokens), which is how callers tell hits from calls. Identical
 * requests in flight at the same time make one backend call ("single flight"). {@link #stats()} counts hits,
 * misses and writes of this decorator. Failures are not cached.
 *
 * <p>Put a {@link MeteredLanguageModel} inside this decorator so that hits do not count against a budget.
 */
public final class CachingLanguageModel implements LanguageModel {

    /** What the cache stores. */
    public enum Policy {
        /** Only deterministic requests (temperature 0 or a fixed seed). */
        DETERMINISTIC,
        /** Every request (replays sampled answers too). */
        ALWAYS,
        /** Nothing: a pass-through. */
        OFF
    }

    /** Version of the key and value format; bump it when either changes. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(CachingLanguageModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LanguageModel delegate;
    private final SqliteStore store;
    private final Policy policy;
    private final String namespace;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Completion>> inFlight = new ConcurrentHashMap<>();

    /**
     * Caches deterministic requests of a backend.
     *
     * @param delegate the backend
     * @param store the store (owned by the caller, who closes it)
     */
    public CachingLanguageModel(LanguageModel delegate, SqliteStore store) {
        this(delegate, store, Policy.DETERMINISTIC);
    }

    /**
     * Caches a backend's requests under a policy.
     *
     * @param delegate the backend
     * @param store the store (owned by the caller, who closes it)
     * @param policy what to cache
     */
    public CachingLanguageModel(LanguageModel delegate, SqliteStore store, Policy policy) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.namespace = "llm/" + delegate.id();
    }

    @Override
    public String id() {
        return delegate.id();
    }

    /** Returns the delegate's answer. */
    @Override
    public boolean supportsGrammar() {
        return delegate.supportsGrammar();
    }

    /**
     * Returns the wrapped backend.
     *
     * @return the delegate
     */
    public LanguageModel delegate() {
        return delegate;
    }

    /**
     * Returns whether a request would be looked up in the cache.
     *
     * @param request the request
     * @return true if the policy caches it
     */
    public boolean cacheable(CompletionRequest request) {
        return switch (policy) {
            case ALWAYS -> true;
            case DETERMINISTIC -> request.deterministic();
            case OFF -> false;
        };
    }

    @Override
    public Completion complete(CompletionRequest request) {
        if (!cacheable(request)) {
            return delegate.complete(request);
        }
        String key = key(request);
        Optional<Completion> hit = lookup(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        CompletableFuture<Completion> mine = new CompletableFuture<>();
        CompletableFuture<Completion> other = inFlight.putIfAbsent(key, mine);
        if (other != null) {
            try {
                Completion c = other.join();
                hits.incrementAndGet();
                return hitOf(c);
            } catch (java.util.concurrent.CompletionException e) {
                // the leader failed; try ourselves
                return delegate.complete(request);
            }
        }
        try {
            Optional<Completion> again = lookup(key); // another process may have written it meanwhile
            Completion c = again.orElseGet(() -> {
                misses.incrementAndGet();
                Completion fresh = delegate.complete(request);
                try {
                    store.put(namespace, key, encode(fresh));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("LLM response cache: " + e.getMessage(), e);
                }
                writes.incrementAndGet();
                return fresh;
            });
            mine.complete(c);
            return c;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private Optional<Completion> lookup(String key) {
        Optional<byte[]> raw;
        try {
            raw = store.get(namespace, key);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("LLM response cache: " + e.getMessage(), e);
        }
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            Completion c = decode(raw.get());
            hits.incrementAndGet();
            return Optional.of(c);
        } catch (IOException | RuntimeException e) {
            LOG.warn("LLM response cache {}: unreadable entry {} in {}, calling the backend again", store.file(), key,
                    namespace);
            return Optional.empty();
        }
    }

    private static Completion hitOf(Completion c) {
        return new Completion(c.text(), c.finishReason(), TokenUsage.NONE, Duration.ZERO, c.backend());
    }

    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        if (!cacheable(request)) {
            return delegate.completeAsync(request);
        }
        return CompletableFuture.supplyAsync(() -> complete(request));
    }

    /**
     * Returns this decorator's counters.
     *
     * @return hits, misses and writes since it was created
     */
    public CacheStats stats() {
        return new CacheStats(hits.get(), misses.get(), writes.get());
    }

    /**
     * Returns the cache key of a request: SHA-256 of its canonical JSON form.
     *
     * @param request the request
     * @return 64 hex characters
     */
    public static String key(CompletionRequest request) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION);
        ArrayNode msgs = n.putArray("messages");
        for (ChatMessage m : request.messages()) {
            msgs.addObject().put("role", m.role().name()).put("content", m.content());
        }
        n.put("temperature", request.temperature());
        n.put("topP", request.topP());
        n.put("maxTokens", request.maxTokens());
        ArrayNode stop = n.putArray("stop");
        request.stop().forEach(stop::add);
        if (request.seed().isPresent()) {
            n.put("seed", request.seed().getAsLong());
        }
        n.put("format", request.format().name());
        request.grammar().ifPresent(g -> n.put("grammar", g));
        return CacheKeys.sha256(n.toString());
    }

    private static byte[] encode(Completion c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT_VERSION);
        n.put("text", c.text());
        n.put("finishReason", c.finishReason().name());
        n.put("promptTokens", c.usage().promptTokens());
        n.put("completionTokens", c.usage().completionTokens());
        n.put("latencyNanos", c.latency().toNanos());
        n.put("backend", c.backend());
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Completion decode(byte[] raw) throws IOException {
        JsonNode n = JSON.readTree(raw);
        if (n.path("v").asInt() != FORMAT_VERSION) {
            throw new IOException("format version " + n.path("v"));
        }
        return new Completion(n.get("text").asText(), Completion.FinishReason.valueOf(n.get("finishReason").asText()),
                TokenUsage.NONE, Duration.ZERO, n.get("backend").asText());
    }

    /** Closes the wrapped backend (not the store, which the caller owns). */
    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "CachingLanguageModel[" + delegate.id() + ", " + policy + ", " + store.file() + "]";
    }
}
