package dev.eaglelm.core.text;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.llm.BudgetExceededException;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.LlmBatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an LLM for candidate edit actions of a state (Sec. 4.3, 5.1 and App. C of the paper): generic ones,
 * and personalised ones when the state has a context (a user profile), across the edit categories.
 *
 * <p>One request per (kind, category), asking for a configurable count (default 10 per category: the paper's
 * 50 generic + 50 personalised over five categories; the paper gives no per-category split, so the split is
 * a [C] choice). Requests use the versioned templates {@code actions-generic} and
 * {@code actions-personalised} with the state's texts quoted as untrusted data, a fixed seed derived from the
 * generator's seed and the state, and so are deterministic and cacheable. Responses are parsed robustly
 * ({@link ActionListParser}); items are cleaned, deduplicated (case and punctuation insensitive), and dropped
 * when empty, shorter than three words, longer than the cap, or a repetition of the prompt's own text (its
 * example edit, the description); a call that returns more than asked is cut.
 * The {@link GenerationReport} says what was dropped and why.
 *
 * <p>Action ids are {@code g-<category>-<nn>} (generic) and {@code p-<category>-<nn>} (personalised);
 * {@link Action#origin()} is {@code "generic/" + backend id} or {@code "personalised/" + backend id}, so
 * every action names the model that wrote it (a surrogate's id starts with {@code surrogate:}).
 */
public final class ActionGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(ActionGenerator.class);

    private final LanguageModel model;
    private final List<EditCategory> categories;
    private final int genericPerCategory;
    private final int personalisedPerCategory;
    private final int maxActionChars;
    private final double temperature;
    private final int maxTokens;
    private final long seed;
    private final int concurrency;
    private final PromptTemplate genericPrompt;
    private final PromptTemplate personalisedPrompt;

    private ActionGenerator(Builder b) {
        this.model = b.model;
        this.categories = List.copyOf(b.categories);
        this.genericPerCategory = b.genericPerCategory;
        this.personalisedPerCategory = b.personalisedPerCategory;
        this.maxActionChars = b.maxActionChars;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.seed = b.seed;
        this.concurrency = b.concurrency;
        this.genericPrompt = b.genericPrompt;
        this.personalisedPrompt = b.personalisedPrompt;
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the model that writes the actions.
     *
     * @return the backend
     */
    public LanguageModel model() {
        return model;
    }

    /**
     * Returns the prompt template ids, for provenance.
     *
     * @return e.g. {@code ["actions-generic/v1", "actions-personalised/v1"]}
     */
    public List<String> promptIds() {
        return List.of(genericPrompt.id(), personalisedPrompt.id());
    }

    private record Call(String kind, EditCategory category, int count, CompletionRequest request) {
    }

    /**
     * Generates the candidate actions of a state.
     *
     * @param state the state (its description, and its context for personalised actions)
     * @return the actions and the report
     * @throws LanguageModelException if every call failed (nothing to offer); the message names the backend
     * @throws BudgetExceededException if the budget ran out
     */
    public GeneratedActions generate(TextState state) {
        return generate(state, ProgressListener.NONE);
    }

    /**
     * Generates the candidate actions of a state, reporting progress per call.
     *
     * @param state the state
     * @param listener receives progress reports
     * @return the actions and the report
     * @throws LanguageModelException if every call failed; the message names the backend
     * @throws BudgetExceededException if the budget ran out
     */
    public GeneratedActions generate(TextState state, ProgressListener listener) {
        Objects.requireNonNull(state, "state");
        List<Call> calls = new ArrayList<>();
        String stateKey = CacheKeys.sha256(state.description() + "\u0000" + state.context());
        for (EditCategory c : categories) {
            if (genericPerCategory > 0) {
                calls.add(call("generic", c, genericPerCategory, genericPrompt, state, stateKey));
            }
        }
        boolean personalised = personalisedPerCategory > 0 && !state.context().isBlank();
        if (personalisedPerCategory > 0 && !personalised) {
            LOG.debug("state has no context: no personalised actions");
        }
        if (personalised) {
            for (EditCategory c : categories) {
                calls.add(call("personalised", c, personalisedPerCategory, personalisedPrompt, state, stateKey));
            }
        }
        List<LlmBatch.Outcome> outcomes = LlmBatch.tryCompleteAll(model, calls.stream().map(Call::request).toList(),
                concurrency, listener);
        int requested = calls.stream().mapToInt(Call::count).sum();
        int failed = 0;
        int parsed = 0;
        int duplicates = 0;
        int empty = 0;
        int tooLong = 0;
        int junk = 0;
        int surplus = 0;
        int echoes = 0;
        List<String> dropped = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        RuntimeException lastError = null;
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            LlmBatch.Outcome o = outcomes.get(i);
            if (!o.ok()) {
                if (o.error() instanceof BudgetExceededException b) {
                    throw b;
                }
                failed++;
                lastError = o.error();
                LOG.warn("action generation: {} {} call to {} failed: {}", call.kind(), call.category().label(),
                        model.id(), o.error().getMessage());
                continue;
            }
            Completion c = o.completion();
            ActionListParser.Result r = ActionListParser.parse(c.text());
            parsed += r.items().size();
            junk += r.junk().size();
            int keptHere = 0;
            String prompt = normalise(call.request().messages().stream().map(m -> m.content())
                    .reduce("", (x, y) -> x + " " + y));
            for (ActionListParser.Item item : r.items()) {
                String text = item.text();
                String reason = null;
                if (text.isBlank() || text.split("\\s+").length < 3) {
                    empty++;
                    reason = "empty or too short";
                } else if (text.length() > maxActionChars) {
                    tooLong++;
                    reason = "too long (" + text.length() + " > " + maxActionChars + " chars)";
                } else if (prompt.contains(normalise(text))) {
                    echoes++;
                    reason = "echo of the prompt";
                } else if (!seen.add(normalise(text))) {
                    duplicates++;
                    reason = "duplicate";
                } else if (keptHere >= call.count()) {
                    surplus++;
                    reason = "surplus";
                }
                if (reason != null) {
                    if (dropped.size() < 20) {
                        dropped.add(reason + ": " + abbreviate(text));
                    }
                    continue;
                }
                keptHere++;
                String id = (call.kind().equals("generic") ? "g-" : "p-") + call.category().slug() + "-"
                        + String.format(Locale.ROOT, "%02d", keptHere);
                actions.add(new Action(id, text, call.category().label(), call.kind() + "/" + c.backend()));
            }
        }
        List<String> prompts = personalised ? promptIds() : List.of(genericPrompt.id());
        GenerationReport report = new GenerationReport(requested, calls.size(), failed, parsed, actions.size(),
                duplicates, empty, tooLong, junk, surplus, echoes, dropped, prompts);
        LOG.debug("actions for state {} by {}: {}", stateKey.substring(0, 12), model.id(), report.summary());
        if (actions.isEmpty()) {
            String why = lastError != null ? "every call failed; last error: " + lastError.getMessage()
                    : "no usable action in the responses (" + report.summary() + ")";
            throw new LanguageModelException("action generation by " + model.id() + " produced no action: " + why,
                    lastError);
        }
        return new GeneratedActions(actions, report);
    }

    private Call call(String kind, EditCategory category, int count, PromptTemplate template, TextState state,
            String stateKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", UntrustedText.quote("description", state.description()));
        if (template.placeholders().contains("profile")) {
            values.put("profile", UntrustedText.quote("profile", state.context()));
        }
        values.put("category", category.label());
        values.put("category_hint", category.hint());
        values.put("count", Integer.toString(count));
        CompletionRequest.Builder b = CompletionRequest.builder()
                .temperature(temperature)
                .maxTokens(maxTokens)
                .seed(Seeds.derive(seed, "actions/" + kind + "/" + category.label() + "/" + stateKey));
        template.render(values).forEach(b::message);
        return new Call(kind, category, count, b.build());
    }

    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** Builder for {@link ActionGenerator}; {@link #model} is required. */
    public static final class Builder {
        private LanguageModel model;
        private List<EditCategory> categories = EditCategory.MOVIELENS;
        private int genericPerCategory = 10;
        private int personalisedPerCategory = 10;
        private int maxActionChars = 200;
        private double temperature = 0.7;
        private int maxTokens = 1024;
        private long seed;
        private int concurrency = 4;
        private PromptTemplate genericPrompt = PromptTemplate.load("actions-generic", 1);
        private PromptTemplate personalisedPrompt = PromptTemplate.load("actions-personalised", 1);

        private Builder() {
        }

        /**
         * Sets the LLM that writes the actions (required).
         *
         * @param model the backend
         * @return this builder
         */
        public Builder model(LanguageModel model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the categories (default: the paper's five MovieLens categories).
         *
         * @param categories at least one
         * @return this builder
         */
        public Builder categories(List<EditCategory> categories) {
            this.categories = List.copyOf(categories);
            return this;
        }

        /**
         * Sets the generic actions requested per category (default 10: 50 over five categories).
         *
         * @param n &ge; 0
         * @return this builder
         */
        public Builder genericPerCategory(int n) {
            this.genericPerCategory = n;
            return this;
        }

        /**
         * Sets the personalised actions requested per category (default 10); none for states without context.
         *
         * @param n &ge; 0
         * @return this builder
         */
        public Builder personalisedPerCategory(int n) {
            this.personalisedPerCategory = n;
            return this;
        }

        /**
         * Sets the longest action kept, in characters (default 200).
         *
         * @param n &ge; 20
         * @return this builder
         */
        public Builder maxActionChars(int n) {
            this.maxActionChars = n;
            return this;
        }

        /**
         * Sets the sampling temperature (default 0.7; requests carry a fixed seed, so they stay cacheable).
         *
         * @param t &ge; 0
         * @return this builder
         */
        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        /**
         * Sets the token limit of one call (default 1024).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /**
         * Sets the seed from which each request's seed is derived (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how many calls of one state run at once (default 4).
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /**
         * Replaces the generic prompt template (placeholders: description, category, category_hint, count).
         *
         * @param template the template
         * @return this builder
         */
        public Builder genericPrompt(PromptTemplate template) {
            this.genericPrompt = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * Replaces the personalised prompt template (placeholders: description, profile, category,
         * category_hint, count).
         *
         * @param template the template
         * @return this builder
         */
        public Builder personalisedPrompt(PromptTemplate template) {
            this.personalisedPrompt = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return the generator
         * @throws IllegalArgumentException naming every missing or invalid setting
         */
        public ActionGenerator build() {
            List<String> problems = new ArrayList<>();
            if (model == null) {
                problems.add("model is missing");
            }
            if (categories.isEmpty()) {
                problems.add("no categories");
            }
            if (genericPerCategory < 0 || personalisedPerCategory < 0 || genericPerCategory + personalisedPerCategory == 0) {
                problems.add("counts per category must be >= 0 and not both 0, got " + genericPerCategory + " and "
                        + personalisedPerCategory);
            }
            if (maxActionChars < 20) {
                problems.add("maxActionChars must be >= 20, got " + maxActionChars);
            }
            if (!(temperature >= 0) || !Double.isFinite(temperature)) {
                problems.add("temperature must be finite and >= 0, got " + temperature);
            }
            if (maxTokens < 1) {
                problems.add("maxTokens must be >= 1, got " + maxTokens);
            }
            if (concurrency < 1) {
                problems.add("concurrency must be >= 1, got " + concurrency);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("action generator: " + String.join("; ", problems));
            }
            return new ActionGenerator(this);
        }
    }
}
