package dev.eaglelm.core.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eaglelm.core.ChatMessage;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend for any server that speaks OpenAI's chat-completions protocol ({@code POST /v1/chat/completions}):
 * vLLM, llama.cpp's {@code llama-server}, Ollama, LM Studio and hosted APIs.
 *
 * <pre>{@code
 * LanguageModel llm = OpenAiCompatibleModel.builder()
 *     .baseUrl("http://127.0.0.1:8080/v1")
 *     .model("qwen2.5-7b-instruct")
 *     .apiKeyEnv("OPENAI_API_KEY")          // optional; the key itself never appears in code or logs
 *     .maxConcurrency(4)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Endpoint.</b> A base URL ending in {@code /v1} gets {@code /chat/completions} appended; any
 *       other gets {@code /v1/chat/completions}.</li>
 *   <li><b>Secrets.</b> The API key is read from the environment variable named by {@link
 *       Builder#apiKeyEnv}; it is sent only in the {@code Authorization} header and never logged, never in
 *       {@link #toString()}, {@link #id()} or an exception message (messages are scrubbed of it).</li>
 *   <li><b>Retries</b> ({@link RetryPolicy}): on HTTP 408, 429 and 5xx, timeouts and connection failures
 *       (resets, dropped connections), with exponential backoff and full jitter, honouring
 *       {@code Retry-After}. Other 4xx statuses and responses that break the protocol (malformed JSON, no
 *       {@code choices[0].message.content}) fail at once. A final failure is a {@link LanguageModelException}
 *       naming the endpoint, the status and the attempts.</li>
 *   <li><b>Concurrency.</b> At most {@link Builder#maxConcurrency} requests are in flight at once,
 *       whatever the number of calling threads; {@link #completeAsync} queues requests for a pool of that many
 *       daemon threads owned by the backend.</li>
 *   <li><b>Determinism.</b> The request's seed is sent as {@code seed}; remote servers are only
 *       best-effort deterministic.</li>
 *   <li><b>Usage.</b> Token counts come from the response's {@code usage}; a server that omits it reports
 *       {@link TokenUsage#NONE}.</li>
 * </ul>
 */
public final class OpenAiCompatibleModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 300;

    /** Waits between attempts; replaceable so that tests observe the delays instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * Waits.
         *
         * @param delay how long
         * @throws InterruptedException if interrupted while waiting
         */
        void sleep(Duration delay) throws InterruptedException;
    }

    private final URI endpoint;
    private final String baseUrl;
    private final String model;
    private final String apiKeyEnv;
    private final String apiKey; // never logged, never in toString or messages
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final int maxConcurrency;
    private final Sleeper sleeper;
    private final HttpClient http;
    private final Semaphore permits;
    private final SplittableRandom jitter;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicInteger threadIds = new AtomicInteger();
    private volatile ExecutorService asyncPool;

    private OpenAiCompatibleModel(Builder b, String apiKey) {
        this.baseUrl = stripSlash(b.baseUrl);
        this.endpoint = endpointOf(this.baseUrl);
        this.model = b.model;
        this.apiKeyEnv = b.apiKeyEnv;
        this.apiKey = apiKey;
        this.requestTimeout = b.requestTimeout;
        this.retry = b.retry;
        this.maxConcurrency = b.maxConcurrency;
        this.sleeper = b.sleeper;
        this.permits = new Semaphore(b.maxConcurrency, true);
        this.jitter = new SplittableRandom(b.retry.seed());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static String stripSlash(String s) {
        String out = s.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    static URI endpointOf(String base) {
        String path = base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions";
        try {
            URI u = URI.create(path);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            if (u.getUserInfo() != null) {
                throw new IllegalArgumentException("user info in the URL; pass credentials with apiKeyEnv");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("openai backend: invalid base URL '" + base + "': " + e.getMessage(),
                    e);
        }
    }

    /** Returns {@code "openai:<base-url>?model=<name>"}; never contains the key. */
    @Override
    public String id() {
        return "openai:" + baseUrl + "?model=" + model;
    }

    /**
     * Returns the chat-completions endpoint.
     *
     * @return the URI requests go to
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Returns the HTTP attempts made so far (first attempts and retries).
     *
     * @return the count
     */
    public long attempts() {
        return attempts.get();
    }

    /**
     * Returns the retries made so far.
     *
     * @return the count
     */
    public long retries() {
        return retries.get();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        byte[] body = requestBody(request);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LanguageModelException(where() + ": interrupted while waiting for a free connection", e);
        }
        try {
            return send(body);
        } finally {
            permits.release();
        }
    }

    private Completion send(byte[] body) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest httpRequest = rb.build();
        for (int attempt = 1; ; attempt++) {
            attempts.incrementAndGet();
            LOG.debug("POST {} (model {}, attempt {}/{}, {} bytes, authorization: {})", endpoint, model, attempt,
                    retry.maxAttempts(), body.length, apiKey == null ? "none" : "bearer key from " + apiKeyEnv);
            long t0 = System.nanoTime();
            Optional<Duration> retryAfter = Optional.empty();
            String failure;
            int status = -1;
            Throwable cause = null;
            try {
                HttpResponse<String> resp = http.send(httpRequest, HttpResponse.BodyHandlers.ofString());
                status = resp.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(resp.body(), Duration.ofNanos(System.nanoTime() - t0), attempt);
                }
                boolean retryable = status == 408 || status == 429 || status >= 500;
                failure = "HTTP " + status + reason(status) + ": " + snippet(resp.body());
                if (!retryable) {
                    throw new LanguageModelException(where() + ": " + failure + " (not retried)", status, attempt,
                            false, null);
                }
                retryAfter = parseRetryAfter(resp.headers().firstValue("Retry-After"));
            } catch (HttpTimeoutException e) {
                failure = "no response within " + requestTimeout.toMillis() + " ms (timeout)";
                cause = e;
            } catch (IOException e) {
                failure = "connection failed (" + e.getClass().getSimpleName() + ": " + scrub(e.getMessage()) + ")";
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LanguageModelException(where() + ": interrupted", status, attempt, false, null);
            }
            if (attempt >= retry.maxAttempts()) {
                throw new LanguageModelException(where() + ": " + failure + "; gave up after " + attempt
                        + (attempt == 1 ? " attempt" : " attempts"), status, attempt, true, sanitize(cause));
            }
            Duration delay;
            synchronized (jitter) {
                delay = retry.delay(attempt, retryAfter, jitter);
            }
            retries.incrementAndGet();
            LOG.warn("{}: {} (attempt {}/{}); retrying in {} ms{}", where(), failure, attempt, retry.maxAttempts(),
                    delay.toMillis(), retryAfter.isPresent() ? " (Retry-After)" : "");
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LanguageModelException(where() + ": interrupted during backoff", status, attempt, true, null);
            }
        }
    }

    private Throwable sanitize(Throwable cause) {
        if (cause == null || apiKey == null) {
            return cause;
        }
        String m = String.valueOf(cause.getMessage());
        if (!m.contains(apiKey)) {
            return cause;
        }
        return new IOException(cause.getClass().getSimpleName() + ": " + scrub(m));
    }

    private String where() {
        return "openai backend " + endpoint + " (model " + model + ")";
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized (check the API key in the variable named by apiKeyEnv)";
            case 403 -> " Forbidden";
            case 404 -> " Not Found (check the base URL and the model name)";
            case 408 -> " Request Timeout";
            case 429 -> " Too Many Requests";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 503 -> " Service Unavailable";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String s = body.replaceAll("\\s+", " ").strip();
        if (s.length() > SNIPPET) {
            s = s.substring(0, SNIPPET) + "...";
        }
        return scrub(s);
    }

    private String scrub(String text) {
        if (text == null) {
            return "";
        }
        return apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
    }

    static Optional<Duration> parseRetryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
    }

    private byte[] requestBody(CompletionRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("model", model);
        ArrayNode msgs = n.putArray("messages");
        for (ChatMessage m : r.messages()) {
            msgs.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        n.put("temperature", r.temperature());
        n.put("top_p", r.topP());
        n.put("max_tokens", r.maxTokens());
        if (!r.stop().isEmpty()) {
            ArrayNode stop = n.putArray("stop");
            r.stop().forEach(stop::add);
        }
        if (r.seed().isPresent()) {
            n.put("seed", r.seed().getAsLong());
        }
        if (r.format() == CompletionRequest.Format.JSON) {
            n.putObject("response_format").put("type", "json_object");
        }
        n.put("stream", false);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chat request", e);
        }
    }

    private Completion parse(String body, Duration latency, int attempt) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new LanguageModelException(where() + ": malformed JSON in the response (" + snippet(body)
                    + "); is this an OpenAI-compatible server?", 200, attempt, false, null);
        }
        if (root == null || !root.isObject()) {
            throw new LanguageModelException(where() + ": the response is not a JSON object (" + snippet(body) + ")",
                    200, attempt, false, null);
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (!content.isTextual()) {
            String missing = !root.has("choices") ? "choices" : choice.isMissingNode() ? "choices[0]"
                    : !choice.has("message") ? "choices[0].message" : "choices[0].message.content";
            throw new LanguageModelException(where() + ": the response lacks " + missing + " (" + snippet(body)
                    + ")", 200, attempt, false, null);
        }
        String finish = choice.path("finish_reason").asText("stop");
        Completion.FinishReason reason = switch (finish) {
            case "stop", "eos", "stop_sequence", "end_turn" -> Completion.FinishReason.STOP;
            case "length", "max_tokens" -> Completion.FinishReason.LENGTH;
            default -> Completion.FinishReason.OTHER;
        };
        JsonNode usage = root.path("usage");
        TokenUsage tokens = TokenUsage.NONE;
        if (usage.isObject()) {
            tokens = new TokenUsage(Math.max(0, usage.path("prompt_tokens").asLong(0)),
                    Math.max(0, usage.path("completion_tokens").asLong(0)));
        }
        return new Completion(content.asText(), reason, tokens, latency, id());
    }

    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        return CompletableFuture.supplyAsync(() -> complete(request), pool());
    }

    private ExecutorService pool() {
        ExecutorService p = asyncPool;
        if (p == null) {
            synchronized (this) {
                p = asyncPool;
                if (p == null) {
                    p = Executors.newFixedThreadPool(maxConcurrency, r -> {
                        Thread t = new Thread(r, "eagle-openai-" + threadIds.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                    asyncPool = p;
                }
            }
        }
        return p;
    }

    @Override
    public void close() {
        ExecutorService p = asyncPool;
        if (p != null) {
            p.shutdown();
        }
    }

    /** Names the endpoint, the model, the variable holding the key (never the key) and the limits. */
    @Override
    public String toString() {
        return "OpenAiCompatibleModel[" + endpoint + ", model=" + model
                + (apiKeyEnv == null ? "" : ", apiKeyEnv=" + apiKeyEnv) + ", maxConcurrency=" + maxConcurrency
                + ", timeout=" + requestTimeout + ", attempts=" + retry.maxAttempts() + "]";
    }

    /** Builder for {@link OpenAiCompatibleModel}: {@code baseUrl} and {@code model} are required. */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private String apiKeyEnv;
        private Function<String, String> environment = System::getenv;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(120);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private int maxConcurrency = 4;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));

        private Builder() {
        }

        /**
         * Sets the server's base URL, e.g. {@code http://127.0.0.1:8080/v1} or {@code https://api.openai.com/v1}.
         *
         * @param baseUrl an http(s) URL
         * @return this builder
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the model name sent with every request.
         *
         * @param model the name the server knows the model by
         * @return this builder
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Names the environment variable that holds the API key (none for servers without authentication).
         *
         * @param variable e.g. {@code "OPENAI_API_KEY"}
         * @return this builder
         */
        public Builder apiKeyEnv(String variable) {
            this.apiKeyEnv = variable;
            return this;
        }

        /**
         * Replaces the environment lookup ({@code System::getenv} by default), e.g. to read the variable from
         * a secrets manager or in tests.
         *
         * @param lookup maps a variable name to its value, or null when unset
         * @return this builder
         */
        public Builder environment(Function<String, String> lookup) {
            this.environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * Sets the connection timeout (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the time one attempt may take until the response headers arrive (default 120 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Sets the retry policy (default {@link RetryPolicy#DEFAULT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the most requests in flight at once (default 4).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder maxConcurrency(int n) {
            this.maxConcurrency = n;
            return this;
        }

        /**
         * Replaces how the backend waits between attempts (tests record the delays instead of sleeping).
         *
         * @param sleeper the waiting strategy
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Builds the backend.
         *
         * @return the backend
         * @throws IllegalArgumentException naming every missing or invalid setting, or the unset key variable
         */
        public OpenAiCompatibleModel build() {
            List<String> problems = new ArrayList<>();
            if (baseUrl == null || baseUrl.isBlank()) {
                problems.add("baseUrl is missing");
            }
            if (model == null || model.isBlank()) {
                problems.add("model is missing (spec: ?model=NAME)");
            }
            if (maxConcurrency < 1) {
                problems.add("maxConcurrency must be >= 1, got " + maxConcurrency);
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                problems.add("connectTimeout must be positive, got " + connectTimeout);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                problems.add("requestTimeout must be positive, got " + requestTimeout);
            }
            String key = null;
            if (apiKeyEnv != null) {
                if (!apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.add("apiKeyEnv must name an environment variable, got '" + apiKeyEnv + "'");
                } else {
                    key = environment.apply(apiKeyEnv);
                    if (key == null || key.isBlank()) {
                        problems.add("the environment variable " + apiKeyEnv + " (apiKeyEnv) is not set");
                        key = null;
                    } else {
                        key = key.strip();
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("openai backend: " + String.join("; ", problems));
            }
            stripSlash(baseUrl);
            endpointOf(stripSlash(baseUrl));
            return new OpenAiCompatibleModel(this, key);
        }
    }
}
