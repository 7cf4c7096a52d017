package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.behavioral.AlsConfig;
import dev.eaglelm.embeddings.behavioral.AlsTrainer;
import dev.eaglelm.embeddings.behavioral.BehavioralMetrics;
import dev.eaglelm.embeddings.behavioral.FactorModel;
import dev.eaglelm.embeddings.behavioral.RatingMatrix;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle behavioral}: fits behavioural embeddings (explicit ALS or implicit WALS) on a ratings CSV, holds
 * out a seeded fraction of the ratings, and prints one JSON object with the training and held-out metrics.
 *
 * <p>JSON fields: {@code mode}, {@code rank}, {@code iterations}, {@code lambda}, {@code holdout}, {@code seed},
 * {@code users}, {@code items}, {@code trainRatings}, {@code heldOutRatings}, {@code trainRmse} (explicit: of
 * the ratings; implicit: of the predicted preference against 1 on the training interactions),
 * {@code heldOutRmse} and {@code meanPredictorHeldOutRmse} (explicit), {@code heldOutRecallAt20} (implicit),
 * {@code loss} (per epoch), {@code secondsPerEpoch}, {@code seconds} (reading, fitting and evaluating). Held-out
 * metrics are {@code null} with {@code --holdout 0}.
 */
@Command(name = "behavioral", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Fit behavioural embeddings (explicit ALS or implicit WALS) on a ratings CSV and print one JSON",
            "object with training and held-out metrics. MovieLens ratings.csv and user,item,rating files work."
        })
public final class BehavioralCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--ratings", required = true, paramLabel = "CSV",
            description = "Ratings: MovieLens ratings.csv (userId,movieId,rating,timestamp) or user,item,rating.")
    Path ratings;

    @Option(names = "--mode", defaultValue = "explicit", paramLabel = "explicit|implicit",
            description = "explicit: ALS on rating values; implicit: WALS on interactions (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--rank", paramLabel = "R", description = "Latent factors (default: 20 explicit, 32 implicit).")
    Integer rank;

    @Option(names = "--iterations", paramLabel = "I", description = "Epochs (default: 15).")
    Integer iterations;

    @Option(names = "--lambda", paramLabel = "L",
            description = "Regularisation (default: 0.1 x rating count explicit, 10 implicit).")
    Double lambda;

    @Option(names = "--alpha", paramLabel = "A", description = "Implicit: confidence slope, c = 1 + A*r (default: 1).")
    Double alpha;

    @Option(names = "--unobserved-weight", paramLabel = "W0",
            description = "Implicit: weight of missing entries (default: 1, Hu-Koren-Volinsky).")
    Double unobservedWeight;

    @Option(names = "--no-biases", description = "Explicit: no global mean and user/item biases.")
    boolean noBiases;

    @Option(names = "--holdout", defaultValue = "0.1", paramLabel = "F",
            description = "Fraction of ratings held out, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S",
            description = "Seed of the split and the initial factors (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output-items", paramLabel = "CSV", description = "Write item vectors: id, then the vector.")
    Path outputItems;

    @Option(names = "--output-users", paramLabel = "CSV", description = "Write user vectors: id, then the vector.")
    Path outputUsers;

    /** Creates the command (picocli instantiates it). */
    public BehavioralCommand() {
    }

    @Override
    public Integer call() throws JsonProcessingException {
        long t0 = System.nanoTime();
        AlsConfig.Mode m = AlsConfig.Mode.parse(mode);
        AlsConfig config = AlsConfig.defaults(m).withSeed(seed);
        if (rank != null) {
            config = config.withRank(rank);
        }
        if (iterations != null) {
            config = config.withIterations(iterations);
        }
        if (lambda != null) {
            config = config.withLambda(lambda);
        }
        if (alpha != null) {
            config = config.withAlpha(alpha);
        }
        if (unobservedWeight != null) {
            config = config.withUnobservedWeight(unobservedWeight);
        }
        if (noBiases) {
            config = config.withBiases(false);
        }
        if (!(holdout >= 0 && holdout < 1)) {
            throw CliException.usage("--holdout must be in [0, 1), got " + holdout);
        }
        RatingMatrix all = RatingMatrix.readCsv(ratings);
        RatingMatrix.Split split = all.split(holdout, seed);
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());
        FactorModel model = new AlsTrainer(config).fit(split.train(), progress);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", m.name().toLowerCase(java.util.Locale.ROOT));
        json.put("rank", config.rank());
        json.put("iterations", config.iterations());
        json.put("lambda", config.lambda());
        if (m == AlsConfig.Mode.IMPLICIT) {
            json.put("alpha", config.alpha());
            json.put("unobservedWeight", config.unobservedWeight());
        } else {
            json.put("biases", config.usesBiases());
        }
        json.put("holdout", holdout);
        json.put("seed", seed);
        json.put("users", all.users().size());
        json.put("items", all.items().size());
        json.put("trainRatings", split.train().size());
        json.put("heldOutRatings", split.heldOut().size());
        boolean held = split.heldOut().size() > 0;
        if (m == AlsConfig.Mode.EXPLICIT) {
            json.put("trainRmse", finite(BehavioralMetrics.rmse(model, split.train())));
            json.put("heldOutRmse", held ? finite(BehavioralMetrics.rmse(model, split.heldOut())) : null);
            json.put("meanPredictorHeldOutRmse",
                    held ? finite(BehavioralMetrics.meanPredictorRmse(split.train(), split.heldOut())) : null);
        } else {
            json.put("trainRmse", finite(preferenceRmse(model, split.train())));
            json.put("heldOutRecallAt20",
                    held ? finite(BehavioralMetrics.recallAtK(model, split.train(), split.heldOut(), 20)) : null);
        }
        json.put("loss", toList(model.lossHistory()));
        json.put("secondsPerEpoch", toList(model.epochSeconds()));
        if (outputItems != null) {
            model.writeCsv(outputItems, false);
        }
        if (outputUsers != null) {
            model.writeCsv(outputUsers, true);
        }
        json.put("seconds", (System.nanoTime() - t0) / 1e9);
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writeValueAsString(json));
        out.flush();
        return ExitCodes.OK;
    }

    /** RMSE of the predicted preference against 1 over the training interactions (implicit mode). */
    static double preferenceRmse(FactorModel model, RatingMatrix train) {
        double s = 0;
        for (int u = 0; u < train.users().size(); u++) {
            for (int i : train.itemsOf(u)) {
                double e = 1.0 - model.predict(u, i);
                s += e * e;
            }
        }
        return Math.sqrt(s / train.size());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
