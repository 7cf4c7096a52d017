package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suites of {@code eagle bench}, their selection, and a runner that turns every suite's outcome &mdash; rows,
 * "not available", or a failure &mdash; into table rows without stopping the others.
 */
public final class BenchSuites {

    /** Scripts of the optimal-design suite, tried in order (the eagle-optdesign issue adds one of them). */
    static final List<String> DESIGN_SCRIPTS = List.of("bench/run_optdesign.sh", "bench/optdesign-vs-numpy.sh",
            "bench/design-vs-numpy.sh");

    private BenchSuites() {
    }

    /**
     * Returns the built-in suites, in table order: {@code design} (optimal designs vs numpy, a script the
     * eagle-optdesign issue adds), {@code encoder} (sentence encoder vs LangChain4j), {@code als} (ALS vs numpy),
     * {@code trainer} (trainer overhead per step, JMH) and {@code calls} (calls per unit utility gain, EAGLE vs
     * best-of-N).
     *
     * @return a new list
     */
    public static List<BenchSuite> defaults() {
        List<BenchSuite> suites = new ArrayList<>();
        suites.add(ScriptSuite.of("design", "optimal design (G-optimal action sets) vs numpy", DESIGN_SCRIPTS,
                List.of("numpy")));
        suites.add(ScriptSuite.of("encoder", "sentence encoder throughput (MiniLM int8) vs LangChain4j's in-process"
                + " model, paired rounds", List.of("bench/encoder-vs-langchain4j.sh"), List.of()));
        suites.add(new ScriptSuite("als", "explicit ALS seconds per epoch (ml-latest-small, rank 20) vs numpy",
                List.of("bench/als-vs-numpy.sh"), List.of("numpy"), BenchSuites::ratingsMissing,
                c -> List.of(ratings(c).toString()), 1800));
        suites.add(new TrainerOverheadSuite());
        suites.add(new CallsPerGainSuite());
        return suites;
    }

    /**
     * Where the ALS suite reads MovieLens ratings: {@code $EAGLE_DATA/ml-latest-small/ratings.csv} when
     * {@code EAGLE_DATA} is set, else {@code ../shared/data/movielens/ml-latest-small/ratings.csv} next to the
     * repository.
     *
     * @param context the run's context
     * @return the path (it may not exist)
     */
    static Path ratings(BenchSuite.Context context) {
        String data = System.getenv("EAGLE_DATA");
        Path dir = data != null && !data.isBlank() ? Path.of(data)
                : context.repository().resolve("../shared/data/movielens").normalize();
        return dir.resolve("ml-latest-small/ratings.csv");
    }

    private static Optional<String> ratingsMissing(BenchSuite.Context context) {
        Path r = ratings(context);
        return Files.isRegularFile(r) ? Optional.empty()
                : Optional.of("MovieLens ratings not found at " + r + " (set EAGLE_DATA to a directory holding"
                        + " ml-latest-small/)");
    }

    /**
     * Selects suites by name, keeping the table order.
     *
     * @param all the suites to choose from
     * @param names the names asked for; empty means all
     * @return the selected suites
     * @throws IllegalArgumentException if a name is unknown; the message lists the known names
     */
    public static List<BenchSuite> select(List<BenchSuite> all, List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.copyOf(all);
        }
        Set<String> wanted = new LinkedHashSet<>(names);
        Set<String> known = all.stream().map(BenchSuite::name).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String n : wanted) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException("unknown suite '" + n + "'; the suites are: "
                        + String.join(", ", known));
            }
        }
        return all.stream().filter(s -> wanted.contains(s.name())).toList();
    }

    /**
     * Runs suites one after the other. A suite that is not available gives one "not available" row; one that
     * throws gives one "failed" row; neither stops the others. Each suite is reported to {@code progress} as a
     * task {@code "bench <name>"} (suites that train report their own finer tasks too), and the whole run as
     * task {@code "bench"} counting suites.
     *
     * @param suites the suites
     * @param context the run's context
     * @param progress receives progress
     * @return all rows, in suite order
     */
    public static List<BenchRow> run(List<BenchSuite> suites, BenchSuite.Context context, ProgressListener progress) {
        List<BenchRow> rows = new ArrayList<>();
        progress.started("bench", suites.size(), "suites");
        int done = 0;
        for (BenchSuite s : suites) {
            String task = "bench " + s.name();
            progress.started(task, 1, "suite");
            try {
                Optional<String> why = s.unavailable(context);
                if (why.isPresent()) {
                    rows.add(BenchRow.notAvailable(s.name(), s.description(), why.get()));
                } else {
                    List<BenchRow> r = s.run(context, progress);
                    rows.addAll(r.isEmpty() ? List.of(BenchRow.failed(s.name(), s.description(), "no results")) : r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rows.add(BenchRow.failed(s.name(), s.description(), "interrupted"));
            } catch (Exception | LinkageError e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                rows.add(BenchRow.failed(s.name(), s.description(), m.replaceAll("\\s+", " ")));
            } finally {
                progress.advanced(task, 1, 1);
                progress.finished(task, 1);
            }
            progress.advanced("bench", ++done, suites.size());
        }
        progress.finished("bench", done);
        return rows;
    }
}
