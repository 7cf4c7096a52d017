package dev.eaglelm.core.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.LanguageModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufLanguageModelTest {

    @TempDir
    Path dir;

    static Path stories() {
        String shared = System.getProperty("eagle.shared.dir");
        Path p = shared == null ? null : Path.of(shared, "models", "stories260K", "stories260K.gguf");
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                "../shared/models/stories260K/stories260K.gguf is absent (eagle.shared.dir=" + shared + ")");
        return p;
    }

    static CompletionRequest greedy(String prompt, int maxTokens) {
        return CompletionRequest.builder().user(prompt).temperature(0).maxTokens(maxTokens).build();
    }

    @Test
    void stories260KContinuesOnceUponATimeGreedilyAsPublished() {
        PrintStream original = System.out;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        Completion c;
        Completion again;
        String id;
        try (LanguageModel llm = LanguageModels.open("gguf:" + stories())) {
            c = llm.complete(greedy("Once upon a time", 40));
            again = llm.complete(greedy("Once upon a time", 40));
            id = llm.id();
            assertFalse(((GgufLanguageModel) llm).usesChatTemplate(), "stories260K has no chat template");
        } finally {
            System.setOut(original);
        }
        assertTrue(c.text().startsWith(", there was a little girl named Lily."), c.text());
        assertEquals(c.text(), again.text(), "greedy decoding is deterministic");
        assertEquals(Completion.FinishReason.LENGTH, c.finishReason());
        assertTrue(c.usage().completionTokens() >= 38 && c.usage().completionTokens() <= 42, c.usage().toString());
        assertTrue(c.usage().promptTokens() >= 4, c.usage().toString());
        assertTrue(id.startsWith("gguf:") && id.endsWith("stories260K.gguf#" + id.substring(id.length() - 12)), id);
        assertFalse(stdout.toString(StandardCharsets.UTF_8).contains("Extracted"),
                "the native loader's stdout line was routed to the log: " + stdout);
    }

    @Test
    void aTinyRandomGgufWrittenByTheTestLoadsGeneratesAndStops() throws Exception {
        Path model = dir.resolve("tiny.gguf");
        TinyGguf.write(model, 42, null);
        GgufFile header = GgufFile.inspect(model);
        assertEquals(3, header.version());
        assertEquals(3 + 9L * TinyGguf.LAYERS, header.tensorCount());
        assertEquals("llama", header.architecture().orElseThrow());
        assertEquals(TinyGguf.CONTEXT, header.contextLength().orElseThrow());
        assertEquals(Files.size(model), header.dataEnd());
        try (GgufLanguageModel llm = GgufLanguageModel.builder().modelPath(model).contextSize(128).build()) {
            Completion a = llm.complete(greedy("once upon a time the cat", 12));
            Completion b = llm.complete(greedy("once upon a time the cat", 12));
            assertEquals(a.text(), b.text(), "greedy is deterministic");
            assertTrue(a.usage().completionTokens() <= 12, a.usage().toString());
            // stop: a stop string taken from the greedy output truncates the same generation before it
            String text = a.text();
            Assumptions.assumeTrue(text.length() >= 6, "the random model produced too little text: '" + text + "'");
            String stop = text.substring(3, 5);
            int at = text.indexOf(stop);
            Completion stopped = llm.complete(CompletionRequest.builder().user("once upon a time the cat")
                    .temperature(0).maxTokens(12).stop(stop).build());
            assertEquals(text.substring(0, at), stopped.text());
            assertEquals(Completion.FinishReason.STOP, stopped.finishReason());
            // seeded sampling: same seed, same text
            CompletionRequest sampled = CompletionRequest.builder().user("the dog").temperature(1.0).seed(7)
                    .maxTokens(10).build();
            assertEquals(llm.complete(sampled).text(), llm.complete(sampled).text());
        }
        // another seed writes other weights: another model, another id
        Path other = dir.resolve("tiny2.gguf");
        TinyGguf.write(other, 43, null);
        try (GgufLanguageModel a = GgufLanguageModel.builder().modelPath(model).contextSize(128).build();
                GgufLanguageModel b = GgufLanguageModel.builder().modelPath(other).contextSize(128).build()) {
            assertNotEquals(a.id(), b.id());
        }
    }

    @Test
    void aModelWithAChatTemplateIsPromptedThroughIt() throws Exception {
        Path model = dir.resolve("chat.gguf");
        String chatml = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
                + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
                + "{% endif %}";
        TinyGguf.write(model, 5, chatml);
        assertTrue(GgufFile.inspect(model).chatTemplate().isPresent());
        try (GgufLanguageModel templated = GgufLanguageModel.builder().modelPath(model).contextSize(128).build();
                GgufLanguageModel raw = GgufLanguageModel.builder().modelPath(model).contextSize(128)
                        .chatTemplate(GgufLanguageModel.ChatTemplateMode.OFF).build()) {
            assertTrue(templated.usesChatTemplate());
            CompletionRequest r = CompletionRequest.builder().system("be nice").user("the cat").temperature(0)
                    .maxTokens(4).build();
            long withTemplate = templated.complete(r).usage().promptTokens();
            long without = raw.complete(r).usage().promptTokens();
            assertTrue(withTemplate > without + 5, "turn markers add tokens: " + withTemplate + " vs " + without);
        }
    }

    @Test
    void badFilesGiveOneClearErrorNamingThePath() throws Exception {
        Path missing = dir.resolve("missing.gguf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufLanguageModel.builder().modelPath(missing).build());
        assertEquals("GGUF model " + missing + ": no such file", e.getMessage());

        Path text = dir.resolve("notes.gguf");
        Files.writeString(text, "these are not the weights you are looking for\n".repeat(10));
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("gguf:" + text));
        assertTrue(e.getMessage().startsWith("GGUF model " + text + ": not a GGUF file"), e.getMessage());

        Path full = dir.resolve("full.gguf");
        TinyGguf.write(full, 1, null);
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = dir.resolve("truncated.gguf");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 1000));
        e = assertThrows(IllegalArgumentException.class, () -> GgufLanguageModel.builder().modelPath(truncated).build());
        assertTrue(e.getMessage().startsWith("GGUF model " + truncated + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(bytes.length)), e.getMessage());

        Path headerOnly = dir.resolve("header-only.gguf");
        Files.write(headerOnly, Arrays.copyOf(bytes, 200));
        e = assertThrows(IllegalArgumentException.class, () -> GgufFile.inspect(headerOnly));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("gguf:" + full + "?threads=0"));
        assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("gguf:" + full + "?template=maybe"));
        assertTrue(e.getMessage().contains("template must be auto, on or off"), e.getMessage());
    }

    @Test
    void aGrammarConstrainsTheOutputOfABaseModel() {
        try (LanguageModel llm = LanguageModels.open("gguf:" + stories())) {
            assertTrue(llm.supportsGrammar());
            String free = llm.complete(greedy("Once upon a time", 8)).text();
            for (long seed = 1; seed <= 3; seed++) {
                Completion c = llm.complete(CompletionRequest.builder().user("Once upon a time").temperature(1.0)
                        .seed(seed).maxTokens(8).grammar("root ::= \"yes\" | \"no\"").build());
                assertTrue(c.text().equals("yes") || c.text().equals("no"),
                        "grammar-constrained output is yes or no, got '" + c.text() + "' (free: '" + free + "')");
            }
        }
    }

    /**
     * Slots serve concurrent callers. With this tiny model and 12 tokens the co-batched answers equal the sequential
     * ones; with SmolLM2 over 96 tokens most differ (llama.cpp batches the slots), which is why the default is one
     * slot (see {@link GgufLanguageModel#DEFAULT_PARALLEL}).
     */
    @Test
    void concurrentAsyncCallsShareSlotsAndGiveTheSequentialAnswers() throws Exception {
        try (LanguageModel llm = LanguageModels.open("gguf:" + stories() + "?parallel=2&ctx=256")) {
            List<String> prompts = List.of("Once upon a time", "The cat", "Lily saw a", "One day, a");
            List<String> sequential = new ArrayList<>();
            for (String p : prompts) {
                sequential.add(llm.complete(greedy(p, 12)).text());
            }
            List<CompletableFuture<Completion>> futures = new ArrayList<>();
            for (String p : prompts) {
                futures.add(llm.completeAsync(greedy(p, 12)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get(60, TimeUnit.SECONDS).text(),
                        "greedy answer of '" + prompts.get(i) + "' through concurrent slots");
            }
            List<Completion> all = llm.completeAll(prompts.stream().map(p -> greedy(p, 12)).toList(), 4);
            assertEquals(sequential, all.stream().map(Completion::text).toList());
        }
    }

    @Test
    void promptCachingCanBeTurnedOnThroughTheSpecAndKeepsGreedyAnswersHere() {
        try (LanguageModel plain = LanguageModels.open("gguf:" + stories() + "?ctx=512");
                LanguageModel cached = LanguageModels.open("gguf:" + stories() + "?ctx=512&cachePrompt=true")) {
            // the two share one loaded model (same file, threads, context and slots); only the requests differ
            for (String p : List.of("Once upon a time", "Once upon a time, there was", "Once upon a time")) {
                assertEquals(plain.complete(greedy(p, 16)).text(), cached.complete(greedy(p, 16)).text(), p);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("gguf:" + stories() + "?cachePrompt=maybe"));
        assertTrue(e.getMessage().contains("cachePrompt must be true or false"), e.getMessage());
    }

    @Test
    void aTruncatedCopyOfARealModelIsRefusedBeforeNativeCode() throws Exception {
        byte[] head = new byte[600_000];
        try (var in = Files.newInputStream(stories())) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        Path truncated = dir.resolve("stories-truncated.gguf");
        Files.write(truncated, head);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("gguf:" + truncated));
        assertTrue(e.getMessage().startsWith("GGUF model " + truncated + ": truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("the file has 600000 bytes"), e.getMessage());
    }

    @Test
    void backendsOnOneFileShareTheLoadedModel() throws Exception {
        Path model = dir.resolve("shared.gguf");
        TinyGguf.write(model, 9, null);
        GgufLanguageModel a = GgufLanguageModel.builder().modelPath(model).contextSize(64).build();
        GgufLanguageModel b = GgufLanguageModel.builder().modelPath(model).contextSize(64).build();
        String first = a.complete(greedy("the sun", 5)).text();
        a.close();
        assertEquals(first, b.complete(greedy("the sun", 5)).text(), "b still works after a closed");
        assertThrows(IllegalStateException.class, () -> a.complete(greedy("the sun", 5)));
        b.close();
        b.close(); // twice is harmless
    }
}
