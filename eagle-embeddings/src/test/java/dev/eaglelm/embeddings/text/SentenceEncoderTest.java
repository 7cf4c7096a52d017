package dev.eaglelm.embeddings.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SentenceEncoderTest {

    static SentenceEncoder encoder;

    /** A varied set: short, punctuation-only, empty, numbers, non-ASCII, ~100 words, beyond 128 tokens. */
    static final List<String> VARIED = List.of(
            "hello",
            "",
            "?!...",
            "The 3 musketeers fought 1,000 guards in 1625.",
            "Ça va? Über naïve café — 東京タワー, Москва, مرحبا 🚀",
            "A lonely robot falls in love on a deserted planet.",
            "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz Lightyear onto"
                    + " the scene. Afraid of losing his place in Andy's heart, Woody plots against Buzz. But when"
                    + " circumstances separate Buzz and Woody from their owner, the duo eventually learns to put aside"
                    + " their differences and find their way home before the family moves away for good.",
            "word ".repeat(60) + "The movie is about " + "a very long plot line that goes on and on ".repeat(25));

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.miniLm();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    static double cos(float[] a, float[] b) {
        double d = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return d / Math.sqrt(na * nb);
    }

    @Test
    void oracleCosinesFromDependenciesMd() {
        float[][] r = encoder.embedAll(List.of("A lonely robot falls in love on a deserted planet.",
                "An android develops romantic feelings while stranded in space.",
                "A stand-up comedian tries to save his failing pizza restaurant.")).toFloatMatrix();
        assertEquals(0.5713, cos(r[0], r[1]), 5e-4);
        assertEquals(0.1292, cos(r[0], r[2]), 5e-4);
        assertEquals(0.0743, cos(r[1], r[2]), 5e-4);
    }

    @Test
    void vectorsEqualLangChain4jsOwnModel() {
        AllMiniLmL6V2QuantizedEmbeddingModel lc = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<Embedding> ref = lc.embedAll(VARIED.stream().filter(t -> !t.isEmpty()).map(TextSegment::from).toList())
                .content();
        List<String> nonEmpty = VARIED.stream().filter(t -> !t.isEmpty()).toList();
        float[][] ours = encoder.embedToArrays(nonEmpty);
        for (int i = 0; i < nonEmpty.size(); i++) {
            double c = cos(ours[i], ref.get(i).vector());
            assertTrue(c >= 0.999, "text " + i + " ('" + nonEmpty.get(i).substring(0, Math.min(30,
                    nonEmpty.get(i).length())) + "'): cosine to LangChain4j " + c);
        }
        // the long text really is beyond the limit, where both truncate at tokenizer.json's 128 tokens
        assertEquals(128, encoder.maxLength());
    }

    @Test
    void shapeNormAndDtype() {
        INDArray e = encoder.embedAll(VARIED);
        assertArrayEquals(new long[] {VARIED.size(), 384}, e.shape());
        assertEquals(DataType.FLOAT, e.dataType());
        for (float[] row : e.toFloatMatrix()) {
            double n = 0;
            for (float v : row) {
                n += v * v;
            }
            assertEquals(1.0, Math.sqrt(n), 1e-5);
        }
        assertEquals(384, encoder.dimension());
        assertEquals("all-minilm-l6-v2-q@1.0.0-beta1/mean-l2/v1/max128", encoder.id());
        assertEquals(SentenceEncoder.Batching.PER_TEXT, encoder.batching());
        assertArrayEquals(new long[] {0, 384}, encoder.embedAll(List.of()).shape());
    }

    @Test
    void aTextsVectorDoesNotDependOnItsBatch() {
        float[][] together = encoder.embedToArrays(VARIED);
        for (int i = 0; i < VARIED.size(); i++) {
            assertArrayEquals(encoder.embedToArrays(List.of(VARIED.get(i)))[0], together[i], "text " + i);
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        String[][] pairs = {
            {"A detective hunts a serial killer in a rainy city.", "In a wet metropolis, an investigator tracks down a murderer."},
            {"Two friends go on a road trip across America.", "A pair of buddies drive across the United States."},
            {"A young wizard attends a school of magic.", "A boy with magical powers goes to a wizarding academy."},
            {"Astronauts are stranded on Mars.", "A crew of space explorers is stuck on the red planet."},
        };
        List<String> all = new ArrayList<>();
        for (String[] p : pairs) {
            all.add(p[0]);
            all.add(p[1]);
        }
        float[][] v = encoder.embedToArrays(all);
        for (int i = 0; i < pairs.length; i++) {
            double same = cos(v[2 * i], v[2 * i + 1]);
            for (int j = 0; j < pairs.length; j++) {
                if (j != i) {
                    assertTrue(same > cos(v[2 * i], v[2 * j + 1]),
                            "pair " + i + " (" + same + ") vs unrelated " + j + " (" + cos(v[2 * i], v[2 * j + 1]) + ")");
                }
            }
        }
    }

    @Test
    void threadSafe() throws Exception {
        float[][] expected = encoder.embedToArrays(VARIED);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> encoder.embedToArrays(VARIED)));
            }
            for (Future<float[][]> f : futures) {
                float[][] got = f.get();
                for (int i = 0; i < expected.length; i++) {
                    assertArrayEquals(expected[i], got[i]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * ONNX Runtime crashes the JVM (SIGSEGV, no report) when a session is created or run on a thread with a
     * default 1 MiB stack; the encoder moves that work to its own threads. A regression kills the test JVM.
     */
    @Test
    void loadsAndEmbedsFromThreadsWithSmallStacks() throws Exception {
        float[][][] out = new float[1][][];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try (SentenceEncoder small = SentenceEncoder.miniLm()) {
                out[0] = small.embedToArrays(List.of("hello world", "a lonely robot"));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "one-mebibyte-stack", 1L << 20);
        t.start();
        t.join();
        assertEquals(null, failure[0]);
        assertArrayEquals(encoder.embedToArrays(List.of("hello world"))[0], out[0][0]);
    }

    @Test
    void aUserDirectoryWorksAndGetsItsOwnId() {
        try (SentenceEncoder dir = SentenceEncoder.builder().optModelDirectory(BundledModel.directory())
                .optMaxLength(64).build()) {
            assertTrue(dir.id().startsWith("onnx:all-minilm-l6-v2-q-1.0.0-beta1@"), dir.id());
            assertTrue(dir.id().endsWith("/mean-l2/v1/max64"), dir.id());
            assertNotEquals(encoder.id(), dir.id());
            assertArrayEquals(encoder.embedToArrays(List.of("hello world"))[0], dir.embedToArrays(List.of("hello world"))[0]);
        }
    }

    @Test
    void paddedBatchesAreAvailableButPerturbTheInt8Model() {
        try (SentenceEncoder padded = SentenceEncoder.builder().optBatching(SentenceEncoder.Batching.PADDED)
                .optBatchSize(8).build()) {
            float[][] a = padded.embedToArrays(VARIED);
            float[][] b = encoder.embedToArrays(VARIED);
            double min = 1;
            for (int i = 0; i < a.length; i++) {
                min = Math.min(min, cos(a[i], b[i]));
            }
            assertTrue(min > 0.9, "padded batches stay close: " + min);
            assertTrue(min < 0.9999, "dynamic int8 quantization makes padded batches differ: " + min);
        }
    }

    /** The encoder's tokenizer options, as SentenceEncoder sets them for the bundled model. */
    static HuggingFaceTokenizer tokenizer(Path file, Map<String, String> extra) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("padding", "false", "truncation", "true",
                "maxLength", "128", "addSpecialTokens", "true"));
        options.putAll(extra);
        return HuggingFaceTokenizer.newInstance(file, options);
    }

    @Test
    void directTokenisationGivesWhatDjlsEncodeGives() throws Exception {
        assertTrue(encoder.usesDirectTokens(), "the bundled MiniLM takes the direct path");
        try (HuggingFaceTokenizer tok = tokenizer(BundledModel.directory().resolve("tokenizer.json"), Map.of())) {
            int truncated = 0;
            for (int i = 0; i < VARIED.size(); i++) {
                SentenceEncoder.Tokens direct = SentenceEncoder.directTokens(tok, VARIED.get(i));
                Encoding djl = tok.encode(VARIED.get(i));
                String where = "text " + i;
                assertArrayEquals(djl.getIds(), direct.ids(), where);
                assertArrayEquals(djl.getAttentionMask(), direct.mask(), where);
                assertArrayEquals(djl.getTypeIds(), direct.types(), where);
                assertEquals(djl.exceedMaxLength(), direct.truncated(), where);
                truncated += direct.truncated() ? 1 : 0;
            }
            assertEquals(1, truncated, "exactly the last text is beyond 128 tokens");
        }
    }

    @Test
    void aTokenizerThatRewritesTextsKeepsDjlsEncode(@TempDir Path tmp) throws Exception {
        // a cased copy of the tokenizer: DJL's doLowerCase option then changes the ids, the direct path would not
        String json = Files.readString(BundledModel.directory().resolve("tokenizer.json"));
        assertTrue(json.contains("\"lowercase\": true"));
        Path cased = tmp.resolve("tokenizer.json");
        Files.writeString(cased, json.replace("\"lowercase\": true", "\"lowercase\": false"));
        try (HuggingFaceTokenizer plain = tokenizer(cased, Map.of());
                HuggingFaceTokenizer lower = tokenizer(cased, Map.of("doLowerCase", "true"))) {
            assertFalse(Arrays.equals(plain.encode("Mixed WORDS").getIds(), lower.encode("Mixed WORDS").getIds()),
                    "the option really changes the ids");
            assertTrue(SentenceEncoder.directTokensAgree(plain));
            assertFalse(SentenceEncoder.directTokensAgree(lower));
        }
    }

    @Test
    void badInputs(@TempDir Path tmp) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SentenceEncoder.fromDirectory(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Files.writeString(tmp.resolve("model.onnx"), "not a model");
        e = assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.fromDirectory(tmp));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
        Files.copy(BundledModel.directory().resolve("tokenizer.json"), tmp.resolve("tokenizer.json"));
        e = assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.fromDirectory(tmp));
        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
        List<String> withNull = new ArrayList<>(List.of("a", "b"));
        withNull.add(null);
        e = assertThrows(IllegalArgumentException.class, () -> encoder.embedAll(withNull));
        assertEquals("sentence encoder: text 2 is null", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.builder().optBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> SentenceEncoder.builder().optMaxLength(2));
    }
}
