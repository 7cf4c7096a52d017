package dev.eaglelm.core.llm.gguf;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModelProvider;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Provider of
 * {@code gguf:<path>[?threads=N&ctx=N&parallel=N&seed=N&template=auto|on|off&cachePrompt=true|false]}: an in-process
 * {@link GgufLanguageModel}. Needs {@code de.kherud:llama} on the class path (an optional dependency of
 * eagle-core); without it, {@link #open} fails with a message naming the artifact.
 */
public final class GgufProvider implements LanguageModelProvider {

    /** The Maven coordinates to add for this backend. */
    public static final String ARTIFACT = "de.kherud:llama:4.2.0";

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public GgufProvider() {
    }

    @Override
    public String scheme() {
        return "gguf";
    }

    @Override
    public String usage() {
        return "gguf:<model.gguf>[?threads=N&ctx=N&parallel=N&seed=N&template=auto|on|off&cachePrompt=true|false]"
                + " - in-process llama.cpp";
    }

    private static boolean bool(BackendSpec spec, String name) {
        String v = spec.param(name, "false").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("backend spec " + spec + ": " + name
                    + " must be true or false, got '" + v + "'");
        };
    }

    @Override
    public LanguageModel open(BackendSpec spec) {
        spec.requireOnly(Set.of("threads", "ctx", "parallel", "seed", "template", "gpuLayers", "cachePrompt"));
        if (spec.target().isBlank()) {
            throw new IllegalArgumentException("backend spec " + spec + ": name the model file, e.g. gguf:/models/m.gguf");
        }
        try {
            Class.forName("de.kherud.llama.LlamaModel", false, GgufProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("the gguf backend needs java-llama.cpp on the class path: add the"
                    + " dependency " + ARTIFACT + " (optional in eagle-core)");
        }
        GgufLanguageModel.ChatTemplateMode mode;
        try {
            mode = GgufLanguageModel.ChatTemplateMode.valueOf(spec.param("template", "auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backend spec " + spec + ": template must be auto, on or off");
        }
        return GgufLanguageModel.builder()
                .modelPath(Path.of(spec.target()))
                .threads(spec.intParam("threads", GgufLanguageModel.DEFAULT_THREADS))
                .contextSize(spec.intParam("ctx", GgufLanguageModel.DEFAULT_CONTEXT))
                .parallel(spec.intParam("parallel", GgufLanguageModel.DEFAULT_PARALLEL))
                .gpuLayers(spec.intParam("gpuLayers", 0))
                .seed(spec.longParam("seed", 0))
                .chatTemplate(mode)
                .cachePrompt(bool(spec, "cachePrompt"))
                .build();
    }
}
