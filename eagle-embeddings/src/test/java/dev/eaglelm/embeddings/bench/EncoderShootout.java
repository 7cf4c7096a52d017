package dev.eaglelm.embeddings.bench;

import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A paired comparison for a shared, noisy machine: eaglelm's {@link SentenceEncoder} and LangChain4j's
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel} embed the same 64 texts in alternating rounds (after a warm-up),
 * and the ratio is taken within each round, so that load from other processes, which changes over seconds,
 * hits both sides of a ratio alike. Prints the median sentences/s of each side and the median and quartiles
 * of the per-round ratio.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl eagle-embeddings -am -Pbench verify -DskipTests -Dmaven.javadoc.skip=true
 * -Dbench.main=dev.eaglelm.embeddings.bench.EncoderShootout} (JVM with {@code -Xss4m} for LangChain4j).
 */
public final class EncoderShootout {

    private EncoderShootout() {
    }

    /**
     * Runs the comparison.
     *
     * @param args optional: the number of rounds (default 30)
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (SentenceEncoder eagle = SentenceEncoder.miniLm()) {
            AllMiniLmL6V2QuantizedEmbeddingModel langchain = new AllMiniLmL6V2QuantizedEmbeddingModel();
            for (String kind : List.of("short", "plot")) {
                List<String> texts = "short".equals(kind) ? BenchmarkTexts.shortSentences(EncoderBenchmark.BATCH)
                        : BenchmarkTexts.plots(EncoderBenchmark.BATCH);
                List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
                for (int w = 0; w < 5; w++) { // warm-up
                    eagle.embedToArrays(texts);
                    langchain.embedAll(segments);
                }
                double[] e = new double[rounds];
                double[] l = new double[rounds];
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    boolean eagleFirst = r % 2 == 0;
                    if (eagleFirst) {
                        e[r] = rate(() -> eagle.embedToArrays(texts), texts.size());
                        l[r] = rate(() -> langchain.embedAll(segments), texts.size());
                    } else {
                        l[r] = rate(() -> langchain.embedAll(segments), texts.size());
                        e[r] = rate(() -> eagle.embedToArrays(texts), texts.size());
                    }
                    ratio[r] = e[r] / l[r];
                }
                Arrays.sort(e);
                Arrays.sort(l);
                Arrays.sort(ratio);
                System.out.printf(Locale.ROOT, "%s: eaglelm %.0f sentences/s, langchain4j %.0f sentences/s (medians of %d "
                        + "rounds of %d texts); paired ratio median %.2fx (quartiles %.2fx..%.2fx)%n", kind,
                        e[rounds / 2], l[rounds / 2], rounds, texts.size(), ratio[rounds / 2], ratio[rounds / 4],
                        ratio[3 * rounds / 4]);
            }
        }
    }

    private static double rate(Runnable work, int n) {
        long t0 = System.nanoTime();
        work.run();
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
