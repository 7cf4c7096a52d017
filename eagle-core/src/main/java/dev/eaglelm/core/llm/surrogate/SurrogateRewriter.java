package dev.eaglelm.core.llm.surrogate;

import dev.eaglelm.core.ChatMessage;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.Seeds;
import dev.eaglelm.core.TokenUsage;
import dev.eaglelm.core.llm.CachingLanguageModel;
import dev.eaglelm.core.text.UntrustedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline stand-in for an LLM: <b>no language model is involved</b>. It answers the library's own
 * prompts by retrieving real sentences from a {@link SurrogateCorpus} with BM25, deterministically under a
 * seed. Its {@link #id()} starts with {@code surrogate:}, so every completion, action origin and result says
 * that it is surrogate output, and it logs so when it starts.
 *
 * <p>It recognises three kinds of request by the tags of the library's prompt templates:
 * <ul>
 *   <li><b>Edit</b> ({@code <description>} and {@code <edit>}; the {@code edit} template): the instruction's
 *       content words query the corpus; one of the best-matching sentences not already in the description is
 *       chosen (the best at temperature 0, else a draw weighted by score<sup>1/T</sup> among the top 8) and
 *       inserted after the first sentence or, when the description already has {@code maxSentences}
 *       sentences, substituted for the sentence that shares least with the instruction. Instructions that ask
 *       to remove, cut or shorten delete the sentence that shares most with them instead. The text therefore
 *       moves towards the corpus sentences about the instruction's theme, which moves its embedding
 *       non-trivially.</li>
 *   <li><b>Candidate actions</b> ({@code <description>} and {@code <category>}; the {@code actions-*}
 *       templates): {@code count} imperative edits of the requested category, from per-category templates
 *       filled with corpus <em>themes</em>: half from the description's (or, for personalised requests, the
 *       profile's) BM25 neighbourhood, half drawn at random from the corpus themes; audience-appeal edits also
 *       use the corpus genres. Answered as a numbered list.</li>
 *   <li><b>Anything else</b>: the sentences that best match the prompt (a retrieval, not an answer).</li>
 * </ul>
 *
 * <p>Randomness: a request's seed (or, without one, a hash of the whole request) mixed with the rewriter's own
 * seed; the same request always gets the same answer. Token counts are word counts (there is no tokenizer).
 */
public final class SurrogateRewriter implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(SurrogateRewriter.class);

    /** Version of the algorithm, part of the id (so caches notice a change). */
    public static final int VERSION = 1;

    private static final Pattern REMOVE = Pattern.compile(
            "\\b(remove|cut|drop|delete|eliminate|shorten|trim|omit|tone down|less|fewer|without)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COUNT = Pattern.compile("\\bWrite (\\d{1,3})\\b");
    private static final Set<String> EDIT_WORDS = Set.copyOf(java.util.Arrays.asList("add", "adds", "added", "introduce", "include", "change",
            "replace", "give", "make", "turn", "shift", "move", "rewrite", "explore", "emphasize", "emphasise",
            "focus", "deepen", "theme", "themes", "plot", "story", "film", "movie", "character", "protagonist",
            "hero", "villain", "audience", "viewer", "viewers", "scene", "scenes", "subplot", "element", "elements",
            "appeal", "tell", "show", "use", "set", "around", "involving", "connected", "about", "centred",
            "centered", "remove", "cut", "drop", "delete", "shorten", "more", "less", "stronger", "deeply", "fan",
            "fans", "twist", "sequence", "narrative", "tone", "feel", "meaning", "means", "wider", "younger", "climax",
            "confrontation", "sympathetic", "motive", "rooted", "striking", "imagery", "throughout", "secret", "rival",
            "whose", "life", "revolve", "past", "shaped", "mentor", "know", "knows", "everything", "flashback",
            "haunting", "frame", "memory", "meditation", "question", "contrast", "conflict", "main", "backdrop",
            "reason", "journey", "begin", "begins", "ending", "open", "opens", "show", "shows", "accessible",
            "familie", "families", "softening", "attract", "built", "emphasise", "emphasize", "elements", "mean",
            "feels", "wide", "young", "deep", "deeper", "against", "explore", "theme", "movie"));

    private static final Map<String, List<String>> TEMPLATES = Map.of(
            "plot", List.of("Add a subplot about %s.", "Introduce a twist involving %s.",
                    "Make %s the reason the journey begins.", "Rewrite the ending around %s.",
                    "Set the story against a backdrop of %s.", "Move the climax to a confrontation over %s."),
            "character", List.of("Give the protagonist a secret connected to %s.",
                    "Add a rival whose life revolves around %s.", "Make the hero's past shaped by %s.",
                    "Introduce a mentor who knows everything about %s.",
                    "Give the villain a sympathetic motive rooted in %s."),
            "visual", List.of("Tell the story through flashbacks centred on %s.",
                    "Use striking imagery of %s throughout the film.", "Open with a sequence that shows %s.",
                    "Shift the tone so that %s feels haunting.", "Frame the narrative as a memory of %s."),
            "theme", List.of("Explore the theme of %s more deeply.", "Make the film a meditation on %s.",
                    "Question what %s means to the characters.", "Contrast %s with the main conflict."),
            "audience", List.of("Make the film appeal to fans of %2$s movies through %1$s.",
                    "Add %2$s elements built around %1$s to attract a wider audience.",
                    "Emphasise %s to appeal to younger viewers.",
                    "Make the story more accessible to families by softening %s."));

    private final SurrogateCorpus corpus;
    private final long seed;
    private final int maxSentences;
    private final String id;

    /**
     * Creates a rewriter with seed 0 and at most 6 sentences per description.
     *
     * @param corpus the corpus
     */
    public SurrogateRewriter(SurrogateCorpus corpus) {
        this(corpus, 0L, 6);
    }

    /**
     * Creates a rewriter.
     *
     * @param corpus the corpus
     * @param seed mixed into every request's randomness
     * @param maxSentences the most sentences an edit leaves in a description before it substitutes instead of
     *     adding, &ge; 2
     * @throws IllegalArgumentException if {@code maxSentences < 2}
     */
    public SurrogateRewriter(SurrogateCorpus corpus, long seed, int maxSentences) {
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        if (maxSentences < 2) {
            throw new IllegalArgumentException("surrogate: maxSentences must be >= 2, got " + maxSentences);
        }
        this.seed = seed;
        this.maxSentences = maxSentences;
        this.id = "surrogate:" + corpus.source() + "?v=" + VERSION + "&seed=" + seed + "&corpus=" + corpus.digest();
        LOG.info("surrogate rewriter (no LLM): {} sentences, {} themes from {}; every output is labelled {}",
                corpus.sentences().size(), corpus.themes().size(), corpus.source(), id);
    }

    /** Returns {@code "surrogate:<corpus>?v=1&seed=S&corpus=<digest>"}: every output is labelled surrogate. */
    @Override
    public String id() {
        return id;
    }

    /**
     * Returns the corpus.
     *
     * @return the corpus
     */
    public SurrogateCorpus corpus() {
        return corpus;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        long t0 = System.nanoTime();
        StringBuilder all = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            all.append(m.content()).append('\n');
        }
        String prompt = all.toString();
        long s = Seeds.mix(seed, request.seed().isPresent() ? request.seed().getAsLong()
                : Long.parseUnsignedLong(CachingLanguageModel.key(request).substring(0, 15), 16));
        SplittableRandom rng = new SplittableRandom(s);
        Optional<String> description = UntrustedText.extract("description", prompt);
        Optional<String> edit = UntrustedText.extract("edit", prompt);
        Optional<String> category = UntrustedText.extract("category", prompt);
        String text;
        String kind;
        if (description.isPresent() && edit.isPresent()) {
            kind = "edit";
            text = rewrite(description.get(), edit.get(), request.temperature(), rng);
        } else if (description.isPresent() && category.isPresent()) {
            kind = "actions";
            Matcher m = COUNT.matcher(prompt);
            int count = m.find() ? Math.max(1, Math.min(200, Integer.parseInt(m.group(1)))) : 10;
            text = actions(description.get(), UntrustedText.extract("profile", prompt).orElse(""), category.get(),
                    count, rng);
        } else {
            kind = "retrieval";
            text = retrieve(lastUser(request), request.temperature(), rng);
        }
        Completion.FinishReason finish = Completion.FinishReason.STOP;
        String[] words = text.split("\\s+");
        if (words.length > request.maxTokens()) {
            text = String.join(" ", java.util.Arrays.copyOf(words, request.maxTokens()));
            finish = Completion.FinishReason.LENGTH;
        }
        for (String stop : request.stop()) {
            int at = text.indexOf(stop);
            if (at >= 0) {
                text = text.substring(0, at);
                finish = Completion.FinishReason.STOP;
            }
        }
        LOG.debug("surrogate {} answer ({} words, no LLM)", kind, words.length);
        return new Completion(text, finish, new TokenUsage(prompt.split("\\s+").length, text.split("\\s+").length),
                Duration.ofNanos(System.nanoTime() - t0), id);
    }

    private static String lastUser(CompletionRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            if (request.messages().get(i).role() == ChatMessage.Role.USER) {
                return request.messages().get(i).content();
            }
        }
        return request.messages().get(request.messages().size() - 1).content();
    }

    /**
     * Applies an edit instruction to a description (the edit path, callable directly).
     *
     * @param description the description
     * @param instruction the edit
     * @param temperature 0 for the best match, higher to sample among the top matches
     * @param rng the random source
     * @return the new description
     */
    public String rewrite(String description, String instruction, double temperature, SplittableRandom rng) {
        List<String> sentences = new ArrayList<>(SurrogateCorpus.splitSentences(description));
        List<String> query = queryTokens(instruction);
        if (REMOVE.matcher(instruction).find() && sentences.size() > 1) {
            int victim = mostRelated(sentences, query, true, false);
            sentences.remove(victim);
            return String.join(" ", sentences);
        }
        Set<String> present = new HashSet<>();
        sentences.forEach(x -> present.add(norm(x)));
        double[] scores = corpus.index().scoresOfTokens(query);
        int[] ranked = Bm25Index.top(scores, 8 + sentences.size());
        int[] top = java.util.Arrays.stream(ranked).filter(i -> !present.contains(norm(corpus.sentences().get(i))))
                .limit(8).toArray();
        String pick;
        if (top.length == 0) {
            pick = corpus.sentences().get(rng.nextInt(corpus.sentences().size()));
        } else if (temperature <= 0) {
            pick = corpus.sentences().get(top[0]);
        } else {
            double[] w = new double[top.length];
            double total = 0;
            for (int i = 0; i < top.length; i++) {
                w[i] = Math.pow(scores[top[i]] / scores[top[0]], 1.0 / temperature);
                total += w[i];
            }
            double u = rng.nextDouble() * total;
            int chosen = top.length - 1;
            for (int i = 0; i < top.length; i++) {
                u -= w[i];
                if (u <= 0) {
                    chosen = i;
                    break;
                }
            }
            pick = corpus.sentences().get(top[chosen]);
        }
        if (sentences.size() < maxSentences) {
            sentences.add(Math.min(1, sentences.size()), pick);
        } else {
            sentences.set(mostRelated(sentences, query, false, true), pick);
        }
        return String.join(" ", sentences);
    }

    /** The sentence sharing most (or least) query terms, latest first on ties; the first one can be spared. */
    private static int mostRelated(List<String> sentences, List<String> query, boolean most, boolean spareFirst) {
        Set<String> q = new HashSet<>(query);
        int best = sentences.size() - 1;
        long bestScore = most ? -1 : Long.MAX_VALUE;
        for (int i = sentences.size() - 1; i >= (spareFirst && sentences.size() > 1 ? 1 : 0); i--) {
            long overlap = Bm25Index.tokens(sentences.get(i)).stream().filter(q::contains).count();
            if (most ? overlap > bestScore : overlap < bestScore) {
                bestScore = overlap;
                best = i;
            }
        }
        return best;
    }

    private static List<String> queryTokens(String instruction) {
        List<String> all = Bm25Index.tokens(instruction);
        List<String> content = all.stream().filter(t -> !EDIT_WORDS.contains(t)).toList();
        return content.isEmpty() ? all : content;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private String actions(String description, String profile, String categoryLabel, int count,
            SplittableRandom rng) {
        String c = categoryLabel.toLowerCase(Locale.ROOT);
        String key = c.contains("plot") ? "plot" : c.contains("character") ? "character"
                : c.contains("visual") || c.contains("storytelling") ? "visual" : c.contains("them") ? "theme"
                : c.contains("audience") ? "audience" : null;
        List<String> templates = new ArrayList<>();
        if (key == null) {
            TEMPLATES.values().forEach(templates::addAll);
            templates.sort(String::compareTo);
        } else {
            templates.addAll(TEMPLATES.get(key));
        }
        Set<String> own = new HashSet<>(Bm25Index.tokens(description));
        List<String> near = neighbourhoodThemes(profile.isBlank() ? description : profile + " " + description, own);
        if (!profile.isBlank()) {
            List<String> fromProfile = Bm25Index.tokens(profile).stream()
                    .filter(t -> corpus.themes().contains(t) && !own.contains(t)).distinct().toList();
            List<String> merged = new ArrayList<>(fromProfile);
            near.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
            near = merged;
        }
        // each request (category, kind) draws its own order of the nearby themes, so categories differ
        List<String> nearShuffled = new ArrayList<>(near);
        int head = Math.min(nearShuffled.size(), 3 * count);
        for (int i = head - 1; i > 0; i--) {
            java.util.Collections.swap(nearShuffled, i, rng.nextInt(i + 1));
        }
        near = nearShuffled;
        List<String> random = new ArrayList<>(corpus.themes());
        random.removeAll(own);
        for (int i = random.size() - 1; i > 0; i--) {
            java.util.Collections.swap(random, i, rng.nextInt(i + 1));
        }
        LinkedHashSet<String> themes = new LinkedHashSet<>();
        int a = 0;
        int b = 0;
        while (themes.size() < count && (a < near.size() || b < random.size())) {
            if (a < near.size() && (themes.size() % 2 == 0 || b >= random.size())) {
                themes.add(near.get(a++));
            } else if (b < random.size()) {
                themes.add(random.get(b++));
            }
        }
        List<String> genres = corpus.genres().isEmpty() ? List.of("genre") : corpus.genres();
        int offset = rng.nextInt(templates.size());
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String theme : themes) {
            String t = templates.get((offset + n) % templates.size());
            String g = genres.get(rng.nextInt(genres.size()));
            n++;
            out.append(n).append(". ").append(String.format(Locale.ROOT, t, corpus.surface(theme),
                    g.toLowerCase(Locale.ROOT))).append('\n');
        }
        return out.toString().strip();
    }

    private List<String> neighbourhoodThemes(String text, Set<String> exclude) {
        double[] scores = corpus.index().scores(text);
        Set<String> themeSet = new HashSet<>(corpus.themes());
        java.util.Map<String, Double> weight = new java.util.HashMap<>();
        for (int idx : Bm25Index.top(scores, 40)) {
            for (String t : new HashSet<>(Bm25Index.tokens(corpus.sentences().get(idx)))) {
                if (themeSet.contains(t) && !exclude.contains(t)) {
                    weight.merge(t, scores[idx], Double::sum);
                }
            }
        }
        return weight.entrySet().stream()
                .sorted((x, y) -> x.getValue().equals(y.getValue()) ? x.getKey().compareTo(y.getKey())
                        : Double.compare(y.getValue(), x.getValue()))
                .map(java.util.Map.Entry::getKey).toList();
    }

    private String retrieve(String prompt, double temperature, SplittableRandom rng) {
        double[] scores = corpus.index().scores(prompt);
        int[] top = Bm25Index.top(scores, 3);
        List<String> out = new ArrayList<>();
        for (int i : top) {
            out.add(corpus.sentences().get(i));
        }
        if (out.isEmpty()) {
            out.add(corpus.sentences().get(rng.nextInt(corpus.sentences().size())));
        }
        return String.join(" ", out);
    }

    @Override
    public String toString() {
        return "SurrogateRewriter[" + id + "]";
    }
}
