package dev.eaglelm.embeddings.behavioral;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.util.NdArrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alternating least squares on a {@link RatingMatrix}: explicit ALS (with optional biases and ALS-WR
 * regularisation) or implicit WALS (Hu, Koren &amp; Volinsky 2008, with an unobserved-entry weight), as
 * configured by {@link AlsConfig}. The paper's behavioural latent space (PAPER.md &sect;3) is the item side of
 * such a factorisation.
 *
 * <p>Each epoch solves every user's regularised least-squares problem with the item factors fixed, then every
 * item's with the user factors fixed. Both half-steps minimise the objective of {@link AlsConfig} exactly, so
 * the loss recorded after each epoch never increases. Per half-step:
 * <ol>
 *   <li>in implicit mode the dense part w<sub>0</sub>Y<sup>T</sup>Y, shared by every row, is one ND4J matrix
 *       product, and each row only adds its observed entries (the Hu&ndash;Koren&ndash;Volinsky trick);</li>
 *   <li>the normal equations A<sub>r</sub> x<sub>r</sub> = b<sub>r</sub> of all rows are accumulated from the
 *       sparse ratings and solved by a Cholesky factorisation, rows in parallel (O(nnz&middot;d&sup2; +
 *       rows&middot;d&sup3;)).</li>
 * </ol>
 * Why not ND4J for the per-row systems: ND4J 1.0.0-M2.1 has no sparse kernels, and its batched
 * {@code LinearSolve} on a {@code [4096, 33, 33]} tensor took 784 &plusmn; 188 ms against 19 &plusmn; 2 ms for the
 * Cholesky loop here (JMH {@code NormalEquationsBenchmark} in the test sources, 2-core development machine; the
 * results agree to 3e-15).
 * Rows without training ratings get zero factors (and zero bias). The initial item factors are Gaussian with
 * the configured scale and seed; the same seed and data give the same model.
 */
public final class AlsTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AlsTrainer.class);

    private final AlsConfig config;

    /**
     * Creates a trainer.
     *
     * @param config the hyper-parameters
     */
    public AlsTrainer(AlsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Returns the configuration.
     *
     * @return the hyper-parameters
     */
    public AlsConfig config() {
        return config;
    }

    /**
     * Fits the factorisation.
     *
     * @param train the training ratings (for implicit mode, the interaction strengths, &ge; 0)
     * @param listener receives one report per epoch (task {@code "als"} or {@code "wals"}, unit "epochs")
     * @return the fitted model with its loss and time per epoch
     * @throws IllegalArgumentException if the matrix is empty, or implicit mode meets a negative rating
     */
    public FactorModel fit(RatingMatrix train, ProgressListener listener) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(listener, "listener");
        if (train.size() == 0) {
            throw new IllegalArgumentException("als: no training ratings");
        }
        boolean implicit = config.mode() == AlsConfig.Mode.IMPLICIT;
        if (implicit) {
            float[] v = train.userVals();
            for (int p = 0; p < v.length; p++) {
                if (v[p] < 0) {
                    throw new IllegalArgumentException("wals: interaction strengths must be >= 0, found " + v[p]);
                }
            }
        }
        NdArrays.requireBackend();
        int nu = train.users().size();
        int ni = train.items().size();
        int k = config.rank();
        boolean biases = config.usesBiases();
        double mu = biases ? train.mean() : 0.0;
        double[] x = new double[nu * k];
        double[] y = new double[ni * k];
        double[] bu = biases ? new double[nu] : null;
        double[] bi = biases ? new double[ni] : null;
        SplittableRandom rnd = new SplittableRandom(config.seed());
        for (int j = 0; j < y.length; j++) {
            y[j] = rnd.nextGaussian() * config.initScale();
        }

        String task = implicit ? "wals" : "als";
        int epochs = config.iterations();
        double[] loss = new double[epochs];
        double[] seconds = new double[epochs];
        listener.started(task, epochs, "epochs");
        try {
            for (int e = 0; e < epochs; e++) {
                long t0 = System.nanoTime();
                halfStep(nu, train.userPtr(), train.userCols(), train.userVals(), y, bi, mu, x, bu);
                halfStep(ni, train.itemPtr(), train.itemRows(), train.itemVals(), x, bu, mu, y, bi);
                seconds[e] = (System.nanoTime() - t0) / 1e9;
                loss[e] = loss(train, x, y, bu, bi, mu);
                LOG.debug("{} epoch {}: loss {} ({} s)", task, e + 1, loss[e], seconds[e]);
                listener.advanced(task, e + 1, epochs);
            }
        } finally {
            listener.finished(task, epochs);
        }
        return new FactorModel(config, train.users(), train.items(), x, y, bu, bi, mu, loss, seconds);
    }

    /**
     * Solves every row of one side with the other side fixed.
     *
     * @param fixed the other side's factors [nCols, k]
     * @param fixedBias the other side's biases, or null
     * @param out this side's factors [nRows, k], overwritten
     * @param outBias this side's biases, overwritten, or null
     */
    private void halfStep(int nRows, int[] ptr, int[] cols, float[] vals, double[] fixed, double[] fixedBias,
            double mu, double[] out, double[] outBias) {
        int k = config.rank();
        boolean biases = outBias != null;
        int d = biases ? k + 1 : k;
        int nCols = fixed.length / k;
        double[] phi;
        if (biases) { // augmented features [factors, 1]
            phi = new double[nCols * d];
            for (int j = 0; j < nCols; j++) {
                System.arraycopy(fixed, j * k, phi, j * d, k);
                phi[j * d + k] = 1.0;
            }
        } else {
            phi = fixed;
        }
        boolean implicit = config.mode() == AlsConfig.Mode.IMPLICIT;
        double[] base = implicit ? gram(fixed, nCols, k, config.unobservedWeight()) : null;
        double lambda = config.lambda();
        boolean weighted = config.weightedRegularization();
        double alpha = config.alpha();
        double w0 = config.unobservedWeight();

        IntStream.range(0, nRows).parallel().forEach(row -> {
            double[] a = new double[d * d];
            double[] b = new double[d];
            int n = ptr[row + 1] - ptr[row];
            for (int p = ptr[row]; p < ptr[row + 1]; p++) {
                int j = cols[p];
                double w;
                double v;
                if (implicit) {
                    double c = 1.0 + alpha * vals[p];
                    w = c - w0;
                    v = c;
                } else {
                    w = 1.0;
                    v = vals[p] - mu - (fixedBias != null ? fixedBias[j] : 0.0);
                }
                int f = j * d;
                for (int r = 0; r < d; r++) {
                    double fr = phi[f + r];
                    b[r] += v * fr;
                    double wr = w * fr;
                    int rowOff = r * d;
                    for (int c2 = 0; c2 <= r; c2++) { // lower triangle: all Cholesky reads
                        a[rowOff + c2] += wr * phi[f + c2];
                    }
                }
            }
            if (base != null) {
                for (int r = 0; r < k; r++) {
                    for (int c2 = 0; c2 <= r; c2++) {
                        a[r * d + c2] += base[r * k + c2];
                    }
                }
            }
            double reg = lambda * (weighted ? n : 1);
            if (n == 0 && (!implicit || reg == 0)) {
                reg = 1.0; // no data: b = 0 and the solution is 0 whatever the ridge; keep A invertible
            }
            for (int r = 0; r < d; r++) {
                a[r * d + r] += reg;
            }
            if (!Cholesky.solveInPlace(a, 0, b, 0, d)) {
                throw new IllegalStateException("als: the normal equations of row " + row + " (" + n
                        + " ratings, rank " + k + ") are singular; use lambda > 0");
            }
            System.arraycopy(b, 0, out, row * k, k);
            if (biases) {
                outBias[row] = b[k];
            }
        });
    }

    /** w * F^T F for F [n, k] row-major, by ND4J. */
    static double[] gram(double[] f, int n, int k, double w) {
        INDArray m = Nd4j.create(f, new long[] {n, k}, DataType.DOUBLE);
        return m.transpose().mmul(m).muli(w).reshape((long) k * k).toDoubleVector();
    }

    private double loss(RatingMatrix train, double[] x, double[] y, double[] bu, double[] bi, double mu) {
        int k = config.rank();
        int[] ptr = train.userPtr();
        int[] cols = train.userCols();
        float[] vals = train.userVals();
        boolean implicit = config.mode() == AlsConfig.Mode.IMPLICIT;
        double alpha = config.alpha();
        double w0 = config.unobservedWeight();
        int nu = train.users().size();
        double data = IntStream.range(0, nu).parallel().mapToDouble(u -> {
            double s = 0;
            for (int p = ptr[u]; p < ptr[u + 1]; p++) {
                int i = cols[p];
                double dot = 0;
                for (int f = 0; f < k; f++) {
                    dot += x[u * k + f] * y[i * k + f];
                }
                if (implicit) {
                    double c = 1.0 + alpha * vals[p];
                    s += c * (1 - dot) * (1 - dot) - w0 * dot * dot;
                } else {
                    double pred = dot + mu + (bu != null ? bu[u] + bi[i] : 0.0);
                    s += (vals[p] - pred) * (vals[p] - pred);
                }
            }
            return s;
        }).sum();
        if (implicit) { // w0 * sum over all (u, i) of (x_u . y_i)^2 = w0 * <X^T X, Y^T Y>
            double[] gx = gram(x, nu, k, 1.0);
            double[] gy = gram(y, train.items().size(), k, 1.0);
            double all = 0;
            for (int q = 0; q < gx.length; q++) {
                all += gx[q] * gy[q];
            }
            data += w0 * all;
        }
        boolean weighted = config.weightedRegularization();
        double reg = 0;
        for (int u = 0; u < nu; u++) {
            double sq = 0;
            for (int f = 0; f < k; f++) {
                sq += x[u * k + f] * x[u * k + f];
            }
            if (bu != null) {
                sq += bu[u] * bu[u];
            }
            reg += (weighted ? train.userCount(u) : 1) * sq;
        }
        for (int i = 0; i < train.items().size(); i++) {
            double sq = 0;
            for (int f = 0; f < k; f++) {
                sq += y[i * k + f] * y[i * k + f];
            }
            if (bi != null) {
                sq += bi[i] * bi[i];
            }
            reg += (weighted ? train.itemCount(i) : 1) * sq;
        }
        return data + config.lambda() * reg;
    }
}
