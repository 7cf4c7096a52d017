package dev.eaglelm.core.llm.surrogate;

import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModelProvider;
import java.nio.file.Path;
import java.util.Set;

/**
 * Provider of {@code surrogate:<corpus.csv | data dir | corpus.txt>[?seed=N&maxSentences=N]}: the offline
 * {@link SurrogateRewriter} (no LLM). A data directory must hold {@code overviews.csv}.
 */
public final class SurrogateProvider implements LanguageModelProvider {

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public SurrogateProvider() {
    }

    @Override
    public String scheme() {
        return "surrogate";
    }

    @Override
    public String usage() {
        return "surrogate:<overviews.csv or data dir>[?seed=N&maxSentences=N] - offline corpus rewriter, NO LLM";
    }

    @Override
    public LanguageModel open(BackendSpec spec) {
        spec.requireOnly(Set.of("seed", "maxSentences"));
        if (spec.target().isBlank()) {
            throw new IllegalArgumentException("backend spec " + spec + ": name the corpus, e.g. "
                    + "surrogate:/data/movielens/overviews.csv or surrogate:/data/movielens");
        }
        SurrogateCorpus corpus = SurrogateCorpus.load(Path.of(spec.target()));
        return new SurrogateRewriter(corpus, spec.longParam("seed", 0), spec.intParam("maxSentences", 6));
    }
}
