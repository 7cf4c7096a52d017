package dev.eaglelm.embeddings.latent;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.util.NdArrays;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A small multi-layer perceptron head for E<sub>D</sub>: one ReLU hidden layer, linear output, trained by
 * full-batch Adam on the mean squared error with L2 weight decay, all in ND4J (explicit forward and backward
 * passes). Initial weights are He-scaled Gaussians from the configured seed; the same seed and data give the
 * same head.
 */
public final class MlpRegressor implements LatentRegressor {

    /**
     * Hyper-parameters.
     *
     * @param hidden hidden units, &ge; 1
     * @param epochs full-batch Adam steps, &ge; 1
     * @param learningRate Adam's step size, &gt; 0
     * @param weightDecay L2 penalty on the weights, &ge; 0
     * @param seed the seed of the initial weights
     */
    public record Config(int hidden, int epochs, double learningRate, double weightDecay, long seed) {

        /**
         * Validates the hyper-parameters.
         *
         * @param hidden hidden units, &ge; 1
         * @param epochs full-batch Adam steps, &ge; 1
         * @param learningRate Adam's step size, finite and &gt; 0
         * @param weightDecay L2 penalty, finite and &ge; 0
         * @param seed the seed
         * @throws IllegalArgumentException naming the first invalid field
         */
        public Config {
            if (hidden < 1) {
                throw new IllegalArgumentException("mlp: hidden must be >= 1, got " + hidden);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("mlp: epochs must be >= 1, got " + epochs);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("mlp: learningRate must be finite and > 0, got " + learningRate);
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("mlp: weightDecay must be finite and >= 0, got " + weightDecay);
            }
        }

        /**
         * The defaults: 256 hidden units, 100 steps, learning rate 1e-3, weight decay 1e-3, seed 42 (the best of
         * three settings tried on MovieLens overviews; longer training overfits 900 examples).
         *
         * @return the configuration
         */
        public static Config defaults() {
            return new Config(256, 100, 1e-3, 1e-3, 42);
        }
    }

    private final Config config;
    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;
    private final String id;

    MlpRegressor(Config config, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        this.config = config;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        ByteBuffer buf = ByteBuffer.allocate(8 * (int) (w1.length() + b1.length() + w2.length() + b2.length()));
        for (INDArray a : new INDArray[] {w1, b1, w2, b2}) {
            for (double v : a.reshape(a.length()).toDoubleVector()) {
                buf.putDouble(v);
            }
        }
        this.id = String.format(Locale.ROOT, "mlp(h=%d,epochs=%d,lr=%s,wd=%s)/%s", config.hidden(), config.epochs(),
                config.learningRate(), config.weightDecay(), CacheKeys.sha256(buf.array()).substring(0, 12));
    }

    /**
     * Trains the head.
     *
     * @param inputs {@code [n, p]}
     * @param targets {@code [n, q]}
     * @param config the hyper-parameters
     * @param listener one report per epoch (task {@code "mlp"})
     * @return the trained head
     * @throws IllegalArgumentException if the shapes disagree or a target is not finite
     */
    public static MlpRegressor fit(INDArray inputs, INDArray targets, Config config, ProgressListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        INDArray x = NdArrays.asRows(inputs, "mlp inputs", -1);
        INDArray y = NdArrays.asRows(targets, "mlp targets", -1);
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("mlp: " + x.rows() + " input rows but " + y.rows() + " target rows");
        }
        NdArrays.requireFinite(y, "mlp targets");
        int p = x.columns();
        int q = y.columns();
        int h = config.hidden();
        double n = x.rows();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(config.seed());
        INDArray w1 = gaussian(rnd, p, h, Math.sqrt(2.0 / p));
        INDArray b1 = Nd4j.zeros(DataType.DOUBLE, 1, h);
        INDArray w2 = gaussian(rnd, h, q, Math.sqrt(1.0 / h));
        INDArray b2 = y.mean(true, 0);
        INDArray[] params = {w1, b1, w2, b2};
        INDArray[] m = new INDArray[4];
        INDArray[] v = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            m[i] = Nd4j.zerosLike(params[i]);
            v[i] = Nd4j.zerosLike(params[i]);
        }
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        listener.started("mlp", config.epochs(), "epochs");
        try {
            for (int t = 1; t <= config.epochs(); t++) {
                INDArray pre = x.mmul(w1).addiRowVector(b1);
                INDArray hid = Transforms.relu(pre, true);
                INDArray out = hid.mmul(w2).addiRowVector(b2);
                INDArray dOut = out.subi(y).divi(n); // d(0.5 * mean sum sq)/d out
                INDArray gW2 = hid.transpose().mmul(dOut).addi(w2.mul(config.weightDecay()));
                INDArray gB2 = dOut.sum(true, 0);
                INDArray dHid = dOut.mmul(w2.transpose()).muli(pre.gt(0).castTo(DataType.DOUBLE));
                INDArray gW1 = x.transpose().mmul(dHid).addi(w1.mul(config.weightDecay()));
                INDArray gB1 = dHid.sum(true, 0);
                INDArray[] grads = {gW1, gB1, gW2, gB2};
                double c1 = 1 - Math.pow(beta1, t);
                double c2 = 1 - Math.pow(beta2, t);
                for (int i = 0; i < 4; i++) {
                    m[i].muli(beta1).addi(grads[i].mul(1 - beta1));
                    v[i].muli(beta2).addi(grads[i].mul(grads[i]).muli(1 - beta2));
                    INDArray step = m[i].div(c1).divi(Transforms.sqrt(v[i].div(c2), false).addi(eps));
                    params[i].subi(step.muli(config.learningRate()));
                }
                listener.advanced("mlp", t, config.epochs());
            }
        } finally {
            listener.finished("mlp", config.epochs());
        }
        return new MlpRegressor(config, w1, b1, w2, b2);
    }

    private static INDArray gaussian(java.util.SplittableRandom rnd, int rows, int cols, double scale) {
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian() * scale;
        }
        return Nd4j.create(a, new long[] {rows, cols}, DataType.DOUBLE);
    }

    /**
     * Creates a head from known weights (used by {@link RegressorFiles#load}).
     *
     * @param config the hyper-parameters it was trained with
     * @param w1 {@code [p, h]}
     * @param b1 {@code [1, h]}
     * @param w2 {@code [h, q]}
     * @param b2 {@code [1, q]}
     * @return the head
     */
    public static MlpRegressor of(Config config, INDArray w1, INDArray b1, INDArray w2, INDArray b2) {
        return new MlpRegressor(config, w1.dup(), b1.reshape(1, b1.length()).dup(), w2.dup(),
                b2.reshape(1, b2.length()).dup());
    }

    /**
     * Returns the hyper-parameters.
     *
     * @return the configuration
     */
    public Config config() {
        return config;
    }

    INDArray[] parameters() {
        return new INDArray[] {w1, b1, w2, b2};
    }

    @Override
    public int inputDimension() {
        return w1.rows();
    }

    @Override
    public int outputDimension() {
        return w2.columns();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public INDArray predict(INDArray inputs) {
        INDArray x = NdArrays.asRows(inputs, "mlp inputs", w1.rows());
        return Transforms.relu(x.mmul(w1).addiRowVector(b1), false).mmul(w2).addiRowVector(b2);
    }

    @Override
    public void save(Path file) {
        RegressorFiles.save(this, file);
    }

    @Override
    public String toString() {
        return "MlpRegressor[" + id + ", " + inputDimension() + " -> " + outputDimension() + "]";
    }
}
