package dev.eaglelm.embeddings.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's in-process model creates ONNX Runtime's process-wide environment; a {@link SentenceEncoder}
 * created after it in the same JVM must still load and give the same vectors. (Through DJL's engine it failed:
 * "Tried to specify the thread pool when creating an OrtEnvironment, but one already exists".) The order only
 * matters in a fresh JVM, so the check runs in a child JVM.
 */
class LangChain4jFirstTest {

    @Test
    void sentenceEncoderLoadsAfterLangChain4jCreatedTheEnvironment() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xss4m", "-cp",
                System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                Child.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("cosine "), out);
        double cosine = Double.parseDouble(out.substring(out.indexOf("cosine ") + 7).trim().split("\\s+")[0]);
        assertTrue(cosine >= 0.999, out);
    }

    /** The child JVM: LangChain4j first, then eaglelm; prints the cosine between their vectors. */
    public static final class Child {

        private Child() {
        }

        /**
         * Runs the check.
         *
         * @param args unused
         * @throws IOException never
         */
        public static void main(String[] args) throws IOException {
            String text = "A lonely robot falls in love on a deserted planet.";
            float[] reference = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(TextSegment.from(text)).content()
                    .vector();
            try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
                float[] ours = encoder.embedToArrays(List.of(text))[0];
                System.out.println("cosine " + SentenceEncoderTest.cos(ours, reference));
            }
        }
    }
}
