package dev.eaglelm.embeddings.bench;

import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batched throughput of eaglelm's {@link SentenceEncoder} against LangChain4j's own in-process
 * {@link AllMiniLmL6V2QuantizedEmbeddingModel} (the same int8 MiniLM, the same ONNX Runtime 1.29.0 and
 * tokenizers 0.38.0), in sentences per second. Each operation embeds {@value #BATCH} texts with one call
 * ({@code embedAll} on both sides); the texts are {@link BenchmarkTexts#shortSentences} (8&ndash;14 words) or
 * {@link BenchmarkTexts#plots} (about 100 words).
 *
 * <p>The forked JVM gets {@code -Xss4m}: LangChain4j's model runs ONNX Runtime on its executor's threads, and
 * ONNX Runtime crashes the JVM on default 1 MiB thread stacks (eaglelm's encoder uses its own 16 MiB threads).
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl eagle-embeddings -am -Pbench verify -DskipTests -Dmaven.javadoc.skip=true}
 * (README, "eagle-embeddings").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Xss4m"})
public class EncoderBenchmark {

    /** Texts per call. */
    public static final int BATCH = 64;

    /** Which texts. */
    @Param({"short", "plot"})
    public String texts;

    private List<String> batch;
    private List<TextSegment> segments;
    private SentenceEncoder eagle;
    private AllMiniLmL6V2QuantizedEmbeddingModel langchain;

    /** Loads both models and the texts. */
    @Setup(Level.Trial)
    public void setUp() {
        batch = "short".equals(texts) ? BenchmarkTexts.shortSentences(BATCH) : BenchmarkTexts.plots(BATCH);
        segments = batch.stream().map(TextSegment::from).toList();
        eagle = SentenceEncoder.miniLm();
        langchain = new AllMiniLmL6V2QuantizedEmbeddingModel();
    }

    /** Closes eaglelm's encoder. */
    @TearDown(Level.Trial)
    public void tearDown() {
        eagle.close();
    }

    /**
     * eaglelm.
     *
     * @return the vectors
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public float[][] eaglelm() {
        return eagle.embedToArrays(batch);
    }

    /**
     * LangChain4j.
     *
     * @return the embeddings
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object langchain4j() {
        return langchain.embedAll(segments).content();
    }
}
