package dev.eaglelm.embeddings.behavioral;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.util.NdArrays;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fitted factorisation: user and item factors (and, in explicit mode with biases, a global mean and user and
 * item biases), the loss and time of every epoch. Immutable.
 *
 * <p><b>Latent vectors.</b> {@link #itemEmbeddings()} and {@link #userEmbeddings()} map ids to vectors whose
 * inner product is the predicted rating, as the paper's utility needs (&lang;z<sub>u</sub>, z<sub>m</sub>&rang; is
 * the predicted rating, PAPER.md &sect;3&ndash;4). Without biases these are the factors themselves (dimension k).
 * With biases they are augmented to dimension k + 2:
 * z<sub>u</sub> = [p<sub>u</sub>, 1, &mu; + b<sub>u</sub>] and z<sub>i</sub> = [q<sub>i</sub>, b<sub>i</sub>, 1],
 * so that &lang;z<sub>u</sub>, z<sub>i</sub>&rang; = &mu; + b<sub>u</sub> + b<sub>i</sub> + p<sub>u</sub>&middot;q<sub>i</sub>.
 * Distances between items are then distances in (q, b<sub>i</sub>): the constant coordinate cancels.
 */
public final class FactorModel {

    private final AlsConfig config;
    private final IdIndex users;
    private final IdIndex items;
    private final double[] userFactors;
    private final double[] itemFactors;
    private final double[] userBias;
    private final double[] itemBias;
    private final double mean;
    private final double[] loss;
    private final double[] epochSeconds;

    FactorModel(AlsConfig config, IdIndex users, IdIndex items, double[] userFactors, double[] itemFactors,
            double[] userBias, double[] itemBias, double mean, double[] loss, double[] epochSeconds) {
        this.config = config;
        this.users = users;
        this.items = items;
        this.userFactors = userFactors;
        this.itemFactors = itemFactors;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.mean = mean;
        this.loss = loss;
        this.epochSeconds = epochSeconds;
    }

    /**
     * Returns the configuration the model was fitted with.
     *
     * @return the configuration
     */
    public AlsConfig config() {
        return config;
    }

    /**
     * Returns the user id map.
     *
     * @return the users
     */
    public IdIndex users() {
        return users;
    }

    /**
     * Returns the item id map.
     *
     * @return the items
     */
    public IdIndex items() {
        return items;
    }

    /**
     * Returns the rank k.
     *
     * @return the number of latent factors
     */
    public int rank() {
        return config.rank();
    }

    /**
     * Returns whether the model has a global mean and biases.
     *
     * @return true in explicit mode with biases
     */
    public boolean hasBiases() {
        return userBias != null;
    }

    /**
     * Returns the dimension of {@link #itemEmbeddings()} and {@link #userEmbeddings()}.
     *
     * @return k, or k + 2 with biases
     */
    public int latentDimension() {
        return hasBiases() ? rank() + 2 : rank();
    }

    /**
     * Returns the global mean &mu;.
     *
     * @return the mean (0 without biases)
     */
    public double mean() {
        return mean;
    }

    /**
     * Returns the training loss after each epoch.
     *
     * @return a copy, one value per epoch
     */
    public double[] lossHistory() {
        return loss.clone();
    }

    /**
     * Returns the wall-clock time of each epoch (both half-steps, loss excluded).
     *
     * @return a copy, seconds per epoch
     */
    public double[] epochSeconds() {
        return epochSeconds.clone();
    }

    /**
     * Predicts a rating (explicit) or a preference score (implicit).
     *
     * @param user a user index
     * @param item an item index
     * @return &mu; + b<sub>u</sub> + b<sub>i</sub> + p<sub>u</sub>&middot;q<sub>i</sub> (biases only if fitted)
     */
    public double predict(int user, int item) {
        int k = rank();
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += userFactors[user * k + f] * itemFactors[item * k + f];
        }
        if (hasBiases()) {
            s += mean + userBias[user] + itemBias[item];
        }
        return s;
    }

    /**
     * Returns the latent vectors of all users, row u for user index u (see the class comment).
     *
     * @return a new {@code DOUBLE} matrix {@code [users, latentDimension()]}
     */
    public INDArray userMatrix() {
        return latent(userFactors, users.size(), true);
    }

    /**
     * Returns the latent vectors of all items, row i for item index i (see the class comment).
     *
     * @return a new {@code DOUBLE} matrix {@code [items, latentDimension()]}
     */
    public INDArray itemMatrix() {
        return latent(itemFactors, items.size(), false);
    }

    /**
     * Returns a user's latent vector as a Java array.
     *
     * @param user a user index
     * @return a new array of length {@link #latentDimension()}
     */
    public double[] userVector(int user) {
        return row(userFactors, user, true);
    }

    /**
     * Returns an item's latent vector as a Java array.
     *
     * @param item an item index
     * @return a new array of length {@link #latentDimension()}
     */
    public double[] itemVector(int item) {
        return row(itemFactors, item, false);
    }

    private double[] row(double[] factors, int index, boolean user) {
        int k = rank();
        double[] v = new double[latentDimension()];
        System.arraycopy(factors, index * k, v, 0, k);
        if (hasBiases()) {
            v[k] = user ? 1.0 : itemBias[index];
            v[k + 1] = user ? mean + userBias[index] : 1.0;
        }
        return v;
    }

    private INDArray latent(double[] factors, int n, boolean user) {
        int d = latentDimension();
        double[] flat = new double[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(row(factors, r, user), 0, flat, r * d, d);
        }
        NdArrays.requireBackend();
        return Nd4j.create(flat, new long[] {n, d}, DataType.DOUBLE);
    }

    /**
     * Returns the item latent vectors as an embedding map over item ids.
     *
     * @return an {@link EmbeddingMap} whose id names the model and a digest of its factors
     */
    public EmbeddingMap<String> itemEmbeddings() {
        return new IdEmbeddings(items, itemMatrix(), "items");
    }

    /**
     * Returns the user latent vectors as an embedding map over user ids.
     *
     * @return an {@link EmbeddingMap} whose id names the model and a digest of its factors
     */
    public EmbeddingMap<String> userEmbeddings() {
        return new IdEmbeddings(users, userMatrix(), "users");
    }

    /**
     * Writes one side's latent vectors as CSV: no header, one line per id, the id first, then
     * {@link #latentDimension()} numbers.
     *
     * @param file the output file (parent directories are created)
     * @param usersSide true for users, false for items
     * @throws UncheckedIOException if the file cannot be written
     */
    public void writeCsv(Path file, boolean usersSide) {
        IdIndex ids = usersSide ? users : items;
        double[] factors = usersSide ? userFactors : itemFactors;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                StringBuilder sb = new StringBuilder();
                for (int r = 0; r < ids.size(); r++) {
                    sb.setLength(0);
                    sb.append(ids.id(r));
                    for (double v : row(factors, r, usersSide)) {
                        sb.append(',').append((float) v);
                    }
                    w.write(sb.append('\n').toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private String fingerprint() {
        ByteBuffer buf = ByteBuffer.allocate(8 * (userFactors.length + itemFactors.length + 1));
        for (double v : userFactors) {
            buf.putDouble(v);
        }
        for (double v : itemFactors) {
            buf.putDouble(v);
        }
        buf.putDouble(mean);
        return CacheKeys.sha256(buf.array()).substring(0, 12);
    }

    @Override
    public String toString() {
        return "FactorModel[" + config.mode() + ", k=" + rank() + ", " + users.size() + " users, " + items.size()
                + " items" + (hasBiases() ? ", biases" : "") + "]";
    }

    /** An embedding map over the ids of one side. */
    private final class IdEmbeddings implements EmbeddingMap<String> {
        private final IdIndex ids;
        private final INDArray matrix;
        private final String id;

        IdEmbeddings(IdIndex ids, INDArray matrix, String side) {
            this.ids = ids;
            this.matrix = matrix;
            this.id = (config.mode() == AlsConfig.Mode.EXPLICIT ? "als" : "wals") + "-" + side + "/k" + rank()
                    + (hasBiases() ? "+bias" : "") + "/" + fingerprint();
        }

        @Override
        public int dimension() {
            return latentDimension();
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public INDArray embedAll(List<? extends String> keys) {
            Objects.requireNonNull(keys, "keys");
            if (keys.isEmpty()) {
                return Nd4j.create(DataType.DOUBLE, 0, dimension());
            }
            long[] rows = new long[keys.size()];
            for (int q = 0; q < keys.size(); q++) {
                int r = keys.get(q) == null ? -1 : ids.indexOf(keys.get(q));
                if (r < 0) {
                    throw new IllegalArgumentException(id + ": unknown id '" + keys.get(q) + "' at index " + q);
                }
                rows[q] = r;
            }
            return matrix.getRows(toInts(rows));
        }

        private int[] toInts(long[] rows) {
            int[] out = new int[rows.length];
            for (int q = 0; q < rows.length; q++) {
                out[q] = (int) rows[q];
            }
            return out;
        }

        @Override
        public String toString() {
            return "EmbeddingMap[" + id + ", d=" + dimension() + "]";
        }
    }
}
