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
    private final PromptTemplate linesGenericPrompt;
    private final PromptTemplate linesPersonalisedPrompt;
    private final GrammarMode grammarMode;
    private final int callsPerCategory;

    /** Most lines one constrained call asks for. */
    static final int MAX_LINES_PER_CALL = 10;

    /** When the writer's output is constrained by a grammar of imperative lines. */
    public enum GrammarMode {
        /** When the model supports grammars ({@link LanguageModel#supportsGrammar()}). */
        AUTO,
        /** Always (a model without grammar support then answers free-form; its lines are parsed as usual). */
        ON,
        /** Never: one free-form call per (kind, category). */
        OFF
    }

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
        this.linesGenericPrompt = b.linesGenericPrompt;
        this.linesPersonalisedPrompt = b.linesPersonalisedPrompt;
        this.grammarMode = b.grammarMode;
        this.callsPerCategory = b.callsPerCategory;
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
     * @return e.g. {@code ["actions-generic/v1", "actions-personalised/v1"]}, or the line prompts
     *     {@code ["actions-lines-generic/v1", "actions-lines-personalised/v1"]} in constrained mode
     */
    public List<String> promptIds() {
        return constrained() ? List.of(linesGenericPrompt.id(), linesPersonalisedPrompt.id())
                : List.of(genericPrompt.id(), personalisedPrompt.id());
    }

    /** One (kind, category) of the request: its quota and what it has kept so far. */
    private static final class Group {
        final String kind;
        final EditCategory category;
        final int count;
        final PromptTemplate template;
        int kept;
        int calls;

        Group(String kind, EditCategory category, int count, PromptTemplate template) {
            this.kind = kind;
            this.category = category;
            this.count = count;
            this.template = template;
        }
    }

    private record Call(Group group, CompletionRequest request) {
    }

    /**
     * Whether this generator constrains the writer's output with a grammar of imperative lines: always in
     * {@link GrammarMode#ON}, never in {@link GrammarMode#OFF}, and in {@link GrammarMode#AUTO} when the model
     * supports grammars ({@link LanguageModel#supportsGrammar()}).
     *
     * @return true in constrained mode
     */
    public boolean constrained() {
        return switch (grammarMode) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> model.supportsGrammar();
        };
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
     * <p>Free mode: one call per (kind, category). Constrained mode: rounds of calls, one per (kind, category)
     * still short of its quota, each with its own seed, until every quota is met or each has had
     * {@code callsPerCategory} calls; duplicates across calls are dropped and counted.
     *
     * @param state the state
     * @param listener receives progress reports
     * @return the actions and the report
     * @throws LanguageModelException if every call failed; the message names the backend
     * @throws BudgetExceededException if the budget ran out
     */
    public GeneratedActions generate(TextState state, ProgressListener listener) {
        Objects.requireNonNull(state, "state");
        boolean grammar = constrained();
        String stateKey = CacheKeys.sha256(state.description() + "\u0000" + state.context());
        List<Group> groups = new ArrayList<>();
        for (EditCategory c : categories) {
            if (genericPerCategory > 0) {
                groups.add(new Group("generic", c, genericPerCategory, grammar ? linesGenericPrompt : genericPrompt));
            }
        }
        boolean personalised = personalisedPerCategory > 0 && !state.context().isBlank();
        if (personalisedPerCategory > 0 && !personalised) {
            LOG.debug("state has no context: no personalised actions");
        }
        if (personalised) {
            for (EditCategory c : categories) {
                groups.add(new Group("personalised", c, personalisedPerCategory,
                        grammar ? linesPersonalisedPrompt : personalisedPrompt));
            }
        }
        int requested = groups.stream().mapToInt(g -> g.count).sum();
        int maxRounds = grammar ? callsPerCategory : 1;
        int totalCalls = 0;
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
        for (int round = 0; round < maxRounds; round++) {
            List<Call> calls = new ArrayList<>();
            for (Group g : groups) {
                if (g.kept < g.count) {
                    calls.add(call(g, round, grammar, state, stateKey));
                    g.calls++;
                }
            }
            if (calls.isEmpty()) {
                break;
            }
            totalCalls += calls.size();
            List<LlmBatch.Outcome> outcomes = LlmBatch.tryCompleteAll(model,
                    calls.stream().map(Call::request).toList(), concurrency, listener);
            for (int i = 0; i < calls.size(); i++) {
                Call call = calls.get(i);
                Group group = call.group();
                LlmBatch.Outcome o = outcomes.get(i);
                if (!o.ok()) {
                    if (o.error() instanceof BudgetExceededException b) {
                        throw b;
                    }
                    failed++;
                    lastError = o.error();
                    LOG.warn("action generation: {} {} call to {} failed: {}", group.kind, group.category.label(),
                            model.id(), o.error().getMessage());
                    continue;
                }
                Completion c = o.completion();
                ActionListParser.Result r = ActionListParser.parse(c.text());
                parsed += r.items().size();
                junk += r.junk().size();
                String prompt = normalise(call.request().messages().stream().map(m -> m.content())
                        .reduce("", (x, y) -> x + " " + y));
                Set<String> exampleWords = exampleWords(group.template, state);
                for (ActionListParser.Item item : r.items()) {
                    String text = grammar ? sentence(item.text()) : item.text();
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
                    } else if (echoesExample(text, exampleWords)) {
                        echoes++;
                        reason = "echo of the prompt's examples";
                    } else if (!seen.add(normalise(text))) {
                        duplicates++;
                        reason = "duplicate";
                    } else if (group.kept >= group.count) {
                        surplus++;
                        reason = "surplus";
                    }
                    if (reason != null) {
                        if (dropped.size() < 20) {
                            dropped.add(reason + ": " + abbreviate(text));
                        }
                        continue;
                    }
                    group.kept++;
                    String id = (group.kind.equals("generic") ? "g-" : "p-") + group.category.slug() + "-"
                            + String.format(Locale.ROOT, "%02d", group.kept);
                    actions.add(new Action(id, text, group.category.label(), group.kind + "/" + c.backend()));
                }
            }
        }
        // deterministic order whatever the rounds: generic before personalised, categories in order, then by id
        List<Action> ordered = new ArrayList<>();
        for (Group g : groups) {
            String prefix = (g.kind.equals("generic") ? "g-" : "p-") + g.category.slug() + "-";
            actions.stream().filter(a -> a.id().startsWith(prefix) && a.category().equals(g.category.label()))
                    .sorted(java.util.Comparator.comparing(Action::id)).forEach(ordered::add);
        }
        List<String> prompts = groups.stream().map(g -> g.template.id()).distinct().toList();
        GenerationReport report = new GenerationReport(requested, totalCalls, failed, parsed, ordered.size(),
                duplicates, empty, tooLong, junk, surplus, echoes, dropped, prompts);
        LOG.debug("actions for state {} by {}: {}", stateKey.substring(0, 12), model.id(), report.summary());
        if (ordered.isEmpty()) {
            String why = lastError != null ? "every call failed; last error: " + lastError.getMessage()
                    : "no usable action in the responses (" + report.summary() + ")";
            throw new LanguageModelException("action generation by " + model.id() + " produced no action: " + why,
                    lastError);
        }
        return new GeneratedActions(ordered, report);
    }

    private Call call(Group g, int round, boolean grammar, TextState state, String stateKey) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("description", UntrustedText.quote("description", state.description()));
        if (g.template.placeholders().contains("profile")) {
            values.put("profile", UntrustedText.quote("profile", state.context()));
        }
        values.put("category", g.category.label());
        values.put("category_hint", g.category.hint());
        int lines = grammar ? Math.max(3, Math.min(MAX_LINES_PER_CALL, g.count - g.kept)) : g.count;
        values.put("count", Integer.toString(lines));
        String seedKey = "actions/" + g.kind + "/" + g.category.label() + "/" + stateKey
                + (round == 0 ? "" : "/round-" + round);
        CompletionRequest.Builder b = CompletionRequest.builder()
                .temperature(temperature)
                .maxTokens(grammar ? Math.min(maxTokens, 40 * lines + 16) : maxTokens)
                .seed(Seeds.derive(seed, seedKey));
        if (grammar) {
            b.grammar(ImperativeLinesGrammar.gbnf(lines));
        }
        g.template.render(values).forEach(b::message);
        return new Call(g, b.build());
    }

    /**
     * The distinctive words of a template's example lines (lines starting with "- "): words of 4+ letters
     * that are neither grammar verbs nor words of the state's own texts.
     */
    static Set<String> exampleWords(PromptTemplate template, TextState state) {
        Set<String> own = new HashSet<>(List.of(normalise(state.description() + " " + state.context()).split(" ")));
        Set<String> verbs = new HashSet<>();
        ImperativeLinesGrammar.VERBS.forEach(v -> verbs.add(v.toLowerCase(Locale.ROOT)));
        Set<String> out = new HashSet<>();
        for (String line : template.user().lines().toList()) {
            if (line.strip().startsWith("- ")) {
                for (String w : normalise(line).split(" ")) {
                    if (w.length() >= 4 && !own.contains(w) && !verbs.contains(w)) {
                        out.add(w);
                    }
                }
            }
        }
        return out;
    }

    private static boolean echoesExample(String text, Set<String> exampleWords) {
        if (exampleWords.isEmpty()) {
            return false;
        }
        for (String w : normalise(text).split(" ")) {
            if (exampleWords.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** Capitalises a grammar-constrained line and ends it with a full stop. */
    private static String sentence(String line) {
        String t = line.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        t = t.replaceAll("[\\s,'-]+$", "");
        return t.endsWith(".") ? t : t + ".";
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
        private PromptTemplate linesGenericPrompt = PromptTemplate.load("actions-lines-generic", 1);
        private PromptTemplate linesPersonalisedPrompt = PromptTemplate.load("actions-lines-personalised", 1);
        private GrammarMode grammarMode = GrammarMode.AUTO;
        private int callsPerCategory = 4;

        private Builder() {
        }

        /**
         * Sets when the output is constrained by a grammar of imperative lines (default {@link GrammarMode#AUTO}:
         * when the model supports grammars). Small models write usable lists only this way.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder grammarMode(GrammarMode mode) {
            this.grammarMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the most calls per (kind, category) in constrained mode (default 4): calls repeat with new seeds
         * until the category's quota of distinct actions is met or this budget is spent.
         *
         * @param n &ge; 1
         * @return this builder
         */
        public Builder callsPerCategory(int n) {
            this.callsPerCategory = n;
            return this;
        }

        /**
         * Replaces the constrained-mode prompt templates (placeholders as for the free-form ones).
         *
         * @param generic the generic template
         * @param personalised the personalised template
         * @return this builder
         */
        public Builder linePrompts(PromptTemplate generic, PromptTemplate personalised) {
            this.linesGenericPrompt = Objects.requireNonNull(generic, "generic");
            this.linesPersonalisedPrompt = Objects.requireNonNull(personalised, "personalised");
            return this;
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
            if (callsPerCategory < 1) {
                problems.add("callsPerCategory must be >= 1, got " + callsPerCategory);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("action generator: " + String.join("; ", problems));
            }
            return new ActionGenerator(this);
        }
    }
}
