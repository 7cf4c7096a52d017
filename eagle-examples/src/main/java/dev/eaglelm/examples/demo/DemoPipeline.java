package dev.eaglelm.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eaglelm.core.Action;
import dev.eaglelm.core.ActionSetSelector;
import dev.eaglelm.core.Agent;
import dev.eaglelm.core.EmbeddedState;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.EmbeddingView;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.Provenance;
import dev.eaglelm.core.Transition;
import dev.eaglelm.core.Utility;
import dev.eaglelm.core.agent.UniformAgent;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.cache.SqliteStore;
import dev.eaglelm.core.eval.BestOfN;
import dev.eaglelm.core.eval.CountingEnvironment;
import dev.eaglelm.core.eval.CountingLanguageModel;
import dev.eaglelm.core.eval.Evaluation;
import dev.eaglelm.core.eval.EvaluationReport;
import dev.eaglelm.core.eval.Usage;
import dev.eaglelm.core.eval.UsageMeter;
import dev.eaglelm.core.llm.CachingLanguageModel;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.llm.surrogate.SurrogateCorpus;
import dev.eaglelm.core.llm.surrogate.SurrogateRewriter;
import dev.eaglelm.core.policy.EagleAgent;
import dev.eaglelm.core.policy.PolicyArchitecture;
import dev.eaglelm.core.policy.ReferencePolicies;
import dev.eaglelm.core.rollout.Rollouts;
import dev.eaglelm.core.select.ActionSetEnvironment;
import dev.eaglelm.core.stats.MeanEstimate;
import dev.eaglelm.core.text.ActionGenerator;
import dev.eaglelm.core.text.TextEnvironment;
import dev.eaglelm.core.text.TextState;
import dev.eaglelm.core.train.IterationMetrics;
import dev.eaglelm.core.train.JsonLinesMetricsListener;
import dev.eaglelm.core.train.Trainer;
import dev.eaglelm.core.train.TrainerConfig;
import dev.eaglelm.core.train.TrainingListener;
import dev.eaglelm.core.train.TrainingResult;
import dev.eaglelm.embeddings.behavioral.AlsConfig;
import dev.eaglelm.embeddings.behavioral.AlsTrainer;
import dev.eaglelm.embeddings.behavioral.FactorModel;
import dev.eaglelm.embeddings.behavioral.RatingMatrix;
import dev.eaglelm.embeddings.cache.CachedEmbeddingMap;
import dev.eaglelm.embeddings.latent.LatentEvaluation;
import dev.eaglelm.embeddings.latent.RidgeRegressor;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.eaglelm.embeddings.utility.ContentGapUtility;
import dev.eaglelm.embeddings.utility.ContentGaps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MovieLens content-gap pipeline of {@code eagle demo}, stage by stage: ratings &rarr; behavioural
 * embeddings (implicit WALS) &rarr; MiniLM embeddings of the movie texts (cached in SQLite) &rarr;
 * E<sub>D</sub> (ridge head; held-out quality reported) &rarr; under-served users and their content-gap
 * utilities &rarr; start states (each user's best existing movie) &rarr; candidate edits (the backend's
 * {@link ActionGenerator}) &rarr; action sets ({@link #selector()}) &rarr; EAGLE training &rarr; evaluation
 * against baselines on the same start states &rarr; results.json, metrics.jsonl, examples.md and PNG plots.
 *
 * <p>Environment backends: training uses {@code llmSpec}; evaluation uses {@code evalLlmSpec} when given (the
 * trained policy is evaluated with that backend as its environment), else the training backend. Every output
 * names the backend.
 *
 * <p><b>Cost accounting.</b> A(x) of every visited state is built once (K candidate edits applied and
 * embedded, cached by state) and shared by all policies; it is reported separately and not charged to any
 * policy. A policy's {@code llmCalls} per episode counts the edits applied along its trajectories plus, for
 * policies that read the next-state embeddings z<sub>a</sub>(x) of the kept actions (the optimistic policy and
 * the EAGLE agent), the k lookahead edits per decision; best-of-N gets N = k + 1 rollouts, the same calls per
 * episode as those policies.
 */
public final class DemoPipeline {

    /** Under-served users need at least this many ratings (fewer give near-zero, uninformative vectors). */
    static final int MIN_USER_RATINGS = 20;

    /**
     * The most tokens of one edit by a real LLM (a rewritten overview is about 100 words; small models go on
     * repeating themselves up to the limit, which is the whole cost of a call). The surrogate is not limited.
     */
    static final int LLM_EDIT_MAX_TOKENS = 160;

    /** Episodes per Adam step: several steps per iteration, since LLM-bound episodes are few. */
    static final int MINIBATCH = 8;

    private final Inputs in;
    private final ProgressListener progress;
    private final Consumer<String> log;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private MovieCatalogue catalogue;
    private TrainerConfig trainerConfig;
    private final List<Stack> stacks = new CopyOnWriteArrayList<>();

    /** The directory inside the output directory that holds the training checkpoint. */
    public static final String CHECKPOINT_DIR = "checkpoint";

    /**
     * What the pipeline runs on.
     *
     * @param data the located data
     * @param synthetic whether the data is the synthetic catalogue (labelled in every output)
     * @param llmSpec the training environment backend: {@code surrogate} (the data's overviews), or a
     *     {@code LanguageModels} spec
     * @param evalLlmSpec the evaluation environment backend, or null for the training one
     * @param out the output directory
     * @param cacheDir the cache directory (SQLite caches of embeddings and LLM answers)
     * @param config sizes and hyper-parameters
     * @param parallelism episodes and edits in flight at once
     */
    public record Inputs(DataLocator.Located data, boolean synthetic, String llmSpec, String evalLlmSpec, Path out,
            Path cacheDir, DemoConfig config, int parallelism) {

        /**
         * Checks the components.
         *
         * @param data the data
         * @param synthetic synthetic or not
         * @param llmSpec the training backend
         * @param evalLlmSpec the evaluation backend or null
         * @param out the output directory
         * @param cacheDir the cache directory
         * @param config the configuration
         * @param parallelism the parallelism
         */
        public Inputs {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(llmSpec, "llmSpec");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(cacheDir, "cacheDir");
            Objects.requireNonNull(config, "config");
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
            }
        }
    }

    /**
     * One row of the results table.
     *
     * @param name the policy
     * @param utility mean utility with its 95% CI
     * @param llmCallsPerEpisode environment-LLM calls per episode (see the class comment)
     * @param how one line on what it is
     */
    public record PolicyRow(String name, MeanEstimate utility, double llmCallsPerEpisode, String how) {
    }

    /**
     * What the run produced.
     *
     * @param backend the training environment backend's id
     * @param evalBackend the evaluation environment backend's id
     * @param synthetic whether the data was synthetic
     * @param rows the results table
     * @param json results.json as written
     * @param out the output directory
     * @param startUtility the mean utility of the start states (the anchors)
     */
    public record Result(String backend, String evalBackend, boolean synthetic, List<PolicyRow> rows,
            Map<String, Object> json, Path out, double startUtility) {
    }

    /**
     * Creates the pipeline.
     *
     * @param in the inputs
     * @param progress progress of each stage
     * @param log one-line stage summaries (the CLI prints them on stderr)
     */
    public DemoPipeline(Inputs in, ProgressListener progress, Consumer<String> log) {
        this.in = Objects.requireNonNull(in, "in");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The action-set selector: the G-optimal selector of eagle-optdesign (named in every output); its design
     * weights are the "g-optimal reference" policy.
     *
     * @return the selector
     */
    public static ActionSetSelector selector() {
        return new dev.eaglelm.optdesign.GOptimalActionSetSelector();
    }

    /**
     * Returns the calls that reached the environment backends so far (cache misses; 0 before the backends are
     * opened). The CLI shows it, with its rate, beside the progress bars.
     *
     * @return the backend calls of the training and evaluation backends together
     */
    public long backendCalls() {
        long n = 0;
        for (Stack s : stacks) {
            n += s.counting.usage().llmCalls();
        }
        return n;
    }

    private <T> T stage(String name, Supplier<T> body) {
        long t0 = System.nanoTime();
        T r = body.get();
        stageSeconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
        return r;
    }

    /**
     * Runs every stage and writes the outputs.
     *
     * @return the result
     * @throws UncheckedIOException if an output cannot be written
     */
    public Result run() {
        long t0 = System.nanoTime();
        DemoConfig c = in.config();
        try {
            Files.createDirectories(in.out());
            Files.createDirectories(in.cacheDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + in.out() + " or " + in.cacheDir() + ": " + e.getMessage(), e);
        }

        // 1. ratings and movies
        RatingMatrix ratings = stage("ratings", () -> RatingMatrix.readCsv(in.data().ratingsDir().resolve("ratings.csv")));
        MovieCatalogue catalogue = stage("ratings", () -> MovieCatalogue.read(in.data()));
        this.catalogue = catalogue;
        log.accept(String.format(Locale.ROOT, "data: %d ratings, %d users, %d movies, texts: %s (%s)%s", ratings.size(),
                ratings.users().size(), ratings.items().size(),
                catalogue.hasOverviews() ? "plot overviews" : "titles and genres (no overviews.csv)",
                in.data().source(), in.synthetic() ? " [SYNTHETIC catalogue, not MovieLens]" : ""));

        // 2. behavioural embeddings
        AlsConfig alsConfig = AlsConfig.implicit().withRank(c.alsRank()).withIterations(c.alsIterations())
                .withSeed(c.seed());
        FactorModel wals = stage("wals", () -> new AlsTrainer(alsConfig).fit(ratings, progress));

        // 3. texts -> MiniLM (cached)
        List<MovieCatalogue.Movie> chosen = new ArrayList<>();
        for (MovieCatalogue.Movie m : catalogue.movies().values()) {
            if (wals.items().indexOf(m.id()) >= 0) {
                chosen.add(m);
            }
        }
        chosen.sort(Comparator.comparingInt((MovieCatalogue.Movie m) -> -ratings.itemCount(ratings.items().indexOf(m.id())))
                .thenComparing(MovieCatalogue.Movie::id));
        if (chosen.size() > c.maxTexts()) {
            chosen = new ArrayList<>(chosen.subList(0, c.maxTexts()));
        }
        if (chosen.size() < Math.max(10, c.neighbours() + 2)) {
            throw new IllegalArgumentException("data: only " + chosen.size() + " movies have both ratings and a text;"
                    + " the demo needs at least " + Math.max(10, c.neighbours() + 2));
        }
        List<MovieCatalogue.Movie> movies = List.copyOf(chosen);
        SqliteStore embeddingStore = SqliteStore.open(in.cacheDir().resolve("embeddings.db"));
        SqliteStore llmStore = SqliteStore.open(in.cacheDir().resolve("llm.db"));
        List<LanguageModel> opened = new ArrayList<>();
        try (SentenceEncoder miniLm = stage("embed texts", SentenceEncoder::miniLm)) {
            CachedEmbeddingMap text = new CachedEmbeddingMap(miniLm, embeddingStore);
            INDArray x = stage("embed texts", () -> embedWithProgress(text, movies.stream().map(MovieCatalogue.Movie::text).toList()));
            log.accept(String.format(Locale.ROOT, "texts: %d movies embedded with %s (cache: %d hits, %d misses)",
                    movies.size(), miniLm.id(), text.stats().hits(), text.stats().misses()));

            // 4. E_D
            INDArray zAll = wals.itemEmbeddings().embedAll(movies.stream().map(MovieCatalogue.Movie::id).toList());
            Map<String, Object> edReport = new LinkedHashMap<>();
            RidgeRegressor head = stage("E_D fit", () -> fitEd(movies, ratings, x, zAll, edReport));
            EmbeddingMap<String> ed = new TextToLatentEncoder(text, head);

            // 5. content gaps: existing items = E_D of the catalogue's texts; under-served users
            INDArray existing = head.predict(x);
            List<UserGap> gaps = stage("content gaps", () -> gaps(ratings, wals, movies, existing));
            Map<String, UserGap> byProfile = new LinkedHashMap<>();
            for (UserGap g : gaps) {
                byProfile.put(g.profile(), g);
            }

            // 6-8. backends, environments, candidate actions, action sets
            LanguageModel trainLlm = openBackend(in.llmSpec(), catalogue, movies);
            opened.add(trainLlm);
            LanguageModel evalLlm = trainLlm;
            if (in.evalLlmSpec() != null && !in.evalLlmSpec().equals(in.llmSpec())) {
                evalLlm = openBackend(in.evalLlmSpec(), catalogue, movies);
                opened.add(evalLlm);
            }
            Stack train = new Stack(trainLlm, llmStore, ed, gaps, byProfile, null);
            Stack eval = evalLlm == trainLlm ? train : new Stack(evalLlm, llmStore, ed, gaps, byProfile, train);
            log.accept("environment backend: " + describeBackend(trainLlm.id())
                    + (eval == train ? "" : "; evaluation backend: " + describeBackend(evalLlm.id())));
            stage("actions + action sets", () -> {
                train.warm("candidate actions + action sets");
                return null;
            });
            double startUtility = gaps.stream().mapToDouble(g -> train.env.terminalReward(TextState.start(g.anchorText(),
                    g.profile()))).average().orElse(Double.NaN);

            // 9. training
            List<IterationMetrics> curve = new CopyOnWriteArrayList<>();
            Agent<TextState, Action> reference = switch (c.reference()) {
                case "optimistic" -> ReferencePolicies.optimistic(train.reduced, featureUtility(), 0.1);
                case "uniform" -> ReferencePolicies.uniform();
                default -> ReferencePolicies.design(train.reduced, 0.1);
            };
            TrainerConfig tc = TrainerConfig.builder().seed(c.seed()).iterations(c.iterations())
                    .episodesPerIteration(c.episodesPerIteration()).klCoef(c.klCoef())
                    .policyLearningRate(c.learningRate()).minibatchEpisodes(MINIBATCH).normalizeAdvantages(true)
                    .parallelism(in.parallelism()).checkpointEvery(1).build();
            this.trainerConfig = tc;
            Path checkpointDir = in.out().resolve(CHECKPOINT_DIR);
            if (Files.exists(checkpointDir.resolve(dev.eaglelm.core.train.Checkpoint.FILE_NAME))) {
                log.accept("training: resuming from " + checkpointDir.resolve(dev.eaglelm.core.train.Checkpoint.FILE_NAME)
                        + " (delete it, or choose another --out, to train from scratch)");
            }
            TrainingResult<TextState, Action> trained;
            try (JsonLinesMetricsListener metrics = new JsonLinesMetricsListener(in.out().resolve("metrics.jsonl"))) {
                trained = stage("training", () -> Trainer.<TextState, Action>builder().environment(train.reduced)
                        .embeddings(train.reduced).reference(reference)
                        .architecture(PolicyArchitecture.parse(c.architecture())).config(tc).progress(progress)
                        .usageMeter(train.llmMeter()).checkpoints(checkpointDir).listener(metrics).listener(new TrainingListener() {
                            @Override
                            public void onIteration(IterationMetrics m) {
                                curve.add(m);
                            }
                        }).build().trainOrResume());
            }

            // 10. evaluation
            EvaluationReport report = stage("evaluation", () -> evaluate(eval, trained));
            List<PolicyRow> rows = rows(report, eval);

            // 11. examples, plots, results.json
            EagleAgent<TextState, Action> evalAgent = new EagleAgent<>(eval.reduced, trained.agent().model(), 0.0);
            List<Episode<TextState, Action>> finals = stage("examples", () -> finals(eval, evalAgent, gaps.size()));
            writeExamples(eval, finals, c.examples());
            stage("plots", () -> {
                DemoPlots.write(in.out(), curve, report, rows, existing, gaps, train, eval, finals, labelSuffix(eval));
                return null;
            });
            Map<String, Object> json = json(c, ratings, catalogue, movies, edReport, gaps, train, eval, trained, report,
                    rows, startUtility, t0);
            writeJson(json);
            return new Result(trainLlm.id(), evalLlm.id(), in.synthetic(), rows, json, in.out(), startUtility);
        } finally {
            for (LanguageModel m : opened) {
                m.close();
            }
            llmStore.close();
            embeddingStore.close();
        }
    }

    /** The environment stack of one backend: text MDP, content-gap rewards, view and action-set reduction. */
    final class Stack {
        final LanguageModel backend;
        final CountingLanguageModel counting;
        final CachingLanguageModel llm;
        final ContentGapEnvironment env;
        final ActionSetEnvironment<TextState, Action> reduced;
        final EmbeddingMap<String> ed;
        final List<UserGap> gaps;
        /** The stack that plans (candidate edits, action sets, lookahead) for this one, or null: itself. */
        final Stack planner;

        /**
         * With a planner (transfer evaluation), this backend applies every chosen edit and the utility is read off
         * its texts, while the planner's backend generates the candidate edits and predicts the next states the
         * selector and the lookahead policies read (z<sub>a</sub>(x), by applying each candidate edit to the current
         * text with the planner's backend).
         */
        Stack(LanguageModel backend, SqliteStore llmStore, EmbeddingMap<String> ed, List<UserGap> gaps,
                Map<String, UserGap> byProfile, Stack planner) {
            this.planner = planner;
            DemoConfig c = in.config();
            this.backend = backend;
            this.counting = new CountingLanguageModel(backend);
            this.llm = new CachingLanguageModel(counting, llmStore);
            stacks.add(this);
            this.ed = ed;
            this.gaps = gaps;
            List<TextState> anchors = gaps.stream().map(g -> TextState.start(g.anchorText(), g.profile())).toList();
            Utility none = latents -> new double[latents.rank() == 1 ? 1 : (int) latents.rows()];
            TextEnvironment.Builder tb = TextEnvironment.builder();
            if (!backend.id().startsWith("surrogate")) {
                tb.maxTokens(LLM_EDIT_MAX_TOKENS);
            }
            TextEnvironment text = tb.anchors(anchors).environmentModel(llm)
                    .actionGenerator(ActionGenerator.builder().model(planner != null ? planner.llm : llm)
                            .genericPerCategory(c.genericPerCategory())
                            .personalisedPerCategory(c.personalisedPerCategory()).seed(c.seed()).build())
                    .embedding(ed).utility(none).horizon(c.horizon()).seed(c.seed()).build();
            // a weak real LLM sometimes answers nothing usable: then the step keeps the text (counted, reported)
            this.env = new ContentGapEnvironment(text, byProfile, !backend.id().startsWith("surrogate"));
            GapView view = new GapView(planner != null ? planner.env : env, ed, in.parallelism());
            this.reduced = ActionSetEnvironment.<TextState, Action>builder().environment(env).embeddings(view)
                    .selector(selector()).keep(c.keep()).seed(c.seed()).stateKey(DemoPipeline::stateKey).build();
        }

        UsageMeter llmMeter() {
            return () -> {
                Usage u = counting.usage();
                return new Usage(0, u.llmCalls(), u.tokens(), 0, 0);
            };
        }

        void warm(String task) {
            List<TextState> anchors = env.text().anchors();
            progress.started(task, anchors.size(), "start states");
            try {
                for (int i = 0; i < anchors.size(); i++) {
                    reduced.actions(anchors.get(i));
                    progress.advanced(task, i + 1, anchors.size());
                }
            } finally {
                progress.finished(task, anchors.size());
            }
        }
    }

    static long stateKey(TextState s) {
        return Long.parseUnsignedLong(CacheKeys.sha256(s.description() + "\u0000" + s.context() + "\u0000" + s.step())
                .substring(0, 15), 16);
    }

    private INDArray embedWithProgress(EmbeddingMap<String> text, List<String> texts) {
        String task = "embed texts (MiniLM)";
        int chunk = 64;
        progress.started(task, texts.size(), "texts");
        List<INDArray> parts = new ArrayList<>();
        try {
            for (int from = 0; from < texts.size(); from += chunk) {
                int to = Math.min(texts.size(), from + chunk);
                parts.add(text.embedAll(texts.subList(from, to)));
                progress.advanced(task, to, texts.size());
            }
        } finally {
            progress.finished(task, texts.size());
        }
        return Nd4j.vstack(parts.toArray(INDArray[]::new));
    }

    private RidgeRegressor fitEd(List<MovieCatalogue.Movie> movies, RatingMatrix ratings, INDArray x, INDArray z,
            Map<String, Object> report) {
        DemoConfig c = in.config();
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < movies.size(); i++) {
            if (ratings.itemCount(ratings.items().indexOf(movies.get(i).id())) >= c.minRatings()) {
                usable.add(i);
            }
        }
        if (usable.size() < 20) {
            usable.clear();
            for (int i = 0; i < movies.size(); i++) {
                usable.add(i);
            }
        }
        Collections.shuffle(usable, new java.util.Random(c.seed()));
        int held = Math.max(2, usable.size() / 5);
        int[] test = usable.subList(0, held).stream().mapToInt(Integer::intValue).toArray();
        int[] fit = usable.subList(held, usable.size()).stream().mapToInt(Integer::intValue).toArray();
        INDArray xFit = x.getRows(fit);
        INDArray zFit = z.getRows(fit);
        RidgeRegressor split = RidgeRegressor.fit(xFit, zFit, c.ridgeLambda());
        LatentEvaluation q = LatentEvaluation.of(split.predict(x.getRows(test)), z.getRows(test), zFit, z);
        int[] all = usable.stream().mapToInt(Integer::intValue).toArray();
        RidgeRegressor full = RidgeRegressor.fit(x.getRows(all), z.getRows(all), c.ridgeLambda());
        report.put("trainItems", fit.length);
        report.put("heldOutItems", test.length);
        report.put("heldOutCosine", q.meanCosine());
        report.put("heldOutMeanR2", q.meanR2());
        report.put("heldOutL2Error", q.meanL2Error());
        report.put("meanPredictorL2Error", q.meanPredictorL2Error());
        report.put("meanNearestNeighbourDistance", q.meanNearestNeighbourDistance());
        report.put("passesPaperCheck", q.meanL2Error() < q.meanNearestNeighbourDistance());
        report.put("head", "ridge, lambda " + c.ridgeLambda() + ", refit on all " + all.length + " items");
        log.accept(String.format(Locale.ROOT, "E_D (MiniLM + ridge -> WALS rank %d), %d held-out movies: cosine %.3f,"
                + " R2 %.3f, l2 error %.3f vs mean-predictor %.3f and mean NN distance %.3f (paper's check %s)",
                c.alsRank(), test.length, q.meanCosine(), q.meanR2(), q.meanL2Error(), q.meanPredictorL2Error(),
                q.meanNearestNeighbourDistance(), q.meanL2Error() < q.meanNearestNeighbourDistance() ? "passed"
                        : "not met: error above the NN distance"));
        return full;
    }

    private List<UserGap> gaps(RatingMatrix ratings, FactorModel wals, List<MovieCatalogue.Movie> movies,
            INDArray existing) {
        DemoConfig c = in.config();
        INDArray users = wals.userMatrix();
        List<ContentGaps.UnderservedUser> ranked = ContentGaps.underservedUsers(users, existing, (int) users.rows());
        List<UserGap> out = new ArrayList<>();
        ContentGapUtility.Config uc = ContentGapUtility.Config.of(c.lambda()).withK(c.neighbours());
        Set<String> anchorsUsed = new HashSet<>();
        for (ContentGaps.UnderservedUser u : ranked) {
            if (out.size() >= c.users()) {
                break;
            }
            String userId = wals.users().id(u.user());
            int r = ratings.users().indexOf(userId);
            if (r < 0 || ratings.userCount(r) < MIN_USER_RATINGS) {
                continue;
            }
            MovieCatalogue.Movie anchor = movies.get(u.bestItem());
            if (!anchorsUsed.add(anchor.id() + "/" + userId)) {
                continue;
            }
            double[] z = wals.userVector(u.user());
            ContentGapUtility utility = new ContentGapUtility(z, existing, uc);
            MeanEstimate spread = MeanEstimate.of(utility.scoreAll(existing));
            out.add(new UserGap(userId, z, utility, profile(ratings, userId), anchor.id(), anchor.title(), anchor.text(),
                    spread.mean(), Math.max(spread.standardDeviation(), 1e-9)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("data: no user has " + MIN_USER_RATINGS + " or more ratings");
        }
        log.accept(String.format(Locale.ROOT, "content gaps: %d under-served users (lowest best predicted score among"
                + " users with >= %d ratings), lambda %.3g, %d nearest neighbours among %d existing items",
                out.size(), MIN_USER_RATINGS, c.lambda(), c.neighbours(), existing.rows()));
        return out;
    }

    private String profile(RatingMatrix ratings, String userId) {
        int u = ratings.users().indexOf(userId);
        int[] items = ratings.itemsOf(u);
        float[] rs = ratings.ratingsOf(u);
        Integer[] order = new Integer[items.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> rs[a] != rs[b] ? Float.compare(rs[b], rs[a])
                : Integer.compare(items[a], items[b]));
        Map<String, Integer> genres = new LinkedHashMap<>();
        List<String> loved = new ArrayList<>();
        for (Integer i : order) {
            MovieCatalogue.Movie m = catalogue.movies().get(ratings.items().id(items[i]));
            if (m == null) {
                continue;
            }
            if (loved.size() < 3) {
                loved.add(m.title());
            }
            if (rs[i] >= 4.0f) {
                for (String g : m.genres().split("\\|")) {
                    if (!g.isBlank() && !g.startsWith("(")) {
                        genres.merge(g, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> top = genres.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                .map(Map.Entry::getKey).toList();
        return "User " + userId + ". Favourite genres: " + (top.isEmpty() ? "none stated" : String.join(", ", top))
                + ". Loved: " + String.join("; ", loved) + ".";
    }

    private LanguageModel openBackend(String spec, MovieCatalogue catalogue, List<MovieCatalogue.Movie> movies) {
        if (spec.equals("surrogate")) {
            long seed = in.config().seed();
            if (in.data().overviews() != null) {
                return new SurrogateRewriter(SurrogateCorpus.load(in.data().overviews()), seed, 6);
            }
            Set<String> genres = new HashSet<>();
            for (MovieCatalogue.Movie m : movies) {
                genres.addAll(List.of(m.genres().split("\\|")));
            }
            return new SurrogateRewriter(SurrogateCorpus.of("titles-and-genres:" + in.data().ratingsDir(),
                    movies.stream().map(MovieCatalogue.Movie::text).toList(), List.copyOf(genres)), seed, 6);
        }
        return LanguageModels.open(spec);
    }

    /**
     * Says what a backend is, for humans.
     *
     * @param id the backend id
     * @return the id, with "(surrogate: corpus retrieval, no LLM)" for the surrogate
     */
    public static String describeBackend(String id) {
        return id.startsWith("surrogate") ? id + " (surrogate: corpus retrieval, no LLM)" : id;
    }

    private String labelSuffix(Stack eval) {
        return "backend: " + shortId(eval.backend.id()) + (in.synthetic() ? " [SYNTHETIC data]" : "");
    }

    static String shortId(String id) {
        if (id.startsWith("surrogate")) {
            return "surrogate (no LLM)";
        }
        return id.length() > 60 ? id.substring(0, 60) + "..." : id;
    }

    /** Names of the policies in the table. */
    static final String UNIFORM = "uniform";
    static final String OPTIMISTIC = "optimistic";
    static final String BEST_OF_N = "best-of-N";
    static final String REFERENCE = "g-optimal reference";
    static final String EAGLE = "eagle";

    private EvaluationReport evaluate(Stack eval, TrainingResult<TextState, Action> trained) {
        DemoConfig c = in.config();
        CountingEnvironment<TextState, Action> counted = new CountingEnvironment<>(eval.reduced);
        AtomicLong lookahead = new AtomicLong();
        EmbeddingView<TextState, Action> lookView = new EmbeddingView<>() {
            @Override
            public int stateDimension() {
                return eval.reduced.stateDimension();
            }

            @Override
            public int actionDimension() {
                return eval.reduced.actionDimension();
            }

            @Override
            public boolean providesNextStates() {
                return true;
            }

            @Override
            public EmbeddedState embed(TextState state, List<Action> actions) {
                lookahead.addAndGet(actions.size());
                return eval.reduced.embed(state, actions);
            }

            @Override
            public String id() {
                return eval.reduced.id();
            }
        };
        UsageMeter meter = () -> {
            Usage u = counted.usage();
            Usage b = eval.counting.usage();
            long edits = eval.planner != null ? u.environmentCalls() : u.environmentCalls() + lookahead.get();
            return new Usage(u.environmentCalls(), edits, b.tokens(), 0, 0);
        };
        int n = c.evalEpisodes();
        Utility featureUtility = featureUtility();
        int budget = (c.keep() + 1) * c.horizon();
        EagleAgent<TextState, Action> agent = new EagleAgent<>(lookView, trained.agent().model(), 0.0);
        Evaluation.Builder<TextState, Action> eb = Evaluation.<TextState, Action>builder().environment(counted)
                .meter(meter).episodes(n).seed(c.seed() ^ 0x5EEDL).parallelism(in.parallelism()).progress(progress)
                .add(new UniformAgent<>(), UNIFORM)
                .add(ReferencePolicies.optimistic(lookView, featureUtility, 0.0), OPTIMISTIC)
                .add(BestOfN.forBudget(new UniformAgent<>(), budget, c.horizon()))
                .add(ReferencePolicies.design(eval.reduced, 0.1), REFERENCE)
                .add(agent, EAGLE);
        return eb.build().run();
    }

    /** The content-gap utility as a linear function of {@link GapView}'s features: affinity + lambda * novelty. */
    private Utility featureUtility() {
        int dim = in.config().alsRank();
        double[] w = new double[dim + GapView.FEATURES];
        w[dim] = 1.0;
        w[dim + 1] = in.config().lambda();
        return new dev.eaglelm.core.utility.LinearUtility(w);
    }

    private List<PolicyRow> rows(EvaluationReport report, Stack eval) {
        DemoConfig c = in.config();
        String sel = selector().name();
        List<PolicyRow> rows = new ArrayList<>();
        for (EvaluationReport.Result r : report.results()) {
            String name = r.name();
            String how;
            if (name.equals(UNIFORM)) {
                how = "uniform over the " + c.keep() + " kept actions";
            } else if (name.equals(OPTIMISTIC)) {
                how = "argmax of the next state's utility (myopic, looks at all " + c.keep() + " edits)";
            } else if (name.startsWith("best-of")) {
                name = BEST_OF_N;
                how = "best of " + (c.keep() + 1) + " uniform rollouts" + (eval.planner != null
                        ? " (" + (c.keep() + 1) + " x H evaluation-backend edits)" : ", same calls as optimistic/eagle");
            } else if (name.equals(REFERENCE)) {
                how = "design weights of the " + sel + " selector" + (c.reference().equals("design")
                        ? " (the KL reference)" : "");
            } else {
                how = "trained EAGLE policy, greedy decoding";
            }
            rows.add(new PolicyRow(name, r.utility(), r.llmCallsPerEpisode(), how));
        }
        return rows;
    }

    private List<Episode<TextState, Action>> finals(Stack eval, Agent<TextState, Action> agent, int count) {
        // one greedy EAGLE episode per target user (deterministic backend: cached states, cheap)
        List<Episode<TextState, Action>> out = new ArrayList<>();
        List<TextState> anchors = eval.env.text().anchors();
        for (int i = 0; i < Math.min(count, anchors.size()); i++) {
            TextState s = anchors.get(i);
            List<Transition<TextState, Action>> ts = new ArrayList<>();
            SplittableRandom rng = new SplittableRandom(in.config().seed() + i);
            for (int t = 0; t < eval.env.horizon(); t++) {
                List<Action> actions = eval.reduced.actions(s);
                Action a = agent.act(s, actions, rng);
                Transition<TextState, Action> tr = eval.reduced.step(s, a);
                ts.add(tr);
                s = tr.next();
            }
            out.add(new Episode<>(i, EAGLE, anchors.get(i), ts));
        }
        return out;
    }

    private void writeExamples(Stack eval, List<Episode<TextState, Action>> finals, int count) {
        StringBuilder sb = new StringBuilder();
        sb.append("# eagle demo: example episodes\n\n");
        sb.append("Trained EAGLE policy (greedy decoding), environment backend: `")
                .append(describeBackend(eval.backend.id())).append("`");
        if (in.synthetic()) {
            sb.append(" — **SYNTHETIC catalogue, not MovieLens**");
        }
        sb.append(".\n\n");
        for (int i = 0; i < Math.min(count, finals.size()); i++) {
            Episode<TextState, Action> e = finals.get(i);
            UserGap g = eval.env.gap(e.start());
            double before = eval.env.terminalReward(e.start());
            sb.append("## ").append(i + 1).append(". User ").append(g.userId()).append(", anchor: ")
                    .append(g.anchorTitle()).append("\n\n");
            sb.append("Profile: ").append(g.profile()).append("\n\n");
            sb.append("**Start** (utility ").append(fmt(before)).append("):\n\n> ").append(e.start().description())
                    .append("\n\n**Actions:**\n\n");
            for (Transition<TextState, Action> t : e.transitions()) {
                sb.append("1. ").append(t.action().text()).append(" _(").append(t.action().category()).append(")_\n");
            }
            sb.append("\n**Final** (utility ").append(fmt(e.totalReturn())).append(", change ")
                    .append(String.format(Locale.ROOT, "%+.4f", e.totalReturn() - before)).append("):\n\n> ")
                    .append(e.finalState().description()).append("\n\n");
        }
        write(in.out().resolve("examples.md"), sb.toString());
    }

    private Map<String, Object> json(DemoConfig c, RatingMatrix ratings, MovieCatalogue catalogue,
            List<MovieCatalogue.Movie> movies, Map<String, Object> edReport, List<UserGap> gaps, Stack train, Stack eval,
            TrainingResult<TextState, Action> trained, EvaluationReport report, List<PolicyRow> rows,
            double startUtility, long t0) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("command", "demo");
        j.put("backend", train.backend.id());
        j.put("evalBackend", eval.backend.id());
        j.put("backendIsLlm", !train.backend.id().startsWith("surrogate"));
        j.put("evalBackendIsLlm", !eval.backend.id().startsWith("surrogate"));
        if (eval != train) {
            j.put("evalPlanning", "transfer evaluation: the evaluation backend applies every chosen edit and the"
                    + " utilities are those of its texts; the candidate edits, the action sets A(x) and the next-state"
                    + " predictions z_a(x) that the selector, the optimistic policy and EAGLE read come from the training"
                    + " backend (" + train.backend.id() + "), applied to the evaluation backend's current text");
        }
        j.put("seed", c.seed());
        Map<String, Object> seeds = new LinkedHashMap<>();
        seeds.put("run", c.seed());
        seeds.put("wals", c.seed());
        seeds.put("edSplit", c.seed());
        seeds.put("environmentAndActions", c.seed());
        seeds.put("trainer", trainerConfig.seed());
        seeds.put("evaluation", c.seed() ^ 0x5EEDL);
        j.put("seeds", seeds);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("synthetic", in.synthetic());
        data.put("source", in.data().source());
        data.put("ratingsDir", in.data().ratingsDir().toString());
        data.put("overviews", in.data().overviews() == null ? null : in.data().overviews().toString());
        data.put("ratings", ratings.size());
        data.put("users", ratings.users().size());
        data.put("movies", catalogue.movies().size());
        data.put("textsEmbedded", movies.size());
        data.put("texts", catalogue.hasOverviews() ? "overviews" : "titles and genres");
        j.put("data", data);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("eaglelm", Provenance.currentLibraryVersion());
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        versions.put("processors", Runtime.getRuntime().availableProcessors());
        j.put("versions", versions);
        Map<String, Object> conf = c.toMap();
        conf.put("selector", selector().name());
        conf.put("referencePolicy", c.reference().equals("design") ? "design(" + selector().name() + ", smoothing 0.1)"
                : c.reference().equals("optimistic") ? "optimistic(temperature 0.1)" : "uniform");
        conf.put("trainer", trainerConfig.toMap());
        conf.put("parallelism", in.parallelism());
        if (!eval.backend.id().startsWith("surrogate") || !train.backend.id().startsWith("surrogate")) {
            conf.put("llmEditMaxTokens", LLM_EDIT_MAX_TOKENS);
        }
        if (eval != train && !eval.backend.id().startsWith("surrogate")) {
            conf.put("evalEpisodesRule", "with a real LLM as the evaluation backend and no --eval-episodes, the"
                    + " evaluation runs " + DemoConfig.LLM_EVAL_EPISODES_QUICK + " (--quick) or "
                    + DemoConfig.LLM_EVAL_EPISODES + " episodes per policy instead of 24 (--quick) or 256 (cost: see README)");
        }
        j.put("config", conf);
        j.put("ed", edReport);
        List<Map<String, Object>> targets = new ArrayList<>();
        for (UserGap g : gaps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", g.userId());
            m.put("anchorMovieId", g.anchorId());
            m.put("anchorTitle", g.anchorTitle());
            m.put("startUtility", train.env.terminalReward(TextState.start(g.anchorText(), g.profile())));
            targets.add(m);
        }
        j.put("targets", targets);
        j.put("startUtility", startUtility);
        List<Map<String, Object>> policies = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            PolicyRow r = rows.get(i);
            EvaluationReport.Result res = report.results().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("strategy", res.name());
            m.put("meanUtility", r.utility().mean());
            m.put("ci95", List.of(r.utility().lower(), r.utility().upper()));
            m.put("ci95HalfWidth", r.utility().ci95());
            m.put("sd", r.utility().standardDeviation());
            m.put("episodes", r.utility().n());
            m.put("llmCalls", r.llmCallsPerEpisode());
            m.put("environmentTransitions", res.environmentCallsPerEpisode());
            m.put("backendTokens", res.usage().tokens());
            m.put("backend", eval.backend.id());
            m.put("how", r.how());
            policies.add(m);
        }
        j.put("policies", policies);
        j.put("llmCallsMeaning", eval != train
                ? "evaluation-backend edits per episode: the transitions (H per rollout); the lookahead and A(x) edits"
                        + " are the training backend's (see evalPlanning) and not counted here; backendTokens counts"
                        + " tokens the backend actually produced during the policy's evaluation (cache hits cost none)"
                : "environment-LLM edits per episode at decision time: transitions plus k lookahead"
                + " edits per decision for policies that read next-state embeddings; building A(x) (K candidate edits"
                + " per visited state, cached, shared by all policies) is not charged; backendTokens counts tokens the"
                + " backend actually produced during the policy's evaluation (cache hits cost none)");
        List<Map<String, Object>> paired = new ArrayList<>();
        for (EvaluationReport.PairedDifference d : report.pairedAgainst(report.results().get(0).name())) {
            paired.add(d.toMap());
        }
        EvaluationReport.Result eagle = report.results().get(report.results().size() - 1);
        List<Map<String, Object>> vsEagle = new ArrayList<>();
        for (EvaluationReport.Result r : report.results()) {
            if (r != eagle) {
                vsEagle.add(report.paired(eagle.name(), r.name()).toMap());
            }
        }
        j.put("pairedVsEagle", vsEagle);
        Map<String, Object> verdict = new LinkedHashMap<>();
        MeanEstimate e = eagle.utility();
        verdict.put("eagleBeatsUniform", e.lower() > report.result(UNIFORM).utility().upper());
        verdict.put("eagleBeatsBestOfN", e.lower() > report.results().get(2).utility().upper());
        j.put("verdict", verdict);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("iterations", trained.iterations());
        t.put("episodes", trained.episodes());
        t.put("seconds", trained.seconds());
        t.put("resumedFrom", trained.resumedFrom());
        t.put("checkpoint", in.out().resolve(CHECKPOINT_DIR).resolve(dev.eaglelm.core.train.Checkpoint.FILE_NAME)
                .toString());
        IterationMetrics last = trained.last();
        if (last != null) {
            t.put("last", last.toMap());
        }
        j.put("training", t);
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("trainBackendCalls", train.counting.usage().llmCalls());
        cost.put("trainBackendTokens", train.counting.usage().tokens());
        cost.put("trainUnchangedEdits", train.env.unchangedEdits());
        cost.put("trainCacheHits", train.llm.stats().hits());
        cost.put("trainCacheMisses", train.llm.stats().misses());
        if (eval != train) {
            cost.put("evalBackendCalls", eval.counting.usage().llmCalls());
            cost.put("evalBackendTokens", eval.counting.usage().tokens());
            cost.put("evalUnchangedEdits", eval.env.unchangedEdits());
            cost.put("evalCacheHits", eval.llm.stats().hits());
            cost.put("evalCacheMisses", eval.llm.stats().misses());
        }
        cost.put("meaning", "backend calls = requests that reached the backend (cache misses); unchanged edits ="
                + " steps where a real LLM answered nothing usable after its retries and the text was kept; cache hits were"
                + " answered from the persistent cache (" + in.cacheDir().resolve("llm.db") + ")");
        j.put("backendUsage", cost);
        j.put("stageSeconds", new LinkedHashMap<>(stageSeconds));
        j.put("seconds", (System.nanoTime() - t0) / 1e9);
        j.put("outputs", List.of("results.json", "metrics.jsonl", "examples.md", "training.png", "utilities.png",
                "latent.png"));
        return j;
    }

    private void writeJson(Map<String, Object> json) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(in.out().resolve("results.json").toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + in.out().resolve("results.json") + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
