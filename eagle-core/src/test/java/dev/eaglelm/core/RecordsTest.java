package dev.eaglelm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void actionRejectsBlankTextNamingTheAction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Action("a7", "  ", "plot", "generic"));
        assertTrue(e.getMessage().contains("a7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Action(" ", "x", "plot", "generic"));
        assertEquals(Action.UNCATEGORISED, Action.of("a", "Make it funnier.").category());
    }

    @Test
    void completionRequestDefaultsAndValidation() {
        CompletionRequest r = CompletionRequest.builder().system("s").user("u").build();
        assertEquals(2, r.messages().size());
        assertEquals(ChatMessage.Role.SYSTEM, r.messages().get(0).role());
        assertEquals(0.0, r.temperature());
        assertTrue(r.deterministic(), "temperature 0 is deterministic");
        CompletionRequest sampled = CompletionRequest.builder().user("u").temperature(0.7).build();
        assertFalse(sampled.deterministic());
        assertTrue(CompletionRequest.builder().user("u").temperature(0.7).seed(3).build().deterministic());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompletionRequest.builder().user("u").maxTokens(0).build());
        assertTrue(e.getMessage().contains("maxTokens"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CompletionRequest.builder().build());
        assertTrue(e.getMessage().contains("no messages"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CompletionRequest.builder().user("u").temperature(-1).build());
        assertThrows(IllegalArgumentException.class, () -> CompletionRequest.builder().user("u").topP(0).build());
        assertThrows(IllegalArgumentException.class, () -> CompletionRequest.builder().stop(""));
    }

    @Test
    void completionAndUsage() {
        TokenUsage u = new TokenUsage(10, 5).plus(new TokenUsage(1, 2));
        assertEquals(18, u.totalTokens());
        assertThrows(IllegalArgumentException.class, () -> new TokenUsage(-1, 0));
        Completion c = new Completion("hi", Completion.FinishReason.STOP, u, Duration.ofMillis(3), "test:echo");
        assertEquals("test:echo", c.backend());
        assertThrows(IllegalArgumentException.class,
                () -> new Completion("hi", Completion.FinishReason.STOP, u, Duration.ofMillis(-3), "b"));
    }

    @Test
    void languageModelAsyncDefaultWrapsFailures() {
        LanguageModel failing = new LanguageModel() {
            @Override
            public String id() {
                return "test:failing";
            }

            @Override
            public Completion complete(CompletionRequest request) {
                throw new IllegalStateException("backend down");
            }
        };
        var future = failing.completeAsync(CompletionRequest.builder().user("x").build());
        assertTrue(future.isCompletedExceptionally());
    }

    @Test
    void provenanceCapturesPlatformAndVersion() {
        Provenance p = Provenance.capture(42).withSeed("agent", 7).withComponent("encoder", "minilm/1")
                .withConfig(Map.of("eagle.horizon", "5"));
        assertEquals(42, p.seed());
        assertEquals(7L, p.seeds().get("agent"));
        assertEquals("minilm/1", p.components().get("encoder"));
        assertEquals("5", p.config().get("eagle.horizon"));
        assertTrue(p.libraryVersion().matches("\\d+\\.\\d+\\.\\d+.*"), p.libraryVersion());
        assertTrue(p.java().contains(System.getProperty("java.version")));
        // maps are sorted by key
        Provenance q = p.withComponent("a-first", "x");
        assertEquals(List.of("a-first", "encoder"), List.copyOf(q.components().keySet()));
    }
}
