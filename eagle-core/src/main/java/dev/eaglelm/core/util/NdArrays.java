package dev.eaglelm.core.util;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J helpers: a backend check with an actionable message, conversions between Java arrays and
 * {@link INDArray}s, and argument checks that name the offending row and column.
 *
 * <p>eaglelm's library modules compile against {@code nd4j-api} only; the application chooses a backend.
 * Without one, ND4J's first call fails with an opaque {@link ExceptionInInitializerError}.
 * {@link #requireBackend()} turns that into an {@link IllegalStateException} that names the artifact to
 * add; every factory method here calls it.
 */
public final class NdArrays {

    /** Advice printed when no ND4J backend is on the classpath. */
    public static final String MISSING_BACKEND_ADVICE =
            "no ND4J backend on the classpath: add org.nd4j:nd4j-native:1.0.0-M2.1 together with "
                    + "org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64 (CPU), or nd4j-cuda-11.6 (GPU, Maven "
                    + "profile -Pcuda); never nd4j-native-platform";

    /** Advice when the CUDA backend is on the classpath but its native libraries cannot load. */
    static final String CUDA_UNAVAILABLE_ADVICE =
            "the ND4J CUDA backend (nd4j-cuda-11.6, Maven profile -Pcuda) is on the classpath but could not "
                    + "load: it needs an NVIDIA GPU with its driver (libcuda.so.1) and CUDA 11.6; on a machine "
                    + "without them build without -Pcuda to use the CPU backend";

    private static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private static volatile boolean backendChecked;

    private NdArrays() {
    }

    /** Says why no backend loaded: none on the classpath, or a CUDA backend without a usable GPU. */
    private static String backendAdvice() {
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, NdArrays.class.getClassLoader());
            return CUDA_UNAVAILABLE_ADVICE;
        } catch (ClassNotFoundException | LinkageError absent) {
            return MISSING_BACKEND_ADVICE;
        }
    }

    /**
     * Checks once per JVM that an ND4J backend can be loaded.
     *
     * @throws IllegalStateException if no backend is available, with a message naming the artifact to add
     */
    public static void requireBackend() {
        if (backendChecked) {
            return;
        }
        synchronized (NdArrays.class) {
            if (backendChecked) {
                return;
            }
            try {
                Nd4j.getBackend();
            } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
                throw new IllegalStateException(backendAdvice(), e);
            } catch (RuntimeException e) {
                if (e.getClass().getSimpleName().contains("NoAvailableBackend")) {
                    throw new IllegalStateException(backendAdvice(), e);
                }
                throw e;
            }
            backendChecked = true;
        }
    }

    /**
     * Creates a double-precision matrix from rows.
     *
     * @param rows a non-empty rectangular array of finite numbers
     * @return a new {@code [rows.length, rows[0].length]} matrix of type {@link DataType#DOUBLE}
     * @throws IllegalArgumentException if the array is empty, ragged or holds NaN or infinity
     */
    public static INDArray matrix(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("matrix: no rows");
        }
        int d = rows[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("matrix: row 0 has no columns");
        }
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException(
                        "matrix: row " + i + " has " + rows[i].length + " columns, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("matrix: row " + i + ", column " + j + ": not finite: " + v);
                }
                flat[i * d + j] = v;
            }
        }
        requireBackend();
        return Nd4j.create(flat, new long[] {rows.length, d}, DataType.DOUBLE);
    }

    /**
     * Creates a double-precision vector (rank 1).
     *
     * @param values finite numbers, at least one
     * @return a new vector of shape {@code [values.length]}
     * @throws IllegalArgumentException if the array is empty or holds NaN or infinity
     */
    public static INDArray vector(double[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("vector: no values");
        }
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("vector: element " + j + ": not finite: " + values[j]);
            }
        }
        requireBackend();
        return Nd4j.createFromArray(values.clone());
    }

    /**
     * Views a vector or a matrix as a double-precision matrix of latent rows.
     *
     * <p>A rank-1 array of length d becomes a {@code [1, d]} matrix; a rank-2 array is returned as is,
     * converted to {@link DataType#DOUBLE} if needed.
     *
     * @param array the latent vectors, one per row
     * @param what a name for error messages, e.g. {@code "latents"}
     * @param expectedColumns the required number of columns, or {@code -1} to accept any
     * @return a rank-2 double matrix (possibly the same object)
     * @throws IllegalArgumentException if the rank is not 1 or 2, there are no rows, or the column count
     *     differs from {@code expectedColumns}
     */
    public static INDArray asRows(INDArray array, String what, long expectedColumns) {
        Objects.requireNonNull(array, what);
        INDArray m;
        if (array.rank() == 1) {
            m = array.reshape(1, array.length());
        } else if (array.rank() == 2) {
            m = array;
        } else {
            throw new IllegalArgumentException(what + ": expected a vector or a matrix of rows, got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        if (m.rows() == 0) {
            throw new IllegalArgumentException(what + ": no rows");
        }
        if (expectedColumns >= 0 && m.columns() != expectedColumns) {
            throw new IllegalArgumentException(what + ": rows have " + m.columns() + " columns, expected "
                    + expectedColumns);
        }
        return m.dataType() == DataType.DOUBLE ? m : m.castTo(DataType.DOUBLE);
    }

    /**
     * Copies a matrix into Java rows.
     *
     * @param matrix a rank-2 array (a rank-1 array is read as one row)
     * @return a new {@code double[rows][columns]}
     */
    public static double[][] toRows(INDArray matrix) {
        INDArray m = asRows(matrix, "matrix", -1);
        return m.toDoubleMatrix();
    }

    /**
     * Checks that every element is finite.
     *
     * @param matrix a rank-1 or rank-2 array
     * @param what a name for error messages
     * @throws IllegalArgumentException naming the first row and column holding NaN or infinity
     */
    public static void requireFinite(INDArray matrix, String what) {
        INDArray m = asRows(matrix, what, -1);
        double[][] rows = m.toDoubleMatrix();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < rows[i].length; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException(
                            what + ": row " + i + ", column " + j + ": not finite: " + rows[i][j]);
                }
            }
        }
    }
}
