package dev.eaglelm.embeddings.latent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves and loads {@link LatentRegressor}s in a small binary format (big-endian, Java
 * {@link DataOutputStream} conventions):
 * <pre>
 *   magic   8 bytes  "EAGLE-ED"
 *   version int      1
 *   type    UTF      "ridge" or "mlp"
 *   ridge:  double lambda; matrix W [p, q]; matrix b [1, q]
 *   mlp:    int hidden; int epochs; double learningRate; double weightDecay; long seed;
 *           matrix W1 [p, h]; matrix b1 [1, h]; matrix W2 [h, q]; matrix b2 [1, q]
 *   matrix: int rows; int cols; rows*cols doubles, row-major
 * </pre>
 * A file is written to a temporary name and moved into place, so a crash never leaves half a model.
 */
public final class RegressorFiles {

    private static final byte[] MAGIC = "EAGLE-ED".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private RegressorFiles() {
    }

    /**
     * Saves a head.
     *
     * @param head a {@link RidgeRegressor} or {@link MlpRegressor}
     * @param file the output file
     * @throws UncheckedIOException if it cannot be written
     * @throws IllegalArgumentException for another kind of head
     */
    public static void save(LatentRegressor head, Path file) {
        try {
            Path abs = file.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                if (head instanceof RidgeRegressor r) {
                    out.writeUTF("ridge");
                    out.writeDouble(r.lambda());
                    writeMatrix(out, r.weights());
                    writeMatrix(out, r.intercept());
                } else if (head instanceof MlpRegressor m) {
                    out.writeUTF("mlp");
                    MlpRegressor.Config c = m.config();
                    out.writeInt(c.hidden());
                    out.writeInt(c.epochs());
                    out.writeDouble(c.learningRate());
                    out.writeDouble(c.weightDecay());
                    out.writeLong(c.seed());
                    for (INDArray a : m.parameters()) {
                        writeMatrix(out, a);
                    }
                } else {
                    throw new IllegalArgumentException("cannot save a " + head.getClass().getName()
                            + "; RegressorFiles knows RidgeRegressor and MlpRegressor");
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a head.
     *
     * @param file a file written by {@link #save}
     * @return the head, equal in every weight to the saved one
     * @throws IllegalArgumentException if the file is missing, truncated or not in this format
     */
    public static LatentRegressor load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("regressor file " + file + " does not exist");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(file + " is not an eaglelm E_D head (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + " has format version " + version + ", this eaglelm reads "
                        + VERSION);
            }
            String type = in.readUTF();
            return switch (type) {
                case "ridge" -> {
                    double lambda = in.readDouble();
                    yield RidgeRegressor.of(lambda, readMatrix(in), readMatrix(in));
                }
                case "mlp" -> {
                    MlpRegressor.Config c = new MlpRegressor.Config(in.readInt(), in.readInt(), in.readDouble(),
                            in.readDouble(), in.readLong());
                    yield MlpRegressor.of(c, readMatrix(in), readMatrix(in), readMatrix(in), readMatrix(in));
                }
                default -> throw new IllegalArgumentException(file + ": unknown head type '" + type + "'");
            };
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeMatrix(DataOutputStream out, INDArray a) throws IOException {
        double[][] m = a.rank() == 1 ? new double[][] {a.toDoubleVector()} : a.toDoubleMatrix();
        out.writeInt(m.length);
        out.writeInt(m.length == 0 ? 0 : m[0].length);
        for (double[] row : m) {
            for (double v : row) {
                out.writeDouble(v);
            }
        }
    }

    private static INDArray readMatrix(DataInputStream in) throws IOException {
        int rows = in.readInt();
        int cols = in.readInt();
        if (rows < 0 || cols < 0 || (long) rows * cols > 100_000_000L) {
            throw new IOException("implausible matrix shape " + rows + " x " + cols);
        }
        double[] flat = new double[rows * cols];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = in.readDouble();
        }
        return Nd4j.create(flat, new long[] {rows, cols}, DataType.DOUBLE);
    }
}
