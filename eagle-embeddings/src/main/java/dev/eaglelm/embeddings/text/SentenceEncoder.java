package dev.eaglelm.embeddings.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.util.NdArrays;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence encoder: a BERT-style ONNX model run on ONNX Runtime, tokenised by DJL's Hugging Face tokenizers,
 * with mean pooling over the attention mask and L2 normalisation. It is the frozen text encoder under the
 * reference E<sub>D</sub> (PAPER.md &sect;3) and the embedding of action texts for the optimal design.
 *
 * <p>By default it loads all-MiniLM-L6-v2 (int8) from the resources of the Maven artifact
 * {@value BundledModel#ARTIFACT} (see {@link BundledModel}); any directory holding {@code model.onnx} and a
 * Hugging Face {@code tokenizer.json} works too. The model must take {@code input_ids} and
 * {@code attention_mask} (and optionally {@code token_type_ids}, all int64) and return the token states
 * {@code [batch, tokens, hidden]} (a {@code [batch, hidden]} output is taken as already pooled).
 *
 * <ul>
 *   <li><b>Pooling:</b> the mean of the token states whose attention mask is 1 (padding excluded), then
 *       division by the L2 norm: every row has norm 1. This is sentence-transformers' recipe for MiniLM and
 *       what LangChain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} computes.</li>
 *   <li><b>Truncation:</b> texts longer than {@link #maxLength()} tokens (special tokens included) are cut,
 *       and a warning is logged. The default is the limit written in {@code tokenizer.json} (128 for the
 *       bundled MiniLM, the limit LangChain4j applies through the same file), or 512 when the file sets
 *       none. A longer limit must not exceed the model's position embeddings (512 for MiniLM).</li>
 *   <li><b>Batching:</b> {@link #embedAll} either tokenises all texts in one call and runs them in
 *       batches of {@link #batchSize()} sorted by length and padded to the longest of each batch (float
 *       models), or tokenises and runs one text per call, unpadded, on several threads at once, longest texts
 *       first (dynamically quantized models such as the bundled MiniLM, whose int8 scales span the whole
 *       batch: see {@link Batching}). Rows come back in input order, and a text's vector never depends on the
 *       rest of its batch.</li>
 *   <li><b>Threads:</b> instances are thread-safe (one ONNX Runtime session, whose {@code run} is
 *       thread-safe, shared by all calls). {@link #close()} waits for running calls.</li>
 *   <li><b>Runtime:</b> the model runs on ONNX Runtime's own Java API ({@code ai.onnxruntime}, the library DJL's
 *       ONNX Runtime engine wraps), in ONNX Runtime's process-wide environment, so LangChain4j's in-process
 *       models can run in the same JVM in either order. Going through DJL's engine instead cost 6-10% of the
 *       throughput on short texts (measured against the bare session in paired rounds). Nothing is downloaded:
 *       DJL's offline flags are set before DJL initialises ({@link DjlOffline}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
 *     INDArray rows = encoder.embedAll(List.of("A lonely robot falls in love.", "A comedian saves a pizzeria."));
 *     // rows: [2, 384], float, each row of norm 1
 * }
 * }</pre>
 */
public final class SentenceEncoder implements EmbeddingMap<String>, AutoCloseable {

    /** The file name of the ONNX model in a model directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** The file name of the Hugging Face tokenizer in a model directory. */
    public static final String TOKENIZER_FILE = "tokenizer.json";
    /** The default number of texts per model call. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** The token limit used when {@code tokenizer.json} sets none. */
    public static final int DEFAULT_MAX_LENGTH = 512;
    /** The version of the pooling and normalisation recipe; part of {@link #id()}. */
    public static final String RECIPE = "mean-l2/v1";

    /** Stack size of the threads that run the model. */
    static final long WORKER_STACK_BYTES = 16L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);

    static {
        DjlOffline.ensure();
    }

    private final Path directory;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final List<String> inputNames;
    private final String outputName;
    private final int maxLength;
    private final int batchSize;
    private final int threads;
    private final boolean padded;
    private final int dimension;
    private final int outputRank;
    private final boolean directTokens;
    private final ThreadLocal<Scratch> scratch;
    private final String id;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;
    private ExecutorService workers;

    private SentenceEncoder(Builder b) {
        Path dir = b.directory != null ? b.directory : BundledModel.directory();
        this.directory = checkDirectory(dir);
        this.batchSize = b.batchSize;
        this.threads = b.threads > 0 ? b.threads : Runtime.getRuntime().availableProcessors();
        Path modelFile = directory.resolve(MODEL_FILE);
        Path tokenizerFile = directory.resolve(TOKENIZER_FILE);

        int limit;
        HuggingFaceTokenizer tok = null;
        OrtSession loaded = null;
        try {
            limit = b.maxLength > 0 ? b.maxLength : tokenizerLimit(tokenizerFile);
            tok = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(limit),
                    "addSpecialTokens", "true"));
            boolean pad = switch (b.batching) {
                case PADDED -> true;
                case PER_TEXT -> false;
                case AUTO -> !dynamicallyQuantized(modelFile);
            };
            this.padded = pad;
            int intraOp = pad ? threads : 1;
            OrtEnvironment env = onBigStack("start", SentenceEncoder::environment);
            this.environment = env;
            loaded = onBigStack("load", () -> open(env, modelFile, intraOp));
            this.inputNames = checkInputs(loaded, modelFile);
            this.outputName = chooseOutput(loaded, modelFile);
        } catch (IOException e) {
            closeQuietly(tok, loaded);
            throw new IllegalArgumentException("cannot read the sentence model in " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            HuggingFaceTokenizer openTokenizer = tok;
            OrtSession openSession = loaded;
            onBigStack("close", () -> {
                closeQuietly(openTokenizer, openSession);
                return null;
            });
            throw e;
        }
        this.maxLength = limit;
        this.tokenizer = tok;
        this.session = loaded;
        String name = b.directory == null ? BundledModel.NAME + "@" + BundledModel.VERSION
                : "onnx:" + directory.getFileName() + "@" + digest(modelFile, tokenizerFile);
        this.id = name + "/" + RECIPE + "/max" + maxLength;
        try {
            this.outputRank = outputRank(loaded, outputName);
            this.directTokens = !padded && directTokensAgree(tok);
            float[][] probe = new float[1][];
            Tokens probeTokens = Tokens.of(tok.encode("dimension probe"));
            onWorkers(1, () -> {
                runBatch(new Tokens[] {probeTokens}, new Integer[] {0}, 0, 1, probe);
                return null;
            });
            this.dimension = probe[0].length;
        } catch (RuntimeException e) {
            close();
            throw new IllegalArgumentException("the model in " + directory + " failed on a probe sentence: "
                    + e.getMessage(), e);
        }
        int hidden = dimension;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxLength, hidden));
        LOG.debug("loaded sentence encoder {} from {} (d={}, output {}, {}, {} threads)", id, directory, dimension,
                outputName, padded ? "padded batches of " + batchSize : "one call per text", threads);
    }

    /**
     * Loads the bundled all-MiniLM-L6-v2 (int8) with default settings.
     *
     * @return the encoder (384 dimensions)
     * @throws IllegalStateException if the model artifact or the ONNX Runtime engine is missing
     */
    public static SentenceEncoder miniLm() {
        return builder().build();
    }

    /**
     * Loads a model directory with default settings.
     *
     * @param directory a directory holding {@code model.onnx} and {@code tokenizer.json}
     * @return the encoder
     * @throws IllegalArgumentException if the directory or a file is missing, unreadable or not a usable model
     */
    public static SentenceEncoder fromDirectory(Path directory) {
        return builder().optModelDirectory(directory).build();
    }

    /**
     * Returns a builder.
     *
     * @return a builder for the bundled model with default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * Returns the id: the model (the bundled name and version, or for a directory its name and a digest of
     * both files), the pooling recipe and the token limit, e.g.
     * {@code all-minilm-l6-v2-q@1.0.0-beta1/mean-l2/v1/max128}.
     *
     * @return the id
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns the token limit (special tokens included) beyond which texts are truncated.
     *
     * @return the limit
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Returns the number of texts per model call.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns how texts are grouped into model calls.
     *
     * @return {@link Batching#PADDED} or {@link Batching#PER_TEXT} (never {@link Batching#AUTO})
     */
    public Batching batching() {
        return padded ? Batching.PADDED : Batching.PER_TEXT;
    }

    /**
     * Returns the number of threads that run the model.
     *
     * @return the thread count
     */
    public int threads() {
        return threads;
    }

    /**
     * Returns the model directory.
     *
     * @return the directory holding {@code model.onnx} and {@code tokenizer.json}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Embeds texts.
     *
     * @param texts the texts, none null; may be empty
     * @return a {@code FLOAT} matrix {@code [texts.size(), dimension()]} of unit rows, in input order
     * @throws IllegalArgumentException if a text is null (the message names its index)
     * @throws IllegalStateException if the encoder is closed or the model fails
     */
    @Override
    public INDArray embedAll(List<? extends String> texts) {
        Objects.requireNonNull(texts, "texts");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("sentence encoder: text " + i + " is null");
            }
        }
        NdArrays.requireBackend();
        if (texts.isEmpty()) {
            return Nd4j.create(DataType.FLOAT, 0, dimension);
        }
        float[][] rows = run(texts);
        float[] flat = new float[rows.length * dimension];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * dimension, dimension);
        }
        return Nd4j.create(flat, new long[] {rows.length, dimension}, DataType.FLOAT);
    }

    /**
     * Embeds texts into Java arrays (no ND4J needed).
     *
     * @param texts the texts, none null
     * @return one unit vector per text, in input order
     * @throws IllegalArgumentException if a text is null
     * @throws IllegalStateException if the encoder is closed or the model fails
     */
    public float[][] embedToArrays(List<? extends String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("sentence encoder: text " + i + " is null");
            }
        }
        return texts.isEmpty() ? new float[0][] : run(texts);
    }

    private float[][] run(List<? extends String> texts) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("sentence encoder " + id + " is closed");
            }
            int n = texts.size();
            float[][] out = new float[n][];
            Tokens[] tokens = new Tokens[n];
            if (padded) {
                Encoding[] encodings = tokenizer.batchEncode(new ArrayList<>(texts));
                for (int i = 0; i < n; i++) {
                    tokens[i] = Tokens.of(encodings[i]);
                }
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, c) -> Integer.compare(tokens[a].ids().length, tokens[c].ids().length));
                onWorkers(1, () -> {
                    for (int from = 0; from < n; from += batchSize) {
                        runBatch(tokens, order, from, Math.min(n, from + batchSize), out);
                    }
                    return null;
                });
            } else {
                // each worker tokenises the text it runs (tokenisation in parallel, overlapped with the model);
                // longest texts first, so that no thread is left with a long text while the others idle
                Integer[] longestFirst = new Integer[n];
                for (int i = 0; i < n; i++) {
                    longestFirst[i] = i;
                }
                Arrays.sort(longestFirst, (a, c) -> Integer.compare(texts.get(c).length(), texts.get(a).length()));
                AtomicInteger next = new AtomicInteger();
                onWorkers(Math.min(threads, n), () -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        int t = longestFirst[i];
                        tokens[t] = tokenize(texts.get(t));
                        if (outputRank == 2 || outputRank == 3) {
                            out[t] = runOne(tokens[t]);
                        } else {
                            runBatch(tokens, longestFirst, i, i + 1, out);
                        }
                    }
                    return null;
                });
            }
            warnTruncated(tokens);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code copies} copies of a task on the encoder's own threads and waits for all. Model calls never
     * run on the caller's thread: ONNX Runtime's int8 kernels need more stack than a default 1 MiB thread
     * stack offers (a JVM crash, SIGSEGV, was observed), so the workers get {@value #WORKER_STACK_BYTES} bytes.
     */
    private void onWorkers(int copies, Callable<Void> task) {
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (int h = 0; h < copies; h++) {
                futures.add(pool().submit(task));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("sentence encoder " + id + ": the model failed: " + c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sentence encoder " + id + ": interrupted", e);
        } finally {
            for (Future<Void> f : futures) {
                f.cancel(true);
            }
        }
    }

    /**
     * Runs a task on a fresh thread with a {@value #WORKER_STACK_BYTES}-byte stack and waits for it: ONNX Runtime's
     * session creation crashes the JVM (SIGSEGV, no error report) on a default 1 MiB Java thread stack.
     */
    static <T> T onBigStack(String what, Callable<T> task) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "eagle-sentence-encoder-" + what, WORKER_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sentence encoder: interrupted during " + what, e);
        }
        Throwable f = failure[0];
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException("sentence encoder: " + what + " failed: " + f.getMessage(), f);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private synchronized ExecutorService pool() {
        if (workers == null) {
            AtomicInteger count = new AtomicInteger();
            workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(null, r, "eagle-sentence-encoder-" + count.incrementAndGet(), WORKER_STACK_BYTES);
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    private void warnTruncated(Tokens[] tokens) {
        int truncated = 0;
        int first = -1;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].truncated()) {
                truncated++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (truncated > 0) {
            LOG.warn("sentence encoder {}: {} of {} texts exceed {} tokens and were truncated (first: text {})",
                    id, truncated, tokens.length, maxLength, first);
        }
    }

    private void runBatch(Tokens[] tokens, Integer[] order, int from, int to, float[][] out)
            throws OrtException {
        int b = to - from;
        int len = 0;
        for (int r = from; r < to; r++) {
            len = Math.max(len, tokens[order[r]].ids().length);
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        long[] types = new long[b * len];
        for (int r = 0; r < b; r++) {
            Tokens e = tokens[order[from + r]];
            long[] ei = e.ids();
            long[] em = e.mask();
            long[] et = e.types();
            System.arraycopy(ei, 0, ids, r * len, ei.length);
            System.arraycopy(em, 0, mask, r * len, em.length);
            System.arraycopy(et, 0, types, r * len, et.length);
        }
        long[] shape = {b, len};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : inputNames) {
                long[] data = switch (name) {
                    case "input_ids" -> ids;
                    case "attention_mask" -> mask;
                    default -> types;
                };
                inputs.put(name, OnnxTensor.createTensor(environment, LongBuffer.wrap(data), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxValue value = result.get(0);
                if (!(value instanceof OnnxTensor states) || states.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new IllegalStateException("sentence encoder " + id + ": the output " + outputName
                            + " is " + value.getInfo() + "; expected a float tensor");
                }
                long[] s = states.getInfo().getShape();
                FloatBuffer h = states.getFloatBuffer();
                if (s.length == 3) {
                    int hidden = (int) s[2];
                    for (int r = 0; r < b; r++) {
                        out[order[from + r]] = meanPoolNormalise(h, mask, r, len, hidden);
                    }
                } else if (s.length == 2) {
                    int hidden = (int) s[1];
                    for (int r = 0; r < b; r++) {
                        float[] v = new float[hidden];
                        h.get(r * hidden, v);
                        out[order[from + r]] = normalise(v);
                    }
                } else {
                    throw new IllegalStateException("sentence encoder " + id + ": unexpected output shape "
                            + Arrays.toString(s) + "; expected [batch, tokens, hidden] or [batch, hidden]");
                }
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    /**
     * Runs one text, unpadded, through buffers owned by the calling worker thread: the token ids go to ONNX Runtime
     * from direct buffers without a copy, and the model writes its token states straight into a direct buffer of
     * the thread (a pinned output), which is pooled in place. Measured together with {@link #directTokens} against
     * the previous path (DJL's {@code encode}, Java arrays, two copies of the output), old and new encoder in one
     * JVM, alternating paired rounds of 64 texts: +1.7% sentences/s on plots (median of 100 rounds, quartiles +0.4%
     * to +3.1%), +3.6% on short sentences (60 rounds), identical vectors.
     */
    private float[] runOne(Tokens tokens) throws OrtException {
        int len = tokens.ids().length;
        Scratch s = scratch.get();
        s.ensure(len);
        long[] shape = {1, len};
        long[] outShape = outputRank == 3 ? new long[] {1, len, dimension} : new long[] {1, dimension};
        FloatBuffer states = s.states.duplicate();
        states.position(0).limit(Math.multiplyExact(outputRank == 3 ? len : 1, dimension));
        Map<String, OnnxTensor> inputs = new HashMap<>();
        OnnxTensor output = null;
        try {
            for (String name : inputNames) {
                LongBuffer target = switch (name) {
                    case "input_ids" -> s.ids.clear().put(tokens.ids());
                    case "attention_mask" -> s.mask.clear().put(tokens.mask());
                    default -> s.types.clear().put(tokens.types());
                };
                inputs.put(name, OnnxTensor.createTensor(environment, target.flip(), shape));
            }
            output = OnnxTensor.createTensor(environment, states, outShape);
            try (OrtSession.Result ignored = session.run(inputs, Set.of(), Map.of(outputName, output))) {
                if (outputRank == 3) {
                    return meanPoolNormalise(states, tokens.mask(), 0, len, dimension);
                }
                float[] v = new float[dimension];
                states.get(0, v);
                return normalise(v);
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
            if (output != null) {
                output.close();
            }
        }
    }

    /** Whether one-text calls tokenise through {@link #directTokens} (package-private: for tests). */
    boolean usesDirectTokens() {
        return directTokens;
    }

    /** Tokenises one text (special tokens added, truncated at {@link #maxLength()}, no padding). */
    private Tokens tokenize(String text) {
        return directTokens ? directTokens(tokenizer, text) : Tokens.of(tokenizer.encode(text));
    }

    /**
     * Tokenises through DJL's native tokenizers binding and fetches only what the model needs (ids, mask, type ids,
     * whether the text overflowed). {@link HuggingFaceTokenizer#encode(String)} also builds the token strings, word
     * ids and character spans of every token: about a fifth of the tokenisation time of a plot.
     */
    static Tokens directTokens(HuggingFaceTokenizer tokenizer, String text) {
        TokenizersLibrary lib = TokenizersLibrary.LIB;
        long encoding = lib.encode(tokenizer.getHandle(), text, true);
        try {
            return new Tokens(lib.getTokenIds(encoding), lib.getAttentionMask(encoding), lib.getTypeIds(encoding),
                    lib.getOverflowCount(encoding) > 0);
        } finally {
            lib.deleteEncoding(encoding);
        }
    }

    /**
     * Whether {@link #directTokens} gives what {@link HuggingFaceTokenizer#encode(String)} gives for this tokenizer:
     * DJL's own call can rewrite the text first (lower case, a prefix space) when a tokenizer is configured to, and
     * a DJL version with another native binding would fail to link. Either way the encoder keeps DJL's call.
     */
    static boolean directTokensAgree(HuggingFaceTokenizer tokenizer) {
        String probe = "Tokenizer probe: Mixed-Case WORDS, 42 digits and non-ASCII "
                + "\u00c9l\u00e8ve \u00fcber stra\u00dfe.";
        try {
            Tokens direct = directTokens(tokenizer, probe);
            Tokens djl = Tokens.of(tokenizer.encode(probe));
            boolean same = Arrays.equals(direct.ids(), djl.ids()) && Arrays.equals(direct.mask(), djl.mask())
                    && Arrays.equals(direct.types(), djl.types()) && direct.truncated() == djl.truncated();
            if (!same) {
                LOG.debug("sentence encoder: the tokenizer rewrites texts before encoding; using DJL's encode");
            }
            return same;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("sentence encoder: DJL's native tokenizer binding is not usable directly; using DJL's encode", e);
            return false;
        }
    }

    /** The rank of the chosen output (3: token states, 2: pooled), as the model declares it. */
    private static int outputRank(OrtSession session, String outputName) {
        try {
            if (session.getOutputInfo().get(outputName).getInfo() instanceof TensorInfo t) {
                return t.getShape().length;
            }
            return -1;
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot read the outputs of the sentence model: " + e.getMessage(), e);
        }
    }

    /** The token ids of one text, as the model takes them. */
    record Tokens(long[] ids, long[] mask, long[] types, boolean truncated) {

        static Tokens of(Encoding e) {
            return new Tokens(e.getIds(), e.getAttentionMask(), e.getTypeIds(), e.exceedMaxLength());
        }
    }

    /** Direct buffers of one worker thread: the inputs and the token states of one text. */
    private static final class Scratch {

        private final int hidden;
        private LongBuffer ids;
        private LongBuffer mask;
        private LongBuffer types;
        private FloatBuffer states;
        private int tokens;

        Scratch(int tokens, int hidden) {
            this.hidden = hidden;
            allocate(tokens);
        }

        /** Grows the buffers to hold {@code len} tokens (a tokenizer may exceed its limit by its special tokens). */
        void ensure(int len) {
            if (len > tokens) {
                allocate(len);
            }
        }

        private void allocate(int len) {
            tokens = len;
            ids = longs(len);
            mask = longs(len);
            types = longs(len);
            states = ByteBuffer.allocateDirect(Math.multiplyExact(Math.multiplyExact(len, hidden), Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
        }

        private static LongBuffer longs(int len) {
            return ByteBuffer.allocateDirect(len * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    /** Masked mean over tokens of row r of a [b, len, hidden] buffer (read from index 0), then L2 normalisation. */
    static float[] meanPoolNormalise(FloatBuffer states, long[] mask, int r, int len, int hidden) {
        double[] acc = new double[hidden];
        int count = 0;
        for (int t = 0; t < len; t++) {
            if (mask[r * len + t] != 0) {
                count++;
                int base = (r * len + t) * hidden;
                for (int j = 0; j < hidden; j++) {
                    acc[j] += states.get(base + j);
                }
            }
        }
        float[] v = new float[hidden];
        for (int j = 0; j < hidden; j++) {
            v[j] = (float) (acc[j] / Math.max(count, 1));
        }
        return normalise(v);
    }

    static float[] normalise(float[] v) {
        double ss = 0;
        for (float x : v) {
            ss += (double) x * x;
        }
        double norm = Math.sqrt(ss);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) (v[j] / norm);
            }
        }
        return v;
    }

    /** Closes the model and the tokenizer, after running calls finish. Closing twice is harmless. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (workers != null) {
                    workers.shutdownNow();
                }
                onBigStack("close", () -> {
                    closeQuietly(tokenizer, session);
                    return null;
                });
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "SentenceEncoder[" + id + ", d=" + dimension + ", dir=" + directory + "]";
    }

    private static Path checkDirectory(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new IllegalArgumentException("model directory " + abs + " does not exist");
        }
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("model directory " + abs + " is not a directory");
        }
        for (String f : List.of(MODEL_FILE, TOKENIZER_FILE)) {
            Path p = abs.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("model directory " + abs + " has no " + f
                        + " (a sentence model directory holds " + MODEL_FILE + " and " + TOKENIZER_FILE + ")");
            }
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(p + " is not readable");
            }
        }
        return abs;
    }

    /** The truncation limit written in tokenizer.json, or DEFAULT_MAX_LENGTH. */
    private static int tokenizerLimit(Path tokenizerFile) throws IOException {
        try (HuggingFaceTokenizer probe = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("padding", "false"))) {
            String truncation = String.valueOf(probe.getTruncation()).toLowerCase(java.util.Locale.ROOT);
            int limit = probe.getMaxLength();
            boolean truncates = !truncation.contains("not") && !truncation.equals("false");
            return truncates && limit > 0 ? limit : DEFAULT_MAX_LENGTH;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(tokenizerFile + " is not a usable Hugging Face tokenizer: "
                    + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's process-wide environment (created on first use; shared with other libraries). */
    private static OrtEnvironment environment() {
        try {
            return OrtEnvironment.getEnvironment();
        } catch (ExceptionInInitializerError | NoClassDefFoundError | UnsatisfiedLinkError e) {
            throw new IllegalStateException("ONNX Runtime failed to start (" + rootMessage(e) + "); the sentence "
                    + "encoder needs com.microsoft.onnxruntime:onnxruntime (linux/macOS/windows, x64 or arm64)", e);
        }
    }

    /**
     * Opens an ONNX Runtime session with every graph optimization. One call per text (int8 MiniLM) runs on one
     * intra-op thread per call with several calls at once; padded batches (float models) get the intra-op
     * threads.
     *
     * <p>The int8 model's vectors depend on float rounding (activations are re-quantized after every layer), so
     * the session keeps ONNX Runtime's default graph (the one LangChain4j runs) to give the same vectors.
     * Measured alternatives that were faster but moved vectors away from LangChain4j's: without the layer-norm
     * fusion ({@code optimization.disable_specified_optimizers=LayerNormFusionL1;LayerNormFusionL2}) CPU time per
     * text fell from 1.33 to 1.03 ms (19 tokens) and 8.3 to 6.0 ms (128 tokens), but one test text fell to
     * cosine 0.9934 against LangChain4j; the basic optimization level gave 0.9936.
     */
    private static OrtSession open(OrtEnvironment env, Path modelFile, int intraOpThreads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException(modelFile + " is not a usable ONNX model: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the ONNX graph quantizes activations at run time (per-tensor scales computed from the whole
     * input, so rows of a batch, padding included, change each other's results).
     */
    static boolean dynamicallyQuantized(Path modelFile) throws IOException {
        byte[] bytes = Files.readAllBytes(modelFile);
        for (String op : List.of("DynamicQuantizeLinear", "DynamicQuantizeMatMul", "MatMulInteger")) {
            if (indexOf(bytes, op.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<String> checkInputs(OrtSession session, Path modelFile) {
        List<String> names = List.copyOf(session.getInputNames());
        for (String n : names) {
            if (!List.of("input_ids", "attention_mask", "token_type_ids").contains(n)) {
                throw new IllegalArgumentException(modelFile + " has the input '" + n + "'; a sentence model takes "
                        + "input_ids, attention_mask and optionally token_type_ids");
            }
        }
        if (!names.contains("input_ids") || !names.contains("attention_mask")) {
            throw new IllegalArgumentException(modelFile + " has the inputs " + names
                    + "; a sentence model takes input_ids and attention_mask");
        }
        try {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.INT64) {
                    throw new IllegalArgumentException(modelFile + ": the input '" + e.getKey() + "' is "
                            + e.getValue().getInfo() + "; a sentence model takes int64 tensors");
                }
            }
        } catch (OrtException e) {
            throw new IllegalArgumentException(modelFile + ": cannot read the inputs: " + e.getMessage(), e);
        }
        return names;
    }

    /** The token states: the output named last_hidden_state or token_embeddings, else the first one. */
    private static String chooseOutput(OrtSession session, Path modelFile) {
        Set<String> outputs = session.getOutputNames();
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException(modelFile + " has no outputs");
        }
        for (String preferred : List.of("last_hidden_state", "token_embeddings")) {
            if (outputs.contains(preferred)) {
                return preferred;
            }
        }
        return outputs.iterator().next();
    }

    private static String digest(Path... files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path f : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
                    while (in.read(buffer) >= 0) {
                        // digesting
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + Arrays.toString(files) + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static void closeQuietly(HuggingFaceTokenizer tokenizer, OrtSession session) {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.debug("closing the ONNX Runtime session failed", e);
            }
        }
    }

    /**
     * How texts are grouped into model calls.
     */
    public enum Batching {
        /**
         * {@link #PER_TEXT} for models that quantize activations dynamically (the bundled int8 MiniLM),
         * {@link #PADDED} otherwise.
         */
        AUTO,
        /**
         * Texts sorted by length and run in padded batches of {@link #batchSize()}: the fastest for float
         * models, where padding and batch neighbours do not change a row's result.
         */
        PADDED,
        /**
         * One model call per text, without padding, on several threads at once. Dynamically quantized models
         * compute their int8 scales over the whole input tensor, so in a padded batch a text's vector would
         * depend on its neighbours (cosine to its own solo vector down to 0.977 for MiniLM int8); one call
         * per text keeps every vector a function of its text alone, identical to LangChain4j's.
         */
        PER_TEXT
    }

    /**
     * Builds a {@link SentenceEncoder}. Every setting is optional ({@code opt*}, DJL's convention).
     */
    public static final class Builder {

        private Path directory;
        private int maxLength;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private int threads;
        private Batching batching = Batching.AUTO;

        private Builder() {
        }

        /**
         * Loads a model directory instead of the bundled MiniLM.
         *
         * @param directory a directory holding {@code model.onnx} and {@code tokenizer.json}
         * @return this builder
         */
        public Builder optModelDirectory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Sets the token limit (special tokens included); by default the one in {@code tokenizer.json}, or
         * {@value SentenceEncoder#DEFAULT_MAX_LENGTH}.
         *
         * @param maxLength at least 3 (two special tokens and one word piece)
         * @return this builder
         * @throws IllegalArgumentException if the limit is below 3
         */
        public Builder optMaxLength(int maxLength) {
            if (maxLength < 3) {
                throw new IllegalArgumentException("sentence encoder: maxLength must be >= 3, got " + maxLength);
            }
            this.maxLength = maxLength;
            return this;
        }

        /**
         * Sets the number of texts per model call.
         *
         * @param batchSize at least 1; default {@value SentenceEncoder#DEFAULT_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if the size is below 1
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("sentence encoder: batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Chooses how texts are grouped into model calls.
         *
         * @param batching {@link Batching#AUTO} (the default), {@link Batching#PADDED} or
         *     {@link Batching#PER_TEXT}
         * @return this builder
         */
        public Builder optBatching(Batching batching) {
            this.batching = Objects.requireNonNull(batching, "batching");
            return this;
        }

        /**
         * Sets the number of threads that run the model: with {@link Batching#PER_TEXT}, that many texts
         * are encoded at once, each on one thread; with {@link Batching#PADDED}, ONNX Runtime's intra-op
         * threads.
         *
         * @param threads at least 1; by default the number of available processors
         * @return this builder
         * @throws IllegalArgumentException if the count is below 1
         */
        public Builder optThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("sentence encoder: threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Loads the model.
         *
         * @return the encoder
         * @throws IllegalArgumentException if the model directory or its files are missing or unusable
         * @throws IllegalStateException if the bundled model or the ONNX Runtime engine is missing
         */
        public SentenceEncoder build() {
            DjlOffline.ensure();
            return new SentenceEncoder(this);
        }
    }
}
