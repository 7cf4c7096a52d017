package dev.eaglelm.core.llm.llamaserver;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModelProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Provider of {@code llama-server:<binary>?model=<model.gguf>[&threads=N&parallel=N&ctx=N&startTimeout=S
 * &timeout=S&attempts=N&args=EXTRA]}: a {@link LlamaServerModel}, i.e. a user-installed llama.cpp
 * {@code llama-server} started on a free loopback port and stopped when the backend is closed. The binary is a
 * path, or a bare name looked up on {@code PATH} ({@code llama-server:llama-server?model=...}); {@code args}
 * holds extra server arguments separated by spaces.
 */
public final class LlamaServerProvider implements LanguageModelProvider {

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public LlamaServerProvider() {
    }

    @Override
    public String scheme() {
        return "llama-server";
    }

    @Override
    public String usage() {
        return "llama-server:<binary>?model=<model.gguf>[&threads=N&parallel=N&ctx=N&startTimeout=S]"
                + " - starts and stops a user-installed llama.cpp llama-server (the fast local path)";
    }

    @Override
    public LanguageModel open(BackendSpec spec) {
        spec.requireOnly(Set.of("model", "threads", "parallel", "ctx", "startTimeout", "timeout", "attempts", "seed",
                "args"));
        String model = spec.param("model", null);
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("backend spec " + spec + ": name the model, e.g. "
                    + "llama-server:/opt/llama.cpp/build/bin/llama-server?model=/models/m.gguf");
        }
        String args = spec.param("args", "").strip();
        List<String> extra = args.isEmpty() ? List.of() : Arrays.asList(args.split("\\s+"));
        return LlamaServerModel.builder()
                .binary(spec.target())
                .model(Path.of(model))
                .threads(spec.intParam("threads", 2))
                .parallel(spec.intParam("parallel", 4))
                .contextSize(spec.intParam("ctx", 2048))
                .startTimeout(Duration.ofMillis((long) (spec.doubleParam("startTimeout", 60) * 1000)))
                .requestTimeout(Duration.ofMillis((long) (spec.doubleParam("timeout", 300) * 1000)))
                .attempts(spec.intParam("attempts", dev.eaglelm.core.llm.RetryPolicy.DEFAULT.maxAttempts()))
                .seed(spec.longParam("seed", dev.eaglelm.core.llm.RetryPolicy.DEFAULT.seed()))
                .extraArgs(extra)
                .build();
    }
}
