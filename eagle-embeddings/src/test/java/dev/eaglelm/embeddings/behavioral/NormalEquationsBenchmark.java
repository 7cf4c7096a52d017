package dev.eaglelm.embeddings.behavioral;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.custom.LinearSolve;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Why {@link AlsTrainer} solves its per-row normal equations with its own Cholesky loop rather than ND4J's
 * batched {@code LinearSolve}: 4096 symmetric positive-definite systems of size 33 (rank 32 + bias), the size
 * of one block of ml-latest-small items, solved both ways. Milliseconds per batch, lower is better.
 *
 * <p>Run: {@code ./mvnw -B -ntp -pl eagle-embeddings -am -Pbench verify -DskipTests -Dmaven.javadoc.skip=true
 * -Djmh.args=NormalEquationsBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss4m")
public class NormalEquationsBenchmark {

    static final int ROWS = 4096;
    static final int D = 33;

    private double[] a;
    private double[] b;
    private INDArray am;
    private INDArray bm;

    /** Builds the systems: A = sum of 40 outer products + I. */
    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        a = new double[ROWS * D * D];
        b = new double[ROWS * D];
        for (int q = 0; q < ROWS; q++) {
            for (int t = 0; t < 40; t++) {
                double[] v = new double[D];
                for (int i = 0; i < D; i++) {
                    v[i] = r.nextGaussian();
                }
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < D; j++) {
                        a[q * D * D + i * D + j] += v[i] * v[j];
                    }
                }
            }
            for (int i = 0; i < D; i++) {
                a[q * D * D + i * D + i] += 1;
                b[q * D + i] = r.nextGaussian();
            }
        }
        am = Nd4j.create(a, new long[] {ROWS, D, D}, DataType.DOUBLE);
        bm = Nd4j.create(b, new long[] {ROWS, D, 1}, DataType.DOUBLE);
    }

    /**
     * ND4J's batched LinearSolve on a [rows, d, d] tensor.
     *
     * @return the solutions
     */
    @Benchmark
    public INDArray nd4jLinearSolve() {
        return Nd4j.exec(new LinearSolve(am, bm, false))[0];
    }

    /**
     * The Cholesky loop AlsTrainer uses, rows in parallel (copies included, as the trainer builds each system).
     *
     * @return the solutions
     */
    @Benchmark
    public double[] cholesky() {
        double[] x = b.clone();
        double[] m = a.clone();
        IntStream.range(0, ROWS).parallel().forEach(q -> Cholesky.solveInPlace(m, q * D * D, x, q * D, D));
        return x;
    }
}
