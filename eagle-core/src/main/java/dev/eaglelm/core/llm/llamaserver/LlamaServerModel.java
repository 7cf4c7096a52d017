package dev.eaglelm.core.llm.llamaserver;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.RetryPolicy;
import dev.eaglelm.core.llm.openai.OpenAiCompatibleModel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A llama.cpp {@code llama-server} that this backend starts, talks to and stops: the fast local path
 * (on a 2-core machine llama.cpp's own server decoded about twice as fast as the in-process binding).
 *
 * <pre>{@code
 * try (LanguageModel llm = LlamaServerModel.builder()
 *         .binary(Path.of("/opt/llama.cpp/build/bin/llama-server"))
 *         .model(Path.of("models/SmolLM2-135M-Instruct.Q4_1.gguf"))
 *         .threads(2).parallel(4).build()) {           // starts the server and waits for /health
 *     llm.complete(CompletionRequest.builder().user("What is the capital of France?").build());
 * }                                                  // stops it
 * }</pre>
 *
 * <ul>
 *   <li><b>Process.</b> {@link Builder#build()} runs {@code BINARY -m MODEL --host 127.0.0.1 --port P -t THREADS
 *       -np PARALLEL -c CTX*PARALLEL [extra args]} on a free loopback port (llama-server splits {@code -c}
 *       over its slots, so every slot gets {@code CTX} tokens), polls {@code GET /health} until it answers
 *       200, then sends requests through an {@link OpenAiCompatibleModel} with at most {@code PARALLEL}
 *       requests in flight. The server's output is logged at debug level.</li>
 *   <li><b>Stopping.</b> {@link #close()} stops the server and every process it started (SIGTERM, then
 *       SIGKILL after 5 s); a shutdown hook does the same when the JVM exits first (Ctrl-C,
 *       {@code System.exit}), and a failed start stops it before throwing. No process outlives the run.</li>
 *   <li><b>Errors.</b> A missing or non-executable binary, or a missing model file, is an
 *       {@link IllegalArgumentException} naming the path; a server that exits early or is not healthy within
 *       {@link Builder#startTimeout} is a {@link LanguageModelException} with its exit code or last status and
 *       its last output lines. A request that fails because the server died says so.</li>
 *   <li><b>Identity.</b> {@link #id()} names the model file ({@code llama-server:<path>#<digest>}), not the
 *       port, so persistent caches stay valid across runs; every {@link Completion} carries it.</li>
 * </ul>
 */
public final class LlamaServerModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(LlamaServerModel.class);
    private static final String NAME = "llama-server";

    private final ServerProcess server;
    private final OpenAiCompatibleModel client;
    private final String id;
    private final URI baseUrl;
    private final String settings;

    private LlamaServerModel(ServerProcess server, OpenAiCompatibleModel client, String id, URI baseUrl,
            String settings) {
        this.server = server;
        this.client = client;
        this.id = id;
        this.baseUrl = baseUrl;
        this.settings = settings;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns {@code "llama-server:<absolute model path>#<digest of its size and first MiB>"}. */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns the server's base URL, e.g. {@code http://127.0.0.1:41234/v1}.
     *
     * @return the URL the requests go to
     */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the server's process id (for monitoring; the backend stops it).
     *
     * @return the pid
     */
    public long pid() {
        return server.pid();
    }

    @Override
    public Completion complete(CompletionRequest request) {
        try {
            return rename(client.complete(request));
        } catch (LanguageModelException e) {
            throw explain(e);
        }
    }

    @Override
    public CompletableFuture<Completion> completeAsync(CompletionRequest request) {
        return client.completeAsync(request).handle((c, e) -> {
            if (e == null) {
                return rename(c);
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof LanguageModelException l) {
                throw explain(l);
            }
            throw cause instanceof RuntimeException r ? r : new LanguageModelException(id + ": " + cause, cause);
        });
    }

    private Completion rename(Completion c) {
        return new Completion(c.text(), c.finishReason(), c.usage(), c.latency(), id);
    }

    private LanguageModelException explain(LanguageModelException e) {
        if (server.isAlive()) {
            return e;
        }
        return new LanguageModelException(NAME + " (pid " + server.pid() + ") exited with code "
                + server.exitCodeAfterDrain() + " during the run; its last output: " + server.lastOutput(), e);
    }

    /** Stops the server and every process it started; idempotent. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.close();
        }
    }

    /** Names the model, the server's URL and pid, threads, slots and context. */
    @Override
    public String toString() {
        return "LlamaServerModel[" + id + ", " + baseUrl + ", pid " + server.pid() + ", " + settings + "]";
    }

    static String digest(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(1 << 20);
            long size = Files.size(path);
            byte[] withSize = new byte[head.length + 8];
            System.arraycopy(head, 0, withSize, 0, head.length);
            for (int i = 0; i < 8; i++) {
                withSize[head.length + i] = (byte) (size >>> (8 * i));
            }
            return CacheKeys.sha256(withSize).substring(0, 12);
        } catch (IOException e) {
            throw new IllegalArgumentException(NAME + " backend: cannot read the model " + path + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Finds the binary: a name without a path separator is looked up on {@code PATH}.
     *
     * @param binary a path or a bare command name
     * @param env the environment lookup (for {@code PATH})
     * @return the executable file
     * @throws IllegalArgumentException if it is missing, a directory or not executable
     */
    static Path resolveBinary(String binary, Function<String, String> env) {
        if (binary == null || binary.isBlank()) {
            throw new IllegalArgumentException(NAME + " backend: name the llama-server binary, e.g. "
                    + "llama-server:/opt/llama.cpp/build/bin/llama-server?model=/models/m.gguf");
        }
        Path p;
        if (binary.contains("/") || binary.contains(File.separator)) {
            p = Path.of(binary);
        } else {
            p = null;
            String path = env.apply("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isRegularFile(Path.of(dir, binary))) {
                    p = Path.of(dir, binary);
                    break;
                }
            }
            if (p == null) {
                throw new IllegalArgumentException(NAME + " backend: '" + binary + "' is not on the PATH; install "
                        + "llama.cpp (see the README, 'Managed llama.cpp server') or give the binary's full path");
            }
        }
        p = p.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(NAME + " backend: no such file: " + p + " (install llama.cpp, see"
                    + " the README, 'Managed llama.cpp server')");
        }
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(NAME + " backend: " + p + " is a directory, not the llama-server"
                    + " binary");
        }
        if (!Files.isExecutable(p)) {
            throw new IllegalArgumentException(NAME + " backend: " + p + " is not executable (chmod +x " + p + ")");
        }
        return p;
    }

    /** Builder for {@link LlamaServerModel}: {@link #binary} and {@link #model} are required. */
    public static final class Builder {
        private String binary;
        private Path model;
        private int threads = 2;
        private int parallel = 4;
        private int contextSize = 2048;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(300);
        private int attempts = RetryPolicy.DEFAULT.maxAttempts();
        private long seed = RetryPolicy.DEFAULT.seed();
        private List<String> extraArgs = List.of();
        private Function<String, String> environment = System::getenv;

        private Builder() {
        }

        /**
         * Sets the {@code llama-server} executable: a path, or a bare name looked up on {@code PATH}.
         *
         * @param binary e.g. {@code "/opt/llama.cpp/build/bin/llama-server"} or {@code "llama-server"}
         * @return this builder
         */
        public Builder binary(String binary) {
            this.binary = binary;
            return this;
        }

        /**
         * Sets the {@code llama-server} executable.
         *
         * @param binary the executable file
         * @return this builder
         */
        public Builder binary(Path binary) {
            this.binary = binary == null ? null : binary.toString();
            return this;
        }

        /**
         * Sets the GGUF model file the server loads (required).
         *
         * @param model the model file
         * @return this builder
         */
        public Builder model(Path model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the decoding threads ({@code -t}; default 2: on a 2-core machine llama-server with 2 threads
         * decoded 101 tokens/s; measure on yours).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * Sets the parallel slots ({@code -np}; default 4: concurrent requests are batched, 164 tokens/s in
         * aggregate with 4 slots on a 2-core machine); also the most requests in flight.
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder parallel(int n) {
            this.parallel = n;
            return this;
        }

        /**
         * Sets the context per slot in tokens (default 2048; the server gets {@code -c contextSize*parallel}).
         *
         * @param n &ge; 16
         * @return this builder
         */
        public Builder contextSize(int n) {
            this.contextSize = n;
            return this;
        }

        /**
         * Sets how long the server may take to answer {@code /health} with 200 (default 60 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Sets the time one request may take (default 300 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /**
         * Sets the attempts per request (default {@link RetryPolicy#DEFAULT}'s).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder attempts(int n) {
            this.attempts = n;
            return this;
        }

        /**
         * Sets the seed of the retry jitter.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Adds arguments after the ones this backend sets, e.g. {@code List.of("--jinja")}.
         *
         * @param args extra command-line arguments
         * @return this builder
         */
        public Builder extraArgs(List<String> args) {
            this.extraArgs = List.copyOf(args);
            return this;
        }

        /**
         * Replaces the environment lookup used to search {@code PATH} (default {@code System::getenv}).
         *
         * @param lookup maps a variable name to its value, or null
         * @return this builder
         */
        public Builder environment(Function<String, String> lookup) {
            this.environment = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /**
         * Starts the server and waits until it is healthy.
         *
         * @return the backend; close it to stop the server
         * @throws IllegalArgumentException if a setting is invalid, or the binary or the model is missing,
         *     unreadable or not executable; the message names the path
         * @throws LanguageModelException if the server cannot start, exits early or is not healthy in time
         *     (the server is stopped first)
         */
        public LlamaServerModel build() {
            List<String> problems = new ArrayList<>();
            if (model == null) {
                problems.add("the model is missing (spec: ?model=/path/to/model.gguf)");
            }
            if (threads < 1) {
                problems.add("threads must be >= 1, got " + threads);
            }
            if (parallel < 1) {
                problems.add("parallel must be >= 1, got " + parallel);
            }
            if (contextSize < 16) {
                problems.add("ctx must be >= 16, got " + contextSize);
            }
            if (attempts < 1) {
                problems.add("attempts must be >= 1, got " + attempts);
            }
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                problems.add("startTimeout must be positive, got " + startTimeout);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                problems.add("timeout must be positive, got " + requestTimeout);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(NAME + " backend: " + String.join("; ", problems));
            }
            Path exe = resolveBinary(binary, environment);
            Path gguf = model.toAbsolutePath().normalize();
            if (!Files.isRegularFile(gguf)) {
                throw new IllegalArgumentException(NAME + " backend: no such model file: " + gguf);
            }
            if (!Files.isReadable(gguf)) {
                throw new IllegalArgumentException(NAME + " backend: cannot read the model file " + gguf);
            }
            String id = NAME + ":" + gguf + "#" + digest(gguf);
            String settings = "threads=" + threads + ", parallel=" + parallel + ", ctx=" + contextSize;
            int port = ServerProcess.freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(exe.toString(), "-m", gguf.toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "-t", Integer.toString(threads), "-np", Integer.toString(parallel),
                    "-c", Long.toString((long) contextSize * parallel)));
            command.addAll(extraArgs);
            long t0 = System.nanoTime();
            ServerProcess server = ServerProcess.start(NAME, command);
            try {
                server.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), startTimeout);
                URI base = URI.create("http://127.0.0.1:" + port + "/v1");
                RetryPolicy d = RetryPolicy.DEFAULT;
                OpenAiCompatibleModel client = OpenAiCompatibleModel.builder()
                        .baseUrl(base.toString())
                        .model(gguf.getFileName().toString())
                        .requestTimeout(requestTimeout)
                        .connectTimeout(Duration.ofSeconds(5))
                        .maxConcurrency(parallel)
                        .retry(new RetryPolicy(attempts, d.baseDelay(), d.maxDelay(), d.maxRetryAfter(), seed))
                        .build();
                LOG.info("started {} (pid {}) for {} on {} ({}) in {} ms", exe, server.pid(), gguf, base, settings,
                        (System.nanoTime() - t0) / 1_000_000);
                return new LlamaServerModel(server, client, id, base, settings);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
