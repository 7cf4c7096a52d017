package dev.eaglelm.core.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.Budget;
import dev.eaglelm.core.llm.BudgetExceededException;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.llm.LlmBatch;
import dev.eaglelm.core.llm.MeteredLanguageModel;
import dev.eaglelm.core.llm.Pricing;
import dev.eaglelm.core.llm.RetryPolicy;
import dev.eaglelm.core.llm.UsageReport;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.llm.openai.FakeOpenAiServer.Drop;
import dev.eaglelm.core.llm.openai.FakeOpenAiServer.Malformed;
import dev.eaglelm.core.llm.openai.FakeOpenAiServer.Missing;
import dev.eaglelm.core.llm.openai.FakeOpenAiServer.Slow;
import dev.eaglelm.core.llm.openai.FakeOpenAiServer.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleModelTest {

    static {
        // debug logs of the backend, so that the key-leak test has log lines to inspect
        System.setProperty("org.slf4j.simpleLogger.log.dev.eaglelm.core.llm", "debug");
    }

    static final String KEY = "sk-test-8f3c1e9a7b2d4c6e0f1a3b5c";

    FakeOpenAiServer server;
    List<Duration> sleeps;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer();
        sleeps = Collections.synchronizedList(new ArrayList<>());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OpenAiCompatibleModel.Builder builder() {
        return OpenAiCompatibleModel.builder()
                .baseUrl(server.baseUrl())
                .model("tiny-model")
                .apiKeyEnv("EAGLE_TEST_KEY")
                .environment(Map.of("EAGLE_TEST_KEY", KEY)::get)
                .requestTimeout(Duration.ofSeconds(10))
                .retry(new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5), 7L))
                .sleeper(sleeps::add);
    }

    static CompletionRequest req(String user) {
        return CompletionRequest.builder().system("Be brief.").user(user).maxTokens(32).build();
    }

    @Test
    void aNormalAnswerFollowsTheProtocol() {
        try (OpenAiCompatibleModel llm = builder().build()) {
            Completion c = llm.complete(CompletionRequest.builder().system("Be brief.").user("Hi there")
                    .temperature(0.3).topP(0.9).maxTokens(17).stop("\n\n").seed(42)
                    .format(CompletionRequest.Format.JSON).build());
            assertEquals("answer to: Hi there", c.text());
            assertEquals(Completion.FinishReason.STOP, c.finishReason());
            assertEquals(new TokenUsage(10, 5), c.usage());
            assertEquals("openai:" + server.baseUrl() + "?model=tiny-model", c.backend());
            assertEquals(1, server.requests());
            FakeOpenAiServer.Received r = server.received.get(0);
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer " + KEY, r.authorization());
            JsonNode b = r.body();
            assertEquals("tiny-model", b.get("model").asText());
            assertEquals("system", b.get("messages").get(0).get("role").asText());
            assertEquals("Hi there", b.get("messages").get(1).get("content").asText());
            assertEquals(0.3, b.get("temperature").asDouble(), 1e-12);
            assertEquals(0.9, b.get("top_p").asDouble(), 1e-12);
            assertEquals(17, b.get("max_tokens").asInt());
            assertEquals("\n\n", b.get("stop").get(0).asText());
            assertEquals(42, b.get("seed").asLong());
            assertEquals("json_object", b.get("response_format").get("type").asText());
        }
    }

    @Test
    void aBaseUrlWithoutV1GetsTheFullPath() {
        assertEquals("http://h:1/v1/chat/completions", OpenAiCompatibleModel.endpointOf("http://h:1").toString());
        assertEquals("http://h:1/v1/chat/completions", OpenAiCompatibleModel.endpointOf("http://h:1/v1").toString());
        assertThrows(IllegalArgumentException.class, () -> OpenAiCompatibleModel.endpointOf("ftp://h/v1"));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        server.then(new Status(429, "2", null), new Status(429, "0.25", null));
        try (OpenAiCompatibleModel llm = builder().build()) {
            assertEquals("answer to: x", llm.complete(req("x")).text());
            assertEquals(3, server.requests());
            assertEquals(2, llm.retries());
            // Retry-After wins over the jitter window (100 ms, 200 ms)
            assertEquals(List.of(Duration.ofSeconds(2), Duration.ofMillis(250)), sleeps);
        }
    }

    @Test
    void aRetryAfterBeyondTheCapIsCapped() {
        server.then(new Status(503, "3600", null));
        try (OpenAiCompatibleModel llm = builder().build()) {
            llm.complete(req("x"));
            assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
        }
    }

    @Test
    void serverErrorsBackOffExponentiallyWithFullJitterAndSeededDelays() {
        server.then(new Status(500, null, null), new Status(502, null, null), new Status(503, null, null));
        try (OpenAiCompatibleModel llm = builder().build()) {
            assertEquals("answer to: x", llm.complete(req("x")).text());
        }
        assertEquals(4, server.requests());
        assertEquals(3, sleeps.size());
        long[] windows = {100, 200, 400};
        for (int i = 0; i < 3; i++) {
            long ms = sleeps.get(i).toMillis();
            assertTrue(ms >= 0 && ms <= windows[i], "retry " + (i + 1) + " slept " + ms + " ms, window " + windows[i]);
        }
        // same seed, same delays
        List<Duration> first = List.copyOf(sleeps);
        sleeps.clear();
        server.then(new Status(500, null, null), new Status(502, null, null), new Status(503, null, null));
        try (OpenAiCompatibleModel llm = builder().build()) {
            llm.complete(req("x"));
        }
        assertEquals(first, sleeps);
        assertFalse(first.stream().distinct().count() == 1 && first.get(0).isZero(), "jitter is not degenerate");
    }

    @Test
    void theBackoffWindowDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ZERO, 1);
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L),
                List.of(1, 2, 3, 4, 5, 6).stream().map(n -> p.window(n).toMillis()).toList());
    }

    @Test
    void persistentServerErrorsGiveUpWithAClearError() {
        for (int i = 0; i < 10; i++) {
            server.then(new Status(500, null, "{\"error\":\"boom\"}"));
        }
        try (OpenAiCompatibleModel llm = builder().build()) {
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(req("x")));
            assertEquals(4, server.requests());
            assertEquals(4, e.attempts());
            assertEquals(500, e.status().getAsInt());
            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains(llm.endpoint().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
            assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        }
    }

    @Test
    void clientErrorsOtherThan408And429AreNotRetried() {
        server.then(new Status(400, null, "{\"error\":\"bad field\"}"));
        try (OpenAiCompatibleModel llm = builder().build()) {
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(req("x")));
            assertEquals(1, server.requests());
            assertEquals(400, e.status().getAsInt());
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("HTTP 400 Bad Request"), e.getMessage());
            assertTrue(e.getMessage().contains("bad field"), e.getMessage());
        }
        server.then(new Status(408, null, null));
        try (OpenAiCompatibleModel llm = builder().build()) {
            llm.complete(req("y"));
            assertEquals(3, server.requests()); // 408 was retried once
        }
    }

    @Test
    void aSlowServerTimesOutAndIsRetried() {
        server.then(new Slow(1500));
        try (OpenAiCompatibleModel llm = builder().requestTimeout(Duration.ofMillis(200)).build()) {
            assertEquals("answer to: x", llm.complete(req("x")).text());
            assertEquals(1, llm.retries());
            assertEquals(2, server.requests());
        }
        server.then(new Slow(1500), new Slow(1500));
        try (OpenAiCompatibleModel llm = builder().requestTimeout(Duration.ofMillis(200))
                .retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1)).build()) {
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(req("x")));
            assertTrue(e.getMessage().contains("timeout"), e.getMessage());
            assertTrue(e.isTransient());
            assertEquals(2, e.attempts());
        }
    }

    @Test
    void aDroppedConnectionIsRetried() {
        server.then(new Drop());
        try (OpenAiCompatibleModel llm = builder().build()) {
            assertEquals("answer to: x", llm.complete(req("x")).text());
            assertEquals(2, server.requests());
            assertEquals(1, llm.retries());
        }
    }

    @Test
    void malformedJsonAndMissingFieldsFailClearlyWithoutRetry() {
        server.then(new Malformed());
        try (OpenAiCompatibleModel llm = builder().build()) {
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(req("x")));
            assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
            assertTrue(e.getMessage().contains(llm.endpoint().toString()), e.getMessage());
            assertEquals(1, server.requests());
        }
        server.then(new Missing());
        try (OpenAiCompatibleModel llm = builder().build()) {
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(req("x")));
            assertTrue(e.getMessage().contains("lacks choices[0].message"), e.getMessage());
            assertEquals(2, server.requests());
        }
    }

    @Test
    void aBatchOf64WithConcurrency4CompletesEveryRequestExactlyOnce() {
        server.normalDelayMillis = 15;
        // transient failures sprinkled in: retried requests still complete exactly once
        server.then(new Status(429, "0", null), new Status(500, null, null), new Drop());
        List<CompletionRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            reqs.add(req("req-" + i));
        }
        try (OpenAiCompatibleModel llm = builder().maxConcurrency(16).build()) {
            List<Completion> out = LlmBatch.completeAll(llm, reqs, 4, ProgressListener.NONE);
            assertEquals(64, out.size());
            for (int i = 0; i < 64; i++) {
                assertEquals("answer to: req-" + i, out.get(i).text());
            }
            assertEquals(3, llm.retries());
        }
        Map<String, Integer> seen = new HashMap<>();
        server.received.forEach(r -> seen.merge(r.body().get("messages").get(1).get("content").asText(), 1,
                Integer::sum));
        assertEquals(64, seen.size());
        assertEquals(64 + 3, server.requests());
        assertTrue(server.maxInFlight.get() <= 4, "at most 4 in flight, saw " + server.maxInFlight.get());
    }

    @Test
    void theBackendBoundsItsOwnConcurrencyForAsyncCallers() {
        server.normalDelayMillis = 10;
        try (OpenAiCompatibleModel llm = builder().maxConcurrency(3).build()) {
            List<CompletableFuture<Completion>> fs = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                fs.add(llm.completeAsync(req("a-" + i)));
            }
            for (int i = 0; i < 24; i++) {
                assertEquals("answer to: a-" + i, fs.get(i).join().text());
            }
        }
        assertEquals(24, server.requests());
        assertTrue(server.maxInFlight.get() <= 3, "at most 3 in flight, saw " + server.maxInFlight.get());
    }

    @Test
    void aBudgetStopsTheRunCleanly() {
        try (OpenAiCompatibleModel http = builder().build();
                MeteredLanguageModel llm = new MeteredLanguageModel(http, Pricing.FREE, Budget.calls(3))) {
            for (int i = 0; i < 3; i++) {
                llm.complete(req("q" + i));
            }
            BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> llm.complete(req("q3")));
            assertTrue(e.getMessage().contains("call limit of 3"), e.getMessage());
            assertTrue(e.getMessage().contains(http.id()), e.getMessage());
            assertEquals(3, server.requests(), "the refused call never reached the server");
            assertEquals(3, e.usage().calls());
            assertInstanceOf(BudgetExceededException.class,
                    assertThrows(CompletionException.class, () -> llm.completeAsync(req("q4")).join()).getCause());
        }
        // tokens and cost: each answer costs 10 + 5 tokens
        try (OpenAiCompatibleModel http = builder().build();
                MeteredLanguageModel llm = new MeteredLanguageModel(http, Pricing.perMillion(1000, 2000),
                        Budget.UNLIMITED.withMaxTokens(25))) {
            llm.complete(req("a"));
            llm.complete(req("b")); // 30 tokens now: over the limit after the fact
            BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> llm.complete(req("c")));
            assertTrue(e.getMessage().contains("token limit of 25"), e.getMessage());
            UsageReport u = llm.usage();
            assertEquals(2, u.calls());
            assertEquals(20, u.promptTokens());
            assertEquals(10, u.completionTokens());
            assertEquals(20 * 1000e-6 + 10 * 2000e-6, u.cost(), 1e-12);
            assertTrue(u.summary().startsWith("backend " + http.id() + ": 2 calls (0 failed), 20+10 tokens"),
                    u.summary());
        }
        try (OpenAiCompatibleModel http = builder().build();
                MeteredLanguageModel llm = new MeteredLanguageModel(http, Pricing.perMillion(1000, 2000),
                        Budget.UNLIMITED.withMaxCost(0.015))) {
            llm.complete(req("a")); // 0.01 + 0.01 = 0.02 >= 0.015
            BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> llm.complete(req("b")));
            assertTrue(e.getMessage().contains("cost limit of 0.0150"), e.getMessage());
        }
    }

    @Test
    void theApiKeyNeverAppearsInLogsMessagesOrToString() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> texts = new ArrayList<>();
        // a hostile server that echoes the Authorization header back in its error bodies
        String echo = "{\"error\":\"bad key Bearer " + KEY + "\"}";
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (OpenAiCompatibleModel llm = builder().retry(new RetryPolicy(2, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, 1)).build()) {
            texts.add(llm.toString());
            texts.add(llm.id());
            server.then(new Status(401, null, echo));
            collect(texts, assertThrows(LanguageModelException.class, () -> llm.complete(req("x"))));
            server.then(new Status(500, null, echo), new Status(503, "0", echo));
            collect(texts, assertThrows(LanguageModelException.class, () -> llm.complete(req("x"))));
            server.then(new Drop(), new Drop());
            collect(texts, assertThrows(LanguageModelException.class, () -> llm.complete(req("x"))));
            server.then(new Malformed());
            collect(texts, assertThrows(LanguageModelException.class, () -> llm.complete(req("x"))));
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("DEBUG") && logs.contains("WARN"), "the backend logged: " + logs);
        assertTrue(logs.contains("EAGLE_TEST_KEY"), "logs name the variable: " + logs);
        assertFalse(logs.contains(KEY), "the key leaked into the logs");
        assertFalse(logs.contains(KEY.substring(0, 12)), "part of the key leaked into the logs");
        assertTrue(String.join("\n", texts).contains("***"), "the echoed key was scrubbed: " + texts);
        for (String t : texts) {
            assertFalse(t.contains(KEY), "the key leaked: " + t);
        }
        assertTrue(server.received.stream().allMatch(r -> ("Bearer " + KEY).equals(r.authorization())),
                "the key was sent where it belongs");
    }

    private static void collect(List<String> texts, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            texts.add(t.toString());
        }
    }

    @Test
    void anUnsetKeyVariableIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiCompatibleModel.builder()
                .baseUrl(server.baseUrl()).model("m").apiKeyEnv("EAGLE_SURELY_UNSET_VARIABLE_12345").build());
        assertTrue(e.getMessage().contains("EAGLE_SURELY_UNSET_VARIABLE_12345"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OpenAiCompatibleModel.builder().build());
        assertTrue(e.getMessage().contains("baseUrl is missing") && e.getMessage().contains("model is missing"),
                e.getMessage());
    }

    @Test
    void specStringsOpenTheBackendAndRefuseSecrets() {
        try (LanguageModel llm = LanguageModels.open("openai:" + server.baseUrl() + "?model=m1&concurrency=2")) {
            assertEquals("openai:" + server.baseUrl() + "?model=m1", llm.id());
            assertEquals("answer to: hello", llm.complete(req("hello")).text());
            assertEquals(null, server.received.get(0).authorization());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("openai:" + server.baseUrl() + "?model=m&apiKey=" + KEY));
        assertTrue(e.getMessage().contains("environment variable"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY.substring(8)), e.getMessage().replace(KEY, "<KEY>"));
        e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("openai:" + server.baseUrl() + "?modle=m"));
        assertTrue(e.getMessage().contains("unknown parameter 'modle'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("nosuch:thing"));
        assertTrue(e.getMessage().contains("unknown backend 'nosuch'") && e.getMessage().contains("openai"),
                e.getMessage());
    }
}
