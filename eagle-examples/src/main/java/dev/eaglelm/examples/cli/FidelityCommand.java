package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.eaglelm.core.Action;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.BudgetExceededException;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.llm.LlmBatch;
import dev.eaglelm.core.stats.MeanEstimate;
import dev.eaglelm.core.text.PromptTemplate;
import dev.eaglelm.core.text.TextEditor;
import dev.eaglelm.core.text.TextSanitizer;
import dev.eaglelm.core.text.TextState;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle fidelity}: how faithfully the corpus surrogate stands in for a real environment LLM.
 *
 * <p>N (description, action) pairs: descriptions are MovieLens overviews of 25–90 words drawn with the seed,
 * actions come from a fixed versioned list of 30 themed edits ({@code fidelity-actions-v1.txt}), pair i taking
 * action i (mod 30) of a seeded shuffle. Each pair is applied with the same edit prompt by the surrogate and by
 * the model under test, and the old and both new texts are embedded with MiniLM (E). Reported:
 * <ul>
 *   <li>the cosine between the two embedding shifts E(new<sub>surrogate</sub>) &minus; E(old) and
 *       E(new<sub>model</sub>) &minus; E(old), mean with a Student-t 95% CI ({@link MeanEstimate});</li>
 *   <li>the utility U(x) = cos(E(x), E(action text)), "how much the text is about the action's theme", and its
 *       changes &Delta;U = U(new) &minus; U(old) per backend: Spearman's rank correlation between the two
 *       backends' &Delta;U over the pairs, with a seeded percentile-bootstrap 95% CI (2000 resamples);</li>
 *   <li>per backend, the fraction of edits that moved towards the action: &Delta;U &gt; 0. For unit vectors
 *       &Delta;U = (E(new) &minus; E(old)) &middot; E(action), so this is also cos(shift, E(action)) &gt; 0; and
 *       the mean cos(E(new), E(old)), how much of the original survived (an answer that only restates the
 *       action scores high on &Delta;U and low here).</li>
 * </ul>
 * Edits are greedy, at most 220 tokens, asking for at most 100 words. An edit that fails or comes back empty on
 * either side drops its pair (counted).
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the same (description, action) pairs with the surrogate and with an LLM; report the"
                + " cosine between the two embedding shifts and the rank correlation of the utility changes (with"
                + " 95%% CIs), as one JSON object on stdout."})
public final class FidelityCommand implements Callable<Integer> {

    static final String ACTIONS_RESOURCE = "/dev/eaglelm/examples/fidelity-actions-v1.txt";
    static final int BOOTSTRAP = 2000;

    @Spec
    CommandSpec spec;

    @Mixin
    LlmBackendOptions backend;

    @Option(names = "--pairs", paramLabel = "N", defaultValue = "30",
            description = "Number of (description, action) pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/movielens",
            description = "Directory with overviews.csv (or the file itself) (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--surrogate", paramLabel = "SPEC",
            description = "The surrogate backend to compare with (default: surrogate:<the --data directory>).")
    String surrogateSpec;

    @Option(names = "--edit-prompt", paramLabel = "VERSION",
            description = "Version of the edit prompt template (default: the library's, "
                    + TextEditor.DEFAULT_PROMPT_VERSION + ").")
    Integer promptVersion;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the pair draw, edits and bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2",
            description = "LLM calls in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "3",
            description = "Pairs whose texts are included in the output (default: ${DEFAULT-VALUE}).")
    int examples;

    /** Creates the command (picocli instantiates it). */
    public FidelityCommand() {
    }

    /** One pair and its outcomes. */
    record Pair(String description, String action, String surrogateText, String modelText) {
    }

    @Override
    public Integer call() throws Exception {
        if (pairs < 3) {
            throw CliException.usage("--pairs must be >= 3, got " + pairs);
        }
        if (concurrency < 1) {
            throw CliException.usage("--concurrency must be >= 1, got " + concurrency);
        }
        Path csv = Files.isDirectory(data) ? data.resolve("overviews.csv") : data;
        if (!Files.isRegularFile(csv)) {
            throw CliException.usage("--data: no such file: " + csv);
        }
        PromptTemplate prompt = EditCommand.loadPrompt(promptVersion);
        List<String> descriptions = drawDescriptions(csv, pairs, seed);
        List<String> actions = actions(pairs, seed);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConsoleProgress progress = new ConsoleProgress(err, ConsoleProgress.Mode.fromSystemProperty());
        long t0 = System.nanoTime();
        String sSpec = surrogateSpec != null ? surrogateSpec : "surrogate:" + (Files.isDirectory(data) ? data : csv);
        try (LlmBackendOptions.Session s = backend.open(); LanguageModel surrogate = LanguageModels.open(sSpec)) {
            TextEditor editor = new TextEditor(s.llm, prompt, 0.0, 220, 100, new TextSanitizer(1500), seed);
            List<Optional<String>> byModel = applyAll(editor, descriptions, actions, progress);
            long modelNanos = System.nanoTime() - t0;
            List<Optional<String>> bySurrogate = applyAll(editor.withModel(surrogate), descriptions, actions,
                    progress);
            List<Pair> ok = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                if (byModel.get(i).isPresent() && bySurrogate.get(i).isPresent()) {
                    ok.add(new Pair(descriptions.get(i), actions.get(i), bySurrogate.get(i).get(),
                            byModel.get(i).get()));
                }
            }
            if (ok.size() < 3) {
                throw new CliException("only " + ok.size() + " of " + pairs + " pairs were edited by both backends;"
                        + " need at least 3", ExitCodes.FAILED);
            }
            ObjectNode result;
            try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
                result = measure(ok, encoder, seed);
                result.put("encoder", encoder.id());
            }
            result.put("backend", s.backend.id());
            result.put("surrogate", surrogate.id());
            result.put("editPrompt", prompt.id());
            result.put("actions", "fidelity-actions/v1");
            result.put("pairsRequested", pairs);
            result.put("pairsDropped", pairs - ok.size());
            result.put("seed", seed);
            result.put("modelSeconds", Math.round(modelNanos / 1e7) / 100.0);
            result.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
            ArrayNode ex = result.putArray("examples");
            for (Pair p : ok.subList(0, Math.min(examples, ok.size()))) {
                ex.addObject().put("description", p.description()).put("action", p.action())
                        .put("surrogate", p.surrogateText()).put("model", p.modelText());
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
            out.flush();
            s.report(err);
        }
        return ExitCodes.OK;
    }

    private List<Optional<String>> applyAll(TextEditor editor, List<String> descriptions, List<String> actions,
            ConsoleProgress progress) {
        List<TextState> states = descriptions.stream().map(d -> TextState.start(d, "")).toList();
        List<Action> acts = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            acts.add(new Action("pair-" + i, actions.get(i), "", "fidelity-actions/v1"));
        }
        List<CompletionRequest> requests = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            requests.add(editor.request(states.get(i), acts.get(i), 0));
        }
        List<LlmBatch.Outcome> outcomes = LlmBatch.tryCompleteAll(editor.model(), requests, concurrency, progress);
        List<Optional<String>> out = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            LlmBatch.Outcome o = outcomes.get(i);
            if (!o.ok()) {
                if (o.error() instanceof BudgetExceededException b) {
                    throw b;
                }
                out.add(Optional.empty());
                continue;
            }
            Optional<TextState> next = editor.accept(states.get(i), requests.get(i), o.completion());
            if (next.isEmpty()) {
                next = editor.apply(states.get(i), acts.get(i), 1);
            }
            out.add(next.map(TextState::description));
        }
        return out;
    }

    /** Embeds the pairs and computes the statistics (the JSON result without backend names). */
    static ObjectNode measure(List<Pair> ok, SentenceEncoder encoder, long seed) {
        int n = ok.size();
        List<String> texts = new ArrayList<>();
        for (Pair p : ok) {
            texts.addAll(List.of(p.description(), p.surrogateText(), p.modelText(), p.action()));
        }
        float[][] v = encoder.embedToArrays(texts);
        double[] shiftCos = new double[n];
        double[] du = new double[n];
        double[] dm = new double[n];
        double[] keepS = new double[n];
        double[] keepM = new double[n];
        int towardsModel = 0;
        int towardsSurrogate = 0;
        for (int i = 0; i < n; i++) {
            float[] old = v[4 * i];
            float[] sur = v[4 * i + 1];
            float[] mod = v[4 * i + 2];
            float[] act = v[4 * i + 3];
            shiftCos[i] = cosine(minus(sur, old), minus(mod, old));
            du[i] = cosine(sur, act) - cosine(old, act);
            dm[i] = cosine(mod, act) - cosine(old, act);
            keepS[i] = cosine(sur, old);
            keepM[i] = cosine(mod, old);
            towardsSurrogate += du[i] > 0 ? 1 : 0;
            towardsModel += dm[i] > 0 ? 1 : 0;
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode r = json.createObjectNode();
        r.put("pairs", n);
        r.put("utility", "U(x) = cos(E(x), E(action text)), E = MiniLM; dU = U(new) - U(old)");
        MeanEstimate sc = MeanEstimate.of(shiftCos);
        r.putObject("shiftCosine").put("mean", round(sc.mean())).put("ci95Lower", round(sc.lower()))
                .put("ci95Upper", round(sc.upper())).put("sd", round(sc.standardDeviation()));
        double[] ci = bootstrapSpearman(du, dm, BOOTSTRAP, seed);
        r.putObject("utilityChangeSpearman").put("rho", round(spearman(du, dm))).put("ci95Lower", round(ci[0]))
                .put("ci95Upper", round(ci[1])).put("bootstrap", BOOTSTRAP);
        MeanEstimate mu = MeanEstimate.of(dm);
        MeanEstimate su = MeanEstimate.of(du);
        r.putObject("modelEdits").put("towardsAction", towardsModel).put("towardsActionFraction",
                round((double) towardsModel / n)).put("meanUtilityChange", round(mu.mean()))
                .put("meanUtilityChangeCi95", round(mu.ci95()))
                .put("meanCosineToOriginal", round(MeanEstimate.of(keepM).mean()));
        r.putObject("surrogateEdits").put("towardsAction", towardsSurrogate).put("towardsActionFraction",
                round((double) towardsSurrogate / n)).put("meanUtilityChange", round(su.mean()))
                .put("meanUtilityChangeCi95", round(su.ci95()))
                .put("meanCosineToOriginal", round(MeanEstimate.of(keepS).mean()));
        return r;
    }

    static double spearman(double[] a, double[] b) {
        return new SpearmansCorrelation().correlation(a, b);
    }

    /**
     * Percentile-bootstrap 95% interval of Spearman's rho: resamples pairs with replacement (seeded); resamples
     * where a side is constant (rho undefined) are skipped.
     */
    static double[] bootstrapSpearman(double[] a, double[] b, int resamples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = a.length;
        double[] rhos = new double[resamples];
        int k = 0;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = rng.nextInt(n);
                x[i] = a[j];
                y[i] = b[j];
            }
            double rho = spearman(x, y);
            if (Double.isFinite(rho)) {
                rhos[k++] = rho;
            }
        }
        if (k == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(rhos, k);
        Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.floor(0.025 * (k - 1))], sorted[(int) Math.ceil(0.975 * (k - 1))]};
    }

    private static double round(double x) {
        return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Draws n overviews of 25–90 words (distinct movies), seeded, in draw order. */
    static List<String> drawDescriptions(Path csv, int n, long seed) throws IOException {
        List<String> all = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class).with(schema).readValues(csv.toFile())) {
            int row = 1;
            while (it.hasNext()) {
                row++;
                Map<String, String> m = it.next();
                String o = m.get("overview");
                if (o == null) {
                    throw CliException.usage(csv + ", row " + row + ": no 'overview' column");
                }
                int words = o.isBlank() ? 0 : o.strip().split("\\s+").length;
                if (words >= 25 && words <= 90) {
                    all.add(o.strip());
                }
            }
        }
        if (all.size() < n) {
            throw CliException.usage(csv + ": only " + all.size() + " overviews of 25-90 words; --pairs is " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(all.size() - i);
            String t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return List.copyOf(all.subList(0, n));
    }

    /** The fixed action list, shuffled with the seed, repeated to n. */
    static List<String> actions(int n, long seed) {
        List<String> list = new ArrayList<>();
        try (InputStream in = FidelityCommand.class.getResourceAsStream(ACTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ACTIONS_RESOURCE);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    list.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(list.get(i % list.size()));
        }
        return out;
    }
}
