package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ActionSet;
import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.optdesign.DesignResult;
import dev.eaglelm.optdesign.GOptimalActionSetSelector;
import dev.eaglelm.optdesign.OptimalDesign;
import dev.eaglelm.optdesign.Solver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to a certified continuous design (tolerance 1e-4, ridge 0) on standard Gaussian points, for both solvers
 * and several n and d, and the per-state cost of {@link GOptimalActionSetSelector} (K candidates of dimension d,
 * k = 10). The data are the same as {@code bench/optdesign_numpy.py --generate N D 1} would draw only in
 * distribution; {@code bench/design-vs-numpy.sh} compares with numpy on identical files.
 *
 * <p>Run it with:
 * <pre>
 * ./mvnw -B -ntp -pl eagle-examples -am package -DskipTests
 * java -cp "eagle-examples/target/eagle-examples-0.1.0-SNAPSHOT.jar:eagle-examples/target/lib/*" \
 *     org.openjdk.jmh.Main OptimalDesignBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimalDesignBenchmark {

    /** Problem sizes as "n x d". */
    @Param({"100x16", "1000x16", "1000x64", "5000x32", "20000x64"})
    public String size;

    /** The solver. */
    @Param({"FRANK_WOLFE", "MULTIPLICATIVE"})
    public String solver;

    private double[][] x;
    private OptimalDesign design;
    private List<Integer> candidates;
    private INDArray embeddings;
    private GOptimalActionSetSelector selector;

    /** Creates the benchmark state (JMH instantiates it). */
    public OptimalDesignBenchmark() {
    }

    /**
     * Standard Gaussian rows.
     *
     * @param n rows
     * @param d columns
     * @param seed the seed
     * @return the matrix
     */
    static double[][] gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            }
        }
        return x;
    }

    /** Draws the data. */
    @Setup
    public void setup() {
        String[] p = size.split("x");
        x = gaussian(Integer.parseInt(p[0]), Integer.parseInt(p[1]), 1);
        design = OptimalDesign.builder().solver(Solver.valueOf(solver)).tolerance(1e-4).build();
        candidates = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            candidates.add(i);
        }
        embeddings = NdArrays.matrix(gaussian(100, 384, 2));
        selector = new GOptimalActionSetSelector();
    }

    /**
     * A certified continuous design.
     *
     * @return the result
     */
    @Benchmark
    public DesignResult continuousDesign() {
        return design.solve(x);
    }

    /**
     * The selector on one state: K = 100 candidates in d = 384, k = 10 (the parameters do not apply).
     *
     * @return the action set
     */
    @Benchmark
    public ActionSet<Integer> selectorPerState() {
        return selector.select(candidates, embeddings, 10, 7);
    }
}
