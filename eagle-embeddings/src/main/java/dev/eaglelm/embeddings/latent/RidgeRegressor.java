package dev.eaglelm.embeddings.latent;

import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.util.NdArrays;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Closed-form ridge regression with an unpenalised intercept: W = (X<sub>c</sub><sup>T</sup>X<sub>c</sub> +
 * &lambda;I)<sup>&minus;1</sup>X<sub>c</sub><sup>T</sup>Y<sub>c</sub> on centred inputs and targets, b = &#563; &minus;
 * x&#772;W. The reference E<sub>D</sub> head (PAPER.md &sect;3 [C]). The Gram matrix is one ND4J product, the
 * p&times;p system a Cholesky solve (commons-math3).
 */
public final class RidgeRegressor implements LatentRegressor {

    private final double lambda;
    private final INDArray weights; // [p, q]
    private final INDArray intercept; // [1, q]
    private final String id;

    RidgeRegressor(double lambda, INDArray weights, INDArray intercept) {
        this.lambda = lambda;
        this.weights = weights;
        this.intercept = intercept;
        ByteBuffer buf = ByteBuffer.allocate(8 * (int) (weights.length() + intercept.length()));
        for (double v : weights.reshape(weights.length()).toDoubleVector()) {
            buf.putDouble(v);
        }
        for (double v : intercept.reshape(intercept.length()).toDoubleVector()) {
            buf.putDouble(v);
        }
        this.id = String.format(Locale.ROOT, "ridge(lambda=%s)/%s", lambda, CacheKeys.sha256(buf.array()).substring(0, 12));
    }

    /**
     * Fits the regression.
     *
     * @param inputs {@code [n, p]}, n &ge; 1
     * @param targets {@code [n, q]}
     * @param lambda the ridge &lambda; &gt; 0
     * @return the fitted head
     * @throws IllegalArgumentException if the shapes disagree, a value is not finite or &lambda; &le; 0
     */
    public static RidgeRegressor fit(INDArray inputs, INDArray targets, double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ridge: lambda must be finite and > 0, got " + lambda);
        }
        INDArray x = NdArrays.asRows(inputs, "ridge inputs", -1);
        INDArray y = NdArrays.asRows(targets, "ridge targets", -1);
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("ridge: " + x.rows() + " input rows but " + y.rows() + " target rows");
        }
        NdArrays.requireFinite(y, "ridge targets");
        INDArray xMean = x.mean(true, 0);
        INDArray yMean = y.mean(true, 0);
        INDArray xc = x.subRowVector(xMean);
        INDArray yc = y.subRowVector(yMean);
        int p = x.columns();
        double[][] gram = xc.transpose().mmul(xc).toDoubleMatrix();
        for (int i = 0; i < p; i++) {
            gram[i][i] += lambda;
        }
        RealMatrix rhs = new Array2DRowRealMatrix(xc.transpose().mmul(yc).toDoubleMatrix(), false);
        double[][] w = new CholeskyDecomposition(new Array2DRowRealMatrix(gram, false), 1e-12, 1e-14)
                .getSolver().solve(rhs).getData();
        INDArray weights = Nd4j.createFromArray(w).castTo(DataType.DOUBLE);
        INDArray intercept = yMean.sub(xMean.mmul(weights));
        return new RidgeRegressor(lambda, weights, intercept);
    }

    /**
     * Creates a head from known weights (used by {@link RegressorFiles#load}).
     *
     * @param lambda the &lambda; it was fitted with (for the id)
     * @param weights {@code [p, q]}
     * @param intercept {@code [q]} or {@code [1, q]}
     * @return the head
     */
    public static RidgeRegressor of(double lambda, INDArray weights, INDArray intercept) {
        Objects.requireNonNull(weights, "weights");
        INDArray b = NdArrays.asRows(intercept, "ridge intercept", weights.columns());
        return new RidgeRegressor(lambda, NdArrays.asRows(weights, "ridge weights", -1).dup(), b.dup());
    }

    /**
     * Returns &lambda;.
     *
     * @return the ridge penalty
     */
    public double lambda() {
        return lambda;
    }

    /**
     * Returns the weights.
     *
     * @return a copy of W, {@code [p, q]}
     */
    public INDArray weights() {
        return weights.dup();
    }

    /**
     * Returns the intercept.
     *
     * @return a copy of b, {@code [1, q]}
     */
    public INDArray intercept() {
        return intercept.dup();
    }

    @Override
    public int inputDimension() {
        return weights.rows();
    }

    @Override
    public int outputDimension() {
        return weights.columns();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public INDArray predict(INDArray inputs) {
        INDArray x = NdArrays.asRows(inputs, "ridge inputs", weights.rows());
        return x.mmul(weights).addiRowVector(intercept);
    }

    @Override
    public void save(Path file) {
        RegressorFiles.save(this, file);
    }

    @Override
    public String toString() {
        return "RidgeRegressor[" + id + ", " + inputDimension() + " -> " + outputDimension() + "]";
    }
}
