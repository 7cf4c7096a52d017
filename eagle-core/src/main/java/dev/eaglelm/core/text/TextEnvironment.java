package dev.eaglelm.core.text;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.EpisodeFailedException;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Provenance;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.llm.BudgetExceededException;
import dev.eaglelm.core.llm.LlmBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EAGLE text MDP (Sec. 4.2 of the paper): a state is a description with its context (e.g. a user
 * profile) and step; actions are candidate edits written by an LLM ({@link ActionGenerator}); the
 * transition is a frozen <em>environment LLM</em> applying the edit; the reward is zero until the horizon
 * H (paper: 5) and then U(E<sub>D</sub>(x<sub>H</sub>)): the {@link Utility} of the {@link EmbeddingMap}
 * embedding of the final text.
 *
 * <pre>{@code
 * TextEnvironment env = TextEnvironment.builder()
 *     .anchors(List.of(TextState.start(overview, userProfile)))
 *     .environmentModel(llm)                                   // applies edits
 *     .actionGenerator(ActionGenerator.builder().model(llm).build())
 *     .embedding(encoder).utility(utility)
 *     .horizon(5)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Deterministic, cached action sets.</b> {@link #actions} generates a state's candidates on first
 *       visit and caches them by state text (description + context), so the same state always gets the same
 *       list (the Environment contract). A failed generation is not cached.</li>
 *   <li><b>Transitions.</b> {@link #step} renders the versioned {@code edit} prompt with the description and
 *       the action <em>quoted</em> as untrusted data ({@link UntrustedText}), asks the environment LLM
 *       (temperature 0 and a seed derived from the environment seed, the state and the action by default: the
 *       same edit of the same state gives the same request, hence cacheable), and sanitises the answer
 *       ({@link TextSanitizer}: echoes and preambles stripped, length capped, empty rejected). An empty answer
 *       is retried with another seed; when the LLM still fails, the step throws {@link EpisodeFailedException}:
 *       that episode fails, others go on ({@link dev.eaglelm.core.rollout.FaultTolerantRollouts}). A
 *       {@link BudgetExceededException} passes through and ends the run.</li>
 *   <li><b>Untrusted output.</b> The LLM's text is never interpreted by the library: it only becomes the next
 *       state's description, and is quoted again when it goes into the next prompt.</li>
 *   <li><b>Per-action features.</b> {@link #candidateOutcomes} applies every candidate of a state and embeds
 *       the results: the z<sub>a</sub>(x) that the G-optimal design needs.</li>
 * </ul>
 *
 * <p>Thread-safe: one instance serves concurrent rollouts.
 */
public final class TextEnvironment implements Environment<TextState, Action> {

    private static final Logger LOG = LoggerFactory.getLogger(TextEnvironment.class);
    private static final int EMBEDDING_CACHE = 4096;

    private final List<TextState> anchors;
    private final LanguageModel environmentModel;
    private final ActionGenerator actionGenerator;
    private final EmbeddingMap<String> embedding;
    private final Utility utility;
    private final int horizon;
    private final long seed;
    private final double temperature;
    private final int maxTokens;
    private final int emptyRetries;
    private final PromptTemplate editPrompt;
    private final TextEditor editor;
    private final ConcurrentHashMap<String, CompletableFuture<GeneratedActions>> actionCache = new ConcurrentHashMap<>();
    private final Map<String, INDArray> embeddingCache = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, INDArray> eldest) {
            return size() > EMBEDDING_CACHE;
        }
    };
    private final AtomicLong edits = new AtomicLong();
    private final AtomicLong failedEdits = new AtomicLong();

    private TextEnvironment(Builder b) {
        this.anchors = List.copyOf(b.anchors);
        this.environmentModel = b.environmentModel;
        this.actionGenerator = b.actionGenerator;
        this.embedding = b.embedding;
        this.utility = b.utility;
        this.horizon = b.horizon;
        this.seed = b.seed;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.emptyRetries = b.emptyRetries;
        this.editPrompt = b.editPrompt;
        this.editor = new TextEditor(b.environmentModel, b.editPrompt, b.temperature, b.maxTokens, b.maxWords,
                new TextSanitizer(b.maxChars), b.seed);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Draws an anchor uniformly with a generator seeded by {@code seed}; returns it at step 0. */
    @Override
    public TextState reset(long seed) {
        TextState a = anchors.get(new SplittableRandom(Seeds.derive(seed, "anchor")).nextInt(anchors.size()));
        return new TextState(a.description(), a.context(), 0);
    }

    /**
     * Returns the anchors (start states).
     *
     * @return the anchors
     */
    public List<TextState> anchors() {
        return anchors;
    }

    @Override
    public List<Action> actions(TextState state) {
        return generatedActions(state).actions();
    }

    /**
     * Returns a state's candidate actions with the generator's report (generated on first visit, then cached).
     *
     * @param state a non-terminal state
     * @return the actions and the report
     * @throws IllegalStateException if the state is terminal
     * @throws EpisodeFailedException if the action LLM produced no action
     * @throws BudgetExceededException if the budget ran out
     */
    public GeneratedActions generatedActions(TextState state) {
        requireNonTerminal(state);
        String key = stateKey(state);
        CompletableFuture<GeneratedActions> mine = new CompletableFuture<>();
        CompletableFuture<GeneratedActions> f = actionCache.putIfAbsent(key, mine);
        if (f == null) {
            try {
                mine.complete(actionGenerator.generate(state));
            } catch (RuntimeException e) {
                actionCache.remove(key, mine);
                mine.completeExceptionally(e);
            }
            f = mine;
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof BudgetExceededException b) {
                throw b;
            }
            throw new EpisodeFailedException("action generation by " + actionGenerator.model().id()
                    + " failed at step " + state.step() + ": " + c.getMessage(), state.step(), c);
        }
    }

    @Override
    public Transition<TextState, Action> step(TextState state, Action action) {
        requireNonTerminal(state);
        Objects.requireNonNull(action, "action");
        if (!actions(state).contains(action)) {
            throw new IllegalArgumentException("action " + action.id() + " is not in the action set of this state"
                    + " (step " + state.step() + ")");
        }
        TextState next = apply(state, action);
        boolean terminal = next.step() >= horizon;
        return new Transition<>(state, action, next, terminal ? terminalReward(next) : 0.0, terminal);
    }

    /**
     * Applies any edit to a state with the environment LLM, without checking that the action belongs to the
     * state's action set (for macro actions, tools and the CLI).
     *
     * @param state the state
     * @param action the edit
     * @return the next state (step + 1)
     * @throws EpisodeFailedException if the LLM failed after its retries or answered nothing usable
     * @throws BudgetExceededException if the budget ran out
     */
    public TextState apply(TextState state, Action action) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= emptyRetries; attempt++) {
            CompletionRequest request = editRequest(state, action, attempt);
            Completion c;
            try {
                c = environmentModel.complete(request);
            } catch (BudgetExceededException e) {
                throw e;
            } catch (RuntimeException e) {
                failedEdits.incrementAndGet();
                throw new EpisodeFailedException("environment LLM " + environmentModel.id() + " failed at step "
                        + state.step() + " applying action " + action.id() + ": " + e.getMessage(), state.step(), e);
            }
            Optional<TextState> next = accept(state, request, c);
            if (next.isPresent()) {
                edits.incrementAndGet();
                return next.get();
            }
            last = new IllegalStateException("empty answer after sanitising (attempt " + (attempt + 1) + ")");
            LOG.debug("environment LLM {} gave an empty rewrite at step {} for action {}; attempt {}",
                    environmentModel.id(), state.step(), action.id(), attempt + 1);
        }
        failedEdits.incrementAndGet();
        throw new EpisodeFailedException("environment LLM " + environmentModel.id() + " returned no usable text at"
                + " step " + state.step() + " for action " + action.id() + " after " + (emptyRetries + 1)
                + " attempts", state.step(), last);
    }

    private Optional<TextState> accept(TextState state, CompletionRequest request, Completion c) {
        return editor.accept(state, request, c);
    }

    /**
     * Returns the request that applies an edit (for inspection, batching and tests).
     *
     * @param state the state
     * @param action the edit
     * @param attempt 0 for the first attempt; later attempts (after an empty answer) use other seeds
     * @return the request
     */
    public CompletionRequest editRequest(TextState state, Action action, int attempt) {
        return editor.request(state, action, attempt);
    }

    /**
     * Applies every candidate action of a state and embeds the next states: the per-action features of the
     * G-optimal design. Failed candidates are listed, not fatal.
     *
     * @param state a non-terminal state
     * @param concurrency LLM calls in flight at once, &ge; 1
     * @param listener progress per call
     * @return the outcomes
     * @throws BudgetExceededException if the budget ran out
     */
    public CandidateOutcomes candidateOutcomes(TextState state, int concurrency, ProgressListener listener) {
        List<Action> candidates = actions(state);
        List<CompletionRequest> requests = candidates.stream().map(a -> editRequest(state, a, 0)).toList();
        List<LlmBatch.Outcome> outcomes = LlmBatch.tryCompleteAll(environmentModel, requests, concurrency, listener);
        List<Action> ok = new ArrayList<>();
        List<TextState> next = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            LlmBatch.Outcome o = outcomes.get(i);
            Action a = candidates.get(i);
            if (!o.ok()) {
                if (o.error() instanceof BudgetExceededException b) {
                    throw b;
                }
                failed.add(a.id() + ": " + o.error().getMessage());
                continue;
            }
            Optional<TextState> s = accept(state, requests.get(i), o.completion());
            if (s.isEmpty()) {
                try {
                    s = Optional.of(apply(state, a)); // retries an empty answer with other seeds
                } catch (EpisodeFailedException e) {
                    failed.add(a.id() + ": " + e.getMessage());
                    continue;
                }
            }
            ok.add(a);
            next.add(s.get());
        }
        INDArray z = next.isEmpty() ? null : embedAll(next.stream().map(TextState::description).toList());
        return new CandidateOutcomes(ok, next, z, failed);
    }

    @Override
    public int horizon() {
        return horizon;
    }

    @Override
    public double terminalReward(TextState state) {
        return utility.score(embed(state.description()));
    }

    /**
     * Embeds a text with the environment's {@link EmbeddingMap} (memoised for the last few thousand texts).
     *
     * @param text the text
     * @return its vector
     */
    public INDArray embed(String text) {
        synchronized (embeddingCache) {
            INDArray hit = embeddingCache.get(text);
            if (hit != null) {
                return hit;
            }
        }
        INDArray v = embedding.embed(text);
        synchronized (embeddingCache) {
            embeddingCache.put(text, v);
        }
        return v;
    }

    private INDArray embedAll(List<String> texts) {
        List<INDArray> rows = new ArrayList<>(texts.size());
        for (String t : texts) {
            rows.add(embed(t).reshape(1, embedding.dimension()));
        }
        return Nd4j.vstack(rows.toArray(INDArray[]::new));
    }

    /**
     * Returns how many edits succeeded and failed so far.
     *
     * @return {@code [succeeded, failed]}
     */
    public long[] editCounts() {
        return new long[] {edits.get(), failedEdits.get()};
    }

    /**
     * Adds this environment's components and prompt versions to a provenance record.
     *
     * @param p the record
     * @return a copy naming the environment LLM, the action LLM, the embedding, the prompts and the horizon
     */
    public Provenance describe(Provenance p) {
        return p.withComponent("environment-llm", environmentModel.id())
                .withComponent("action-llm", actionGenerator.model().id())
                .withComponent("embedding", embedding.id())
                .withComponent("prompt/edit", editPrompt.id())
                .withComponent("prompt/actions", String.join(",", actionGenerator.promptIds()))
                .withConfig(Map.of("eagle.text.horizon", Integer.toString(horizon),
                        "eagle.text.temperature", Double.toString(temperature),
                        "eagle.text.seed", Long.toString(seed)));
    }

    private void requireNonTerminal(TextState state) {
        Objects.requireNonNull(state, "state");
        if (state.step() >= horizon) {
            throw new IllegalStateException("state at step " + state.step() + " is terminal (horizon " + horizon + ")");
        }
    }

    private static String stateKey(TextState s) {
        return TextEditor.stateKey(s);
    }

    /**
     * Returns the environment LLM's edit step as a standalone editor (same model, prompt and settings).
     *
     * @return the editor
     */
    public TextEditor editor() {
        return editor;
    }

    /** Builder for {@link TextEnvironment}. */
    public static final class Builder {
        private List<TextState> anchors = List.of();
        private LanguageModel environmentModel;
        private ActionGenerator actionGenerator;
        private EmbeddingMap<String> embedding;
        private Utility utility;
        private int horizon = 5;
        private long seed;
        private double temperature = 0.0;
        private int maxTokens = 400;
        private int maxChars = 1500;
        private int maxWords = 150;
        private int emptyRetries = 1;
        private PromptTemplate editPrompt = PromptTemplate.load("edit", TextEditor.DEFAULT_PROMPT_VERSION);

        private Builder() {
        }

        /**
         * Sets the start states (required, at least one).
         *
         * @param anchors the anchors, e.g. existing movie descriptions with user profiles
         * @return this builder
         */
        public Builder anchors(List<TextState> anchors) {
            this.anchors = List.copyOf(anchors);
            return this;
        }

        /**
         * Sets the environment LLM that applies edits (required).
         *
         * @param model the backend
         * @return this builder
         */
        public Builder environmentModel(LanguageModel model) {
            this.environmentModel = model;
            return this;
        }

        /**
         * Sets the action generator (required).
         *
         * @param generator the generator
         * @return this builder
         */
        public Builder actionGenerator(ActionGenerator generator) {
            this.actionGenerator = generator;
            return this;
        }

        /**
         * Sets the encoder E<sub>D</sub> (required).
         *
         * @param embedding text &rarr; latent vector
         * @return this builder
         */
        public Builder embedding(EmbeddingMap<String> embedding) {
            this.embedding = embedding;
            return this;
        }

        /**
         * Sets the utility U over the latent space (required).
         *
         * @param utility the utility
         * @return this builder
         */
        public Builder utility(Utility utility) {
            this.utility = utility;
            return this;
        }

        /**
         * Sets the horizon H (default 5, the paper's).
         *
         * @param horizon &ge; 1
         * @return this builder
         */
        public Builder horizon(int horizon) {
            this.horizon = horizon;
            return this;
        }

        /**
         * Sets the seed from which each edit request's seed is derived (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the environment LLM's temperature (default 0). The paper samples with a temperature; with a
         * fixed seed per (state, action) the requests stay deterministic and cacheable either way.
         *
         * @param temperature &ge; 0
         * @return this builder
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the token limit of one edit (default 400).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /**
         * Sets the longest description kept after sanitising, in characters (default 1500).
         *
         * @param n &ge; 20
         * @return this builder
         */
        public Builder maxChars(int n) {
            this.maxChars = n;
            return this;
        }

        /**
         * Sets the word limit the edit prompt asks for (default 150).
         *
         * @param n &ge; 10
         * @return this builder
         */
        public Builder maxWords(int n) {
            this.maxWords = n;
            return this;
        }

        /**
         * Sets how often an empty answer is retried with another seed (default 1).
         *
         * @param n &ge; 0
         * @return this builder
         */
        public Builder emptyRetries(int n) {
            this.emptyRetries = n;
            return this;
        }

        /**
         * Replaces the edit prompt template (placeholders: description, action, max_words).
         *
         * @param template the template
         * @return this builder
         */
        public Builder editPrompt(PromptTemplate template) {
            this.editPrompt = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * Builds the environment.
         *
         * @return the environment
         * @throws IllegalArgumentException naming every missing or invalid part
         */
        public TextEnvironment build() {
            List<String> problems = new ArrayList<>();
            if (anchors.isEmpty()) {
                problems.add("no anchors");
            }
            if (environmentModel == null) {
                problems.add("environmentModel is missing");
            }
            if (actionGenerator == null) {
                problems.add("actionGenerator is missing");
            }
            if (embedding == null) {
                problems.add("embedding is missing");
            }
            if (utility == null) {
                problems.add("utility is missing");
            }
            if (horizon < 1) {
                problems.add("horizon must be >= 1, got " + horizon);
            }
            if (!(temperature >= 0) || !Double.isFinite(temperature)) {
                problems.add("temperature must be finite and >= 0, got " + temperature);
            }
            if (maxTokens < 1) {
                problems.add("maxTokens must be >= 1, got " + maxTokens);
            }
            if (maxChars < 20) {
                problems.add("maxChars must be >= 20, got " + maxChars);
            }
            if (maxWords < 10) {
                problems.add("maxWords must be >= 10, got " + maxWords);
            }
            if (emptyRetries < 0) {
                problems.add("emptyRetries must be >= 0, got " + emptyRetries);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("text environment: " + String.join("; ", problems));
            }
            return new TextEnvironment(this);
        }
    }
}
