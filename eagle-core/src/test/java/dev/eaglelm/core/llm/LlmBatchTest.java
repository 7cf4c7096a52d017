package dev.eaglelm.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LlmBatchTest {

    @Test
    void outcomesComeBackInOrderWithFailuresAndBoundedConcurrency() {
        CountingModel m = new CountingModel("fake:batch", 5);
        List<CompletionRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            reqs.add(CompletionRequest.builder().user(i % 10 == 3 ? "FAIL " + i : "r" + i).build());
        }
        AtomicLong last = new AtomicLong();
        List<LlmBatch.Outcome> out = LlmBatch.tryCompleteAll(m, reqs, 3, (task, done, total) -> last.set(done));
        assertEquals(40, out.size());
        assertEquals(40, m.calls.get());
        assertTrue(m.maxInFlight.get() <= 3, "max in flight " + m.maxInFlight.get());
        assertEquals(40, last.get());
        for (int i = 0; i < 40; i++) {
            assertEquals(i, out.get(i).index());
            if (i % 10 == 3) {
                assertFalse(out.get(i).ok());
                assertTrue(out.get(i).error().getMessage().contains("scripted failure"));
            } else {
                assertEquals("echo r" + i + " t=0.0", out.get(i).completion().text());
            }
        }
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> LlmBatch.completeAll(m, reqs, 4, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("scripted failure"));
        List<Completion> ok = m.completeAll(reqs.subList(0, 3), 2);
        assertEquals("echo r2 t=0.0", ok.get(2).text());
        assertThrows(IllegalArgumentException.class, () -> m.completeAll(reqs, 0));
    }

    @Test
    void usageReportsPercentilesAndFailures() {
        assertEquals(0, MeteredLanguageModel.percentile(new long[0], 0.5));
        long[] v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        assertEquals(50, MeteredLanguageModel.percentile(v, 0.5));
        assertEquals(100, MeteredLanguageModel.percentile(v, 0.95));
        assertEquals(10, MeteredLanguageModel.percentile(v, 0.01));
        CountingModel m = new CountingModel("fake:meter", 0);
        MeteredLanguageModel metered = new MeteredLanguageModel(m, new Pricing(0.5, 1.0), Budget.UNLIMITED);
        metered.complete(CompletionRequest.builder().user("a").build());
        assertThrows(LanguageModelException.class, () -> metered.complete(CompletionRequest.builder().user("FAIL")
                .build()));
        UsageReport u = metered.usage();
        assertEquals(1, u.calls());
        assertEquals(1, u.failures());
        assertEquals(3, u.promptTokens());
        assertEquals(2, u.completionTokens());
        assertEquals(3 * 0.5 + 2 * 1.0, u.cost(), 1e-12);
        assertTrue(u.latencyMax().compareTo(Duration.ZERO) >= 0);
        assertThrows(IllegalArgumentException.class, () -> new Budget(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Pricing(-1, 0));
    }

    @Test
    void specStringsParse() {
        BackendSpec s = BackendSpec.parse("openai:http://127.0.0.1:8080/v1?model=qwen%202.5&concurrency=2");
        assertEquals("openai", s.scheme());
        assertEquals("http://127.0.0.1:8080/v1", s.target());
        assertEquals("qwen 2.5", s.param("model", null));
        assertEquals(2, s.intParam("concurrency", 4));
        BackendSpec g = BackendSpec.parse("GGUF:/models/a?b.gguf");
        assertEquals("gguf", g.scheme());
        assertEquals("/models/a?b.gguf", g.target(), "a '?' without key=value pairs belongs to the target");
        assertThrows(IllegalArgumentException.class, () -> BackendSpec.parse("no-scheme"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendSpec.parse("openai:http://h/v1?model=m&concurrency=x").intParam("concurrency", 1));
        assertTrue(e.getMessage().contains("concurrency must be an integer"), e.getMessage());
        assertTrue(LanguageModels.providers().keySet().containsAll(List.of("openai", "gguf", "langchain4j",
                "surrogate")), LanguageModels.providers().keySet().toString());
    }
}
