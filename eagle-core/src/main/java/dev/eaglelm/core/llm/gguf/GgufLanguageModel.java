package dev.eaglelm.core.llm.gguf;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.eaglelm.core.ChatMessage;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.llm.LanguageModelException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process GGUF model through java-llama.cpp ({@code de.kherud:llama}, an optional dependency: add it
 * to use this class).
 *
 * <pre>{@code
 * try (LanguageModel llm = GgufLanguageModel.builder()
 *         .modelPath(Path.of("models/SmolLM2-135M-Instruct.Q4_1.gguf"))
 *         .threads(1).contextSize(2048).build()) {
 *     llm.complete(CompletionRequest.builder().user("What is the capital of France?").build());
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Checked files.</b> The file is checked before native code sees it ({@link GgufFile#inspect}): a
 *       missing, non-GGUF or truncated file gives an {@link IllegalArgumentException} naming the path.</li>
 *   <li><b>Chat template.</b> When the model carries one ({@code tokenizer.chat_template}), messages are
 *       rendered with it (llama.cpp's own template engine), so an instruction-tuned model sees its turn
 *       markers and stops at its end-of-turn token; without one (e.g. a base model such as stories260K) the
 *       message contents are joined with blank lines into a raw prompt. {@link Builder#chatTemplate} forces
 *       either.</li>
 *   <li><b>Determinism.</b> Temperature 0 is greedy decoding, and prompts are evaluated afresh each call
 *       unless {@link Builder#cachePrompt} is on, so greedy answers repeat exactly; otherwise the request's seed (or one derived
 *       from the backend's seed and the request) seeds sampling.</li>
 *   <li><b>Sharing.</b> Backends opened on the same file with the same threads, context and slots share one
 *       loaded model in the process (reference-counted; the last {@link #close()} frees it). At most
 *       {@code parallel} completions run at once on a model.</li>
 *   <li><b>Quiet.</b> The native library's "Extracted ..." line goes to SLF4J (debug) instead of stdout, and
 *       llama.cpp's own log is off unless {@link Builder#nativeLogging} or debug logging of
 *       {@code dev.eaglelm.core.llm.gguf.llama.cpp} turns it on (see {@link Builder#nativeLogging}).</li>
 *   <li><b>Concurrency.</b> Thread-safe. {@link #complete} blocks the caller; {@link #completeAsync} runs on the
 *       model's own slot threads. At most {@code parallel} completions decode at once (llama.cpp batches the
 *       slots together), the rest wait for a free slot.</li>
 *   <li><b>Grammars.</b> {@link #supportsGrammar()} is true: a request's GBNF grammar constrains sampling.</li>
 *   <li><b>Shutdown.</b> After the model is closed, java-llama.cpp leaves a non-daemon native thread that keeps
 *       the JVM alive (kherud/java-llama.cpp#116): a {@code main} that used this backend must end with
 *       {@code System.exit}. Test JVMs are unaffected.</li>
 *   <li><b>Usage.</b> Prompt tokens are counted with the model's tokenizer on the rendered prompt; completion
 *       tokens by tokenizing the answer. The {@link CompletionRequest.Format#JSON} hint is not enforced.</li>
 * </ul>
 */
public final class GgufLanguageModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(GgufLanguageModel.class);

    /**
     * Default decoding threads: the available processors, at most 4 (see {@link Builder#threads}). Measured on the
     * 2-core development VM with SmolLM2-135M ({@code eagle bench llm}, 3 interleaved rounds, load average 0.9-1.7):
     * 2 threads decoded 100 / 82 / 84 tok/s at 1 / 2 / 4 concurrent requests against 56 / 46 / 53 with 1 thread,
     * and 80 / 90 against 56 / 57 in a second run. On a machine whose cores are busy with other work, 1 thread
     * is more robust (a loaded 2-core machine gave 24 tok/s with 2 threads and 53 with 1). The cap of 4 is not
     * measured: small models gain little from more threads; set {@code threads} on a bigger machine.
     */
    public static final int DEFAULT_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /**
     * Default parallel slots: 1 (see {@link Builder#parallel}). More slots raise throughput for concurrent callers
     * (SmolLM2-135M, 2 threads, on 2 cores: 2 slots gave 137 / 149 tok/s at 2 / 4 concurrent requests against 99 /
     * 126 with 1 slot, and 8% less at one request), but llama.cpp decodes the slots' tokens as one batch, and a
     * greedy answer decoded beside others differs from the same request decoded alone (7-8 of 8 SmolLM2 answers of
     * 96 tokens differed): with several slots a first run's answers depend on timing, and only the cache makes
     * reruns repeat. One slot keeps every answer independent of the other requests.
     */
    public static final int DEFAULT_PARALLEL = 1;
    /** Default context size per slot, in tokens. */
    public static final int DEFAULT_CONTEXT = 2048;

    /** How a request's messages become a prompt. */
    public enum ChatTemplateMode {
        /** Use the model's chat template when it has one, else a raw prompt. */
        AUTO,
        /** Always use the chat template (fails for models without one). */
        ON,
        /** Always join the message contents into a raw prompt. */
        OFF
    }

    private record Key(Path path, int threads, int contextSize, int parallel, int gpuLayers) {
    }

    private static final class Shared {
        final LlamaModel model;
        final Semaphore slots;
        final ExecutorService pool;
        final int parallel;
        int references;
        /** Set (under {@code LOADED}) once the native model is freed, by the last close or at JVM exit. */
        boolean freed;

        Shared(LlamaModel model, int parallel, String name) {
            this.model = model;
            this.parallel = parallel;
            this.slots = new Semaphore(parallel, true);
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "gguf-slot-" + n.incrementAndGet() + "-" + name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    private static final Map<Key, Shared> LOADED = new HashMap<>();

    /** True once the JVM is exiting: generations stop at their next token so the models can be freed. */
    private static volatile boolean shuttingDown;

    private static boolean exitHookInstalled;

    /** How long the exit hook waits for running generations to stop before it leaves a model alone. */
    private static final long EXIT_WAIT_SECONDS = 5;

    private final Key key;
    private final Shared shared;
    private final GgufFile file;
    private final boolean useTemplate;
    private final long seed;
    private final boolean cachePrompt;
    private final String id;
    private boolean closed;

    private GgufLanguageModel(Key key, Shared shared, GgufFile file, boolean useTemplate, long seed,
            boolean cachePrompt, String id) {
        this.cachePrompt = cachePrompt;
        this.key = key;
        this.shared = shared;
        this.file = file;
        this.useTemplate = useTemplate;
        this.seed = seed;
        this.id = id;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns {@code "gguf:<absolute path>#<digest>"}: the digest covers the file's size and first MiB. */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns what the file's header says.
     *
     * @return the header
     */
    public GgufFile file() {
        return file;
    }

    /**
     * Returns whether requests are rendered with the model's chat template.
     *
     * @return true when the chat template is used
     */
    public boolean usesChatTemplate() {
        return useTemplate;
    }

    /** Returns true: a request's GBNF grammar constrains the output (llama.cpp's grammar sampler). */
    @Override
    public boolean supportsGrammar() {
        return true;
    }

    /**
     * Returns the number of parallel slots (completions that run at once on the shared model).
     *
     * @return the slots
     */
    public int parallel() {
        return key.parallel();
    }

    /**
     * Returns the decoding threads of the shared model.
     *
     * @return the threads
     */
    public int threads() {
        return key.threads();
    }

    /**
     * Returns the context size of one slot, in tokens.
     *
     * @return the context size
     */
    public int contextSize() {
        return key.contextSize();
    }

    /**
     * Runs the completion on the shared model's own threads (one per slot), so that up to {@code parallel}
     * requests from any number of callers decode at once; further requests queue.
     */
    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        try {
            return CompletableFuture.supplyAsync(() -> complete(request), shared.pool);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException(id + " is closed", e));
        }
    }

    @Override
    public Completion complete(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        long t0 = System.nanoTime();
        try {
            shared.slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LanguageModelException(id + ": interrupted while waiting for a free slot", e);
        }
        try {
            requireOpen();
            String prompt = useTemplate ? shared.model.applyTemplate(templateParameters(request)) : rawPrompt(request);
            InferenceParameters params = sampling(new InferenceParameters(prompt), request);
            StringBuilder out = new StringBuilder();
            long completionTokens = 0;
            LlamaIterator tokens = shared.model.generate(params).iterator();
            while (tokens.hasNext()) {
                if (shuttingDown) {
                    tokens.cancel();
                    throw new LanguageModelException(id + ": generation stopped because the JVM is exiting", null);
                }
                LlamaOutput o = tokens.next();
                out.append(o.text);
                if (!o.text.isEmpty()) {
                    completionTokens++;
                }
            }
            String text = out.toString();
            Completion.FinishReason finish = completionTokens >= request.maxTokens() ? Completion.FinishReason.LENGTH
                    : Completion.FinishReason.STOP;
            for (String stop : request.stop()) {
                int at = text.indexOf(stop);
                if (at >= 0) {
                    text = text.substring(0, at);
                    finish = Completion.FinishReason.STOP;
                }
            }
            long promptTokens = shared.model.encode(prompt).length;
            return new Completion(text, finish, new TokenUsage(promptTokens, completionTokens),
                    Duration.ofNanos(System.nanoTime() - t0), id);
        } catch (RuntimeException e) {
            if (e instanceof LanguageModelException || e instanceof IllegalStateException) {
                throw e;
            }
            throw new LanguageModelException(id + ": generation failed: " + e.getMessage(), e);
        } finally {
            shared.slots.release();
        }
    }

    /** Parameters that carry only the messages, for {@link LlamaModel#applyTemplate(InferenceParameters)}. */
    private static InferenceParameters templateParameters(CompletionRequest r) {
        StringBuilder system = new StringBuilder();
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage m : r.messages()) {
            switch (m.role()) {
                case SYSTEM -> system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
                case USER -> turns.add(new Pair<>("user", m.content()));
                case ASSISTANT -> turns.add(new Pair<>("assistant", m.content()));
                default -> throw new IllegalStateException("unknown role " + m.role());
            }
        }
        // java-llama.cpp 4.2.0 ignores the messages in completions (the prompt comes out empty), so the
        // template is applied here and its result sent as the prompt
        return new InferenceParameters("").setUseChatTemplate(true)
                .setMessages(system.length() == 0 ? null : system.toString(), turns);
    }

    private InferenceParameters sampling(InferenceParameters p, CompletionRequest r) {
        long s = r.seed().isPresent() ? r.seed().getAsLong()
                : Seeds.mix(seed, Long.parseUnsignedLong(dev.eaglelm.core.llm.CachingLanguageModel.key(r).substring(0, 15), 16));
        p.setCachePrompt(cachePrompt);
        p.setNPredict(r.maxTokens())
                .setTemperature((float) r.temperature())
                .setTopP((float) r.topP())
                .setSeed((int) (s ^ (s >>> 32)) & 0x7FFFFFFF);
        if (!r.stop().isEmpty()) {
            p.setStopStrings(r.stop().toArray(String[]::new));
        }
        r.grammar().ifPresent(p::setGrammar);
        return p;
    }

    private static String rawPrompt(CompletionRequest r) {
        List<String> parts = new ArrayList<>();
        for (ChatMessage m : r.messages()) {
            parts.add(m.content());
        }
        return String.join("\n\n", parts);
    }

    private void requireOpen() {
        synchronized (LOADED) {
            if (closed) {
                throw new IllegalStateException(id + " is closed");
            }
        }
    }

    /** Releases this backend's reference; the model is freed when the last backend on it closes. */
    @Override
    public void close() {
        synchronized (LOADED) {
            if (closed) {
                return;
            }
            closed = true;
            shared.references--;
            if (shared.references == 0 && !shared.freed) {
                LOADED.remove(key);
                shared.freed = true;
                shared.pool.shutdown();
                shared.model.close();
                LOG.debug("closed GGUF model {}", key.path());
            }
        }
    }

    /**
     * Frees every loaded model when the JVM exits (Ctrl-C, SIGTERM, System.exit) without a close: llama.cpp's
     * threads must not decode while the process tears down its native state, which crashed the JVM (SIGSEGV).
     * Running generations stop at their next token; a model whose slots do not come free in time is left alone.
     * Called with {@code LOADED} held.
     */
    private static void installExitHook() {
        if (exitHookInstalled) {
            return;
        }
        exitHookInstalled = true;
        Runtime.getRuntime().addShutdownHook(new Thread(GgufLanguageModel::freeAllAtExit, "gguf-exit"));
    }

    private static void freeAllAtExit() {
        shuttingDown = true;
        synchronized (LOADED) {
            for (Shared s : LOADED.values()) {
                try {
                    if (!s.freed && s.slots.tryAcquire(s.parallel, EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        s.freed = true;
                        s.pool.shutdownNow();
                        s.model.close();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.debug("freeing a GGUF model at exit failed: {}", e.toString());
                }
            }
            LOADED.clear();
        }
    }

    @Override
    public String toString() {
        return "GgufLanguageModel[" + id + ", threads=" + key.threads() + ", ctx=" + key.contextSize() + ", parallel="
                + key.parallel() + ", chatTemplate=" + useTemplate + "]";
    }

    static String digest(Path path, long size) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(1 << 20);
            byte[] withSize = new byte[head.length + 8];
            System.arraycopy(head, 0, withSize, 0, head.length);
            for (int i = 0; i < 8; i++) {
                withSize[head.length + i] = (byte) (size >>> (8 * i));
            }
            return CacheKeys.sha256(withSize).substring(0, 12);
        } catch (IOException e) {
            throw new IllegalArgumentException("GGUF model " + path + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** Builder for {@link GgufLanguageModel}; {@link #modelPath} is required. */
    public static final class Builder {
        private Path modelPath;
        private int threads = DEFAULT_THREADS;
        private int contextSize = DEFAULT_CONTEXT;
        private int parallel = DEFAULT_PARALLEL;
        private int gpuLayers;
        private long seed;
        private ChatTemplateMode chatTemplate = ChatTemplateMode.AUTO;
        private boolean cachePrompt;
        private boolean nativeLogging;

        private Builder() {
        }

        /**
         * Lets llama.cpp write its own log (default off, so that a command's output stays clean). It is also on
         * when the SLF4J logger {@code dev.eaglelm.core.llm.gguf.llama.cpp} is enabled at debug level (e.g.
         * {@code eagle --verbose}). A logger callback routing it to that SLF4J logger is registered, but
         * java-llama.cpp 4.2.0 never invokes it (measured: text and JSON formats, set before or after loading),
         * so an enabled log goes to stderr.
         *
         * @param on whether llama.cpp logs to stderr
         * @return this builder
         */
        public Builder nativeLogging(boolean on) {
            this.nativeLogging = on;
            return this;
        }

        /**
         * Lets llama.cpp reuse the KV cache of a previous prompt's common prefix (default off). Faster for
         * repeated prefixes, but the prefix is then evaluated in other batch shapes, which can change greedy
         * outputs where two tokens are nearly tied; off keeps greedy decoding exactly repeatable.
         *
         * @param on whether to reuse cached prompt prefixes
         * @return this builder
         */
        public Builder cachePrompt(boolean on) {
            this.cachePrompt = on;
            return this;
        }

        /**
         * Sets the GGUF file (required).
         *
         * @param path the model file
         * @return this builder
         */
        public Builder modelPath(Path path) {
            this.modelPath = path;
            return this;
        }

        /**
         * Sets the CPU threads for decoding (default {@link GgufLanguageModel#DEFAULT_THREADS}: the available
         * processors, at most 4; 1 is more robust on a machine whose cores are busy with other work; measure on
         * yours with {@code eagle bench llm}).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Sets the context size in tokens (default 2048, capped at the model's training context).
         *
         * @param n &ge; 16
         * @return this builder
         */
        public Builder contextSize(int n) {
            this.contextSize = n;
            return this;
        }

        /**
         * Sets the number of parallel slots, i.e. completions that may run at once (default 1).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        /**
         * Sets the layers offloaded to a GPU (default 0; the bundled natives are CPU-only).
         *
         * @param n &ge; 0
         * @return this builder
         */
        public Builder gpuLayers(int n) {
            this.gpuLayers = n;
            return this;
        }

        /**
         * Sets the seed from which sampling seeds of requests without their own seed are derived (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how messages become a prompt (default {@link ChatTemplateMode#AUTO}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder chatTemplate(ChatTemplateMode mode) {
            this.chatTemplate = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Checks the file, loads the model (or shares an already loaded one) and builds the backend.
         *
         * @return the backend
         * @throws IllegalArgumentException if a setting is invalid, or the file is missing, not GGUF, truncated
         *     or refused by llama.cpp; the message names the path
         * @throws IllegalStateException if java-llama.cpp or its native library is missing
         */
        public GgufLanguageModel build() {
            List<String> problems = new ArrayList<>();
            if (modelPath == null) {
                problems.add("modelPath is missing");
            }
            if (threads < 1) {
                problems.add("threads must be >= 1, got " + threads);
            }
            if (contextSize < 16) {
                problems.add("contextSize must be >= 16, got " + contextSize);
            }
            if (parallel < 1) {
                problems.add("parallel must be >= 1, got " + parallel);
            }
            if (gpuLayers < 0) {
                problems.add("gpuLayers must be >= 0, got " + gpuLayers);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("gguf backend: " + String.join("; ", problems));
            }
            GgufFile file = GgufFile.inspect(modelPath);
            boolean template = switch (chatTemplate) {
                case AUTO -> file.chatTemplate().isPresent();
                case ON -> {
                    if (file.chatTemplate().isEmpty()) {
                        throw new IllegalArgumentException("GGUF model " + file.path() + " has no chat template"
                                + " (tokenizer.chat_template); use the raw prompt mode");
                    }
                    yield true;
                }
                case OFF -> false;
            };
            int ctx = file.contextLength().map(c -> Math.min(c, contextSize)).orElse(contextSize);
            Key key = new Key(file.path(), threads, ctx, parallel, gpuLayers);
            String id = "gguf:" + file.path() + "#" + digest(file.path(), file.fileSize());
            NativeLlama.load();
            synchronized (LOADED) {
                Shared s = LOADED.get(key);
                if (s == null) {
                    long t0 = System.nanoTime();
                    LlamaModel model;
                    try {
                        ModelParameters mp = new ModelParameters()
                                .setModel(file.path().toString())
                                .setThreads(threads)
                                .setCtxSize(ctx * parallel)
                                .setParallel(parallel)
                                .setSeed(seed);
                        if (gpuLayers > 0) {
                            mp.setGpuLayers(gpuLayers);
                        }
                        if (!nativeLogging && !NativeLlama.nativeLogWanted()) {
                            mp.disableLog();
                        }
                        model = new LlamaModel(mp);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("GGUF model " + file.path() + ": llama.cpp could not load"
                                + " it (" + e.getMessage() + ")", e);
                    }
                    s = new Shared(model, parallel, file.path().getFileName().toString());
                    LOADED.put(key, s);
                    installExitHook();
                    LOG.info("loaded GGUF model {} ({} architecture, {} tensors, chat template: {}) in {} ms",
                            file.path(), file.architecture().orElse("?"), file.tensorCount(), template ? "yes" : "no",
                            (System.nanoTime() - t0) / 1_000_000);
                }
                s.references++;
                return new GgufLanguageModel(key, s, file, template, seed, cachePrompt, id);
            }
        }
    }
}
