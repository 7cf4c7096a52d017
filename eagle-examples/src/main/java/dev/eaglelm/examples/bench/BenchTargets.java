package dev.eaglelm.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@link LlmThroughput.Target}s: any eaglelm backend, and two bare baselines that bypass eaglelm, for the
 * overhead goals (in-process GGUF &ge; 0.95&times; bare java-llama.cpp; the OpenAI backend &ge; 0.95&times; a bare
 * {@code java.net.http} client):
 * <ul>
 *   <li>{@code bare-llamacpp:<model.gguf>[?threads=N&parallel=N&ctx=N&api=generate|complete&cachePrompt=B]}: a
 *       {@code de.kherud.llama.LlamaModel} called directly (chat template applied with {@code applyTemplate},
 *       greedy; {@code generate} streams and counts tokens, {@code complete} returns the whole text);</li>
 *   <li>{@code bare-http:<base-url>?model=NAME}: one {@code HttpClient} posting the chat-completions JSON and
 *       reading {@code usage.completion_tokens}.</li>
 * </ul>
 */
public final class BenchTargets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTargets() {
    }

    /**
     * Returns whether a spec names a bare baseline rather than an eaglelm backend.
     *
     * @param spec the parsed spec
     * @return true for {@code bare-llamacpp:} and {@code bare-http:}
     */
    public static boolean isBare(BackendSpec spec) {
        return spec.scheme().equals("bare-llamacpp") || spec.scheme().equals("bare-http");
    }

    /**
     * Opens a bare baseline.
     *
     * @param spec a {@code bare-llamacpp:} or {@code bare-http:} spec
     * @return the target
     * @throws IllegalArgumentException if the spec is invalid or names a missing file
     */
    public static LlmThroughput.Target bare(BackendSpec spec) {
        return switch (spec.scheme()) {
            case "bare-llamacpp" -> new BareLlamaCpp(spec);
            case "bare-http" -> new BareHttp(spec);
            default -> throw new IllegalArgumentException("not a bare baseline: " + spec);
        };
    }

    /**
     * Wraps an eaglelm backend.
     *
     * @param name the name to report (the spec)
     * @param llm the open backend; closed with the target
     * @return the target
     */
    public static LlmThroughput.Target of(String name, LanguageModel llm) {
        return new LlmThroughput.Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String setting() {
                return llm.toString();
            }

            @Override
            public long call(String prompt, int maxTokens, long seed) {
                return llm.complete(CompletionRequest.builder().user(prompt).temperature(0).maxTokens(maxTokens)
                        .seed(seed).build()).usage().completionTokens();
            }

            @Override
            public void close() {
                llm.close();
            }
        };
    }

    /** java-llama.cpp called directly: what the in-process backend is measured against. */
    static final class BareLlamaCpp implements LlmThroughput.Target {
        private final String name;
        private final LlamaModel model;
        private final boolean stream;
        private final Boolean cachePrompt;
        private final String setting;

        BareLlamaCpp(BackendSpec spec) {
            spec.requireOnly(Set.of("threads", "parallel", "ctx", "api", "cachePrompt"));
            Path file = Path.of(spec.target());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("bare-llamacpp: no such model file: " + file);
            }
            int threads = spec.intParam("threads", 1);
            int parallel = spec.intParam("parallel", 1);
            int ctx = spec.intParam("ctx", 2048);
            String api = spec.param("api", "generate");
            if (!api.equals("generate") && !api.equals("complete")) {
                throw new IllegalArgumentException("bare-llamacpp: api must be generate or complete, got " + api);
            }
            this.stream = api.equals("generate");
            String cache = spec.param("cachePrompt", "");
            if (!cache.isEmpty() && !cache.equals("true") && !cache.equals("false")) {
                throw new IllegalArgumentException("bare-llamacpp: cachePrompt must be true or false, got " + cache);
            }
            this.cachePrompt = cache.isEmpty() ? null : Boolean.valueOf(cache);
            this.name = spec.toString();
            this.setting = "java-llama.cpp LlamaModel, threads=" + threads + ", parallel=" + parallel + ", ctx=" + ctx
                    + ", api=" + api + ", cachePrompt=" + (cache.isEmpty() ? "(binding default)" : cache);
            PrintStream out = System.out;
            try { // java-llama.cpp announces its native library on stdout: keep the bench's stdout clean
                System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                this.model = new LlamaModel(new ModelParameters().setModel(file.toString()).setThreads(threads)
                        .setCtxSize(ctx * parallel).setParallel(parallel).disableLog());
            } finally {
                System.setOut(out);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String setting() {
            return setting;
        }

        @Override
        public long call(String prompt, int maxTokens, long seed) {
            String rendered = model.applyTemplate(new InferenceParameters("").setUseChatTemplate(true)
                    .setMessages(null, List.of(new Pair<>("user", prompt))));
            InferenceParameters p = new InferenceParameters(rendered).setNPredict(maxTokens).setTemperature(0f)
                    .setSeed((int) (seed & 0x7FFFFFFF));
            if (cachePrompt != null) {
                p.setCachePrompt(cachePrompt);
            }
            if (!stream) {
                return model.encode(model.complete(p)).length;
            }
            long n = 0;
            for (LlamaOutput o : model.generate(p)) {
                if (!o.text.isEmpty()) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** A bare {@code java.net.http} client: what the OpenAI-compatible backend is measured against. */
    static final class BareHttp implements LlmThroughput.Target {
        private final String name;
        private final URI endpoint;
        private final String model;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        BareHttp(BackendSpec spec) {
            spec.requireOnly(Set.of("model"));
            String base = spec.target().replaceAll("/+$", "");
            this.endpoint = URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
            this.model = spec.param("model", "default");
            this.name = spec.toString();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String setting() {
            return "java.net.http HttpClient (HTTP/1.1) POST " + endpoint;
        }

        @Override
        public long call(String prompt, int maxTokens, long seed) throws IOException, InterruptedException {
            String body = "{\"model\":" + JSON.writeValueAsString(model) + ",\"messages\":[{\"role\":\"user\","
                    + "\"content\":" + JSON.writeValueAsString(prompt) + "}],\"temperature\":0.0,\"max_tokens\":"
                    + maxTokens + ",\"seed\":" + seed + ",\"stream\":false}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(300))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("bare-http: HTTP " + r.statusCode() + " from " + endpoint);
            }
            JsonNode root = JSON.readTree(r.body());
            return root.path("usage").path("completion_tokens").asLong(0);
        }

        @Override
        public void close() {
            // HttpClient has no close() before JDK 21; its threads are daemons
        }
    }
}
