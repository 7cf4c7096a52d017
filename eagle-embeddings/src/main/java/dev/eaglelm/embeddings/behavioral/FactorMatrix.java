package dev.eaglelm.embeddings.behavioral;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.cache.CacheKeys;
import dev.eaglelm.core.util.NdArrays;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A factor matrix you already have &mdash; the item (or user) factors of your own matrix-factorisation
 * recommender &mdash; as an {@link EmbeddingMap} over ids, so that it can be EAGLE's latent space. Immutable and
 * thread-safe.
 *
 * <p>A matrix-factorisation recommender scores item i for user u by the dot product
 * &lang;p<sub>u</sub>, q<sub>i</sub>&rang;; {@link #scores(double[])} computes exactly that for every row, so a
 * new item whose description E<sub>D</sub> maps to q can be ranked next to the catalogue with the recommender's
 * own scoring. Build one from arrays ({@link #of(List, float[][])}, {@link #of(List, double[][])},
 * {@link #of(float[][])}) or read it from CSV ({@link #readCsv(Path)}, {@link #readCsv(Path, CsvLayout)}); the
 * files {@code eagle behavioral --output-items} and {@link FactorModel#writeCsv} write are read by
 * {@link #readCsv(Path)} unchanged.
 *
 * <pre>{@code
 * FactorMatrix items = FactorMatrix.readCsv(Path.of("item_factors.csv"));          // id,f1,...,fk per line
 * FactorMatrix users = FactorMatrix.readCsv(Path.of("user_factors.csv"));
 * double[] scores = items.scores(users.vector("42"));                            // one per item, in row order
 * }</pre>
 */
public final class FactorMatrix implements EmbeddingMap<String> {

    private final IdIndex ids;
    private final int dimension;
    private final double[] values;
    private final String id;

    /** Parses CSV lines (schema-less: each line is an array of strings); thread-safe once built. */
    private static final CsvMapper CSV_LINE = CsvMapper.builder().enable(CsvParser.Feature.TRIM_SPACES).build();

    private FactorMatrix(IdIndex ids, int dimension, double[] values, String source) {
        this.ids = ids;
        this.dimension = dimension;
        this.values = values;
        this.id = "factors:" + source + "/d" + dimension + "/" + fingerprint(ids, values);
    }

    /**
     * How a factor CSV file is laid out: whether each line starts with an id, and whether the first line is a
     * header. Fields are separated by commas; blank lines are ignored; an id may be quoted ({@code "a,b"}).
     *
     * @param idColumn whether the first field of each line is the row's id (else the ids are the 0-based row
     *     numbers {@code "0"}, {@code "1"}, &hellip;, in file order, header excluded)
     * @param header whether the first non-blank line is a header to skip
     */
    public record CsvLayout(boolean idColumn, boolean header) {

        /** An id, then the factors; no header: what {@link FactorModel#writeCsv} and {@code eagle behavioral} write. */
        public static final CsvLayout ID_FIRST = new CsvLayout(true, false);

        /** Only factors, no header; the ids are the row numbers. */
        public static final CsvLayout NO_ID = new CsvLayout(false, false);

        /**
         * Returns this layout with a header line.
         *
         * @return a layout whose first line is skipped
         */
        public CsvLayout withHeader() {
            return new CsvLayout(idColumn, true);
        }
    }

    /**
     * Creates a factor matrix from float rows (the usual precision of a recommender's factors).
     *
     * @param ids the row ids, distinct, one per row
     * @param rows the factors, one row per id, all of the same length &ge; 1, finite
     * @return the matrix; its vectors are the rows widened to double
     * @throws IllegalArgumentException if the sizes differ, an id repeats or is null, or a row is ragged or holds
     *     NaN or infinity (the message names the row, its id and the column)
     */
    public static FactorMatrix of(List<String> ids, float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        double[][] wide = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException("factor matrix: row " + i + " is null");
            }
            wide[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                wide[i][j] = rows[i][j];
            }
        }
        return of(ids, wide);
    }

    /**
     * Creates a factor matrix from float rows whose ids are their 0-based row numbers.
     *
     * @param rows the factors, one row per item, all of the same length &ge; 1, finite
     * @return the matrix, with ids {@code "0"}, {@code "1"}, &hellip;
     * @throws IllegalArgumentException if a row is ragged or holds NaN or infinity, or there are no rows
     */
    public static FactorMatrix of(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        return of(rowNumbers(rows.length), rows);
    }

    /**
     * Creates a factor matrix from double rows.
     *
     * @param ids the row ids, distinct, one per row
     * @param rows the factors, one row per id, all of the same length &ge; 1, finite
     * @return the matrix (the arrays are copied)
     * @throws IllegalArgumentException if the sizes differ, an id repeats or is null, there are no rows, or a
     *     row is ragged or holds NaN or infinity (the message names the row, its id and the column)
     */
    public static FactorMatrix of(List<String> ids, double[][] rows) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("factor matrix: no rows");
        }
        if (ids.size() != rows.length) {
            throw new IllegalArgumentException("factor matrix: " + ids.size() + " ids for " + rows.length + " rows");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String rowId = ids.get(i);
            if (rowId == null) {
                throw new IllegalArgumentException("factor matrix: row " + i + ": id is null");
            }
            Integer first = seen.putIfAbsent(rowId, i);
            if (first != null) {
                throw new IllegalArgumentException("factor matrix: row " + i + ": duplicate id '" + rowId
                        + "' (first in row " + first + ")");
            }
        }
        if (rows[0] == null || rows[0].length == 0) {
            throw new IllegalArgumentException("factor matrix: row 0 has no columns");
        }
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != d) {
                throw new IllegalArgumentException("factor matrix: row " + i + " (id '" + ids.get(i) + "') has "
                        + (rows[i] == null ? 0 : rows[i].length) + " columns, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("factor matrix: row " + i + " (id '" + ids.get(i)
                            + "'), column " + j + ": not finite: " + v);
                }
                flat[i * d + j] = v;
            }
        }
        return new FactorMatrix(IdIndex.of(ids), d, flat, "array");
    }

    /**
     * Reads a factor CSV file whose lines are an id followed by the factors, without a header
     * ({@link CsvLayout#ID_FIRST}).
     *
     * @param file the file
     * @return the matrix, rows in file order
     * @throws IllegalArgumentException if the file is malformed: the message names the file, the line and the
     *     column (1-based, as an editor shows them)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static FactorMatrix readCsv(Path file) {
        return readCsv(file, CsvLayout.ID_FIRST);
    }

    /**
     * Reads a factor CSV file.
     *
     * @param file the file, UTF-8
     * @param layout whether lines start with an id and whether there is a header
     * @return the matrix, rows in file order
     * @throws IllegalArgumentException if the file is missing, empty or malformed (a field that is not a number,
     *     a line with another number of columns than the first, a duplicate id, NaN or infinity): the message names
     *     the file, the line and the column (1-based)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static FactorMatrix readCsv(Path file, CsvLayout layout) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(layout, "layout");
        List<String> rowIds = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        double[] flat = new double[1024];
        int n = 0;
        int d = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            boolean headerPending = layout.header();
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    continue;
                }
                List<String> fields = split(line, file, lineNo);
                int offset = layout.idColumn() ? 1 : 0;
                int columns = fields.size() - offset;
                if (columns < 1) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ": an id but no factors");
                }
                if (d < 0) {
                    d = columns;
                } else if (columns != d) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + " has " + fields.size()
                            + " columns, expected " + (d + offset) + (layout.idColumn() ? " (an id and " + d
                            + " factors, as on the first line)" : " (as on the first line)"));
                }
                String rowId = layout.idColumn() ? fields.get(0) : Integer.toString(n);
                if (rowId.isEmpty()) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column 1: empty id");
                }
                Integer first = idLines.putIfAbsent(rowId, lineNo);
                if (first != null) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column 1: duplicate id '"
                            + rowId + "' (first on line " + first + ")");
                }
                if ((long) (n + 1) * d > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ": too many factors for one array");
                }
                if (flat.length < (n + 1) * d) {
                    flat = java.util.Arrays.copyOf(flat, Math.max((n + 1) * d, flat.length * 2));
                }
                for (int j = 0; j < d; j++) {
                    String f = fields.get(j + offset);
                    double v;
                    try {
                        v = Double.parseDouble(f);
                    } catch (NumberFormatException e) {
                        String hint = n == 0 && !layout.header() ? " (is the first line a header? read it with a"
                                + " layout withHeader())" : "";
                        if (n == 0 && !layout.idColumn() && j == 0) {
                            hint += " (does the file have an id column? read it with CsvLayout.ID_FIRST)";
                        }
                        throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (j + offset + 1)
                                + ": not a number: '" + f + "'" + hint);
                    }
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (j + offset + 1)
                                + ": not finite: '" + f + "'");
                    }
                    flat[n * d + j] = v;
                }
                rowIds.add(rowId);
                n++;
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no factor rows" + (layout.header() ? " after the header" : ""));
        }
        Path name = file.getFileName();
        return new FactorMatrix(IdIndex.of(rowIds), d, java.util.Arrays.copyOf(flat, n * d),
                name == null ? "csv" : name.toString());
    }

    /**
     * Splits one CSV line with Jackson's CSV parser (RFC 4180 quoting: {@code "a,b"}, {@code ""} inside quotes;
     * spaces around unquoted fields trimmed). A quoted field cannot span lines here: the reader counts lines.
     */
    private static List<String> split(String line, Path file, int lineNo) {
        List<String> fields = new ArrayList<>();
        try (JsonParser parser = CSV_LINE.createParser(line)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    fields.add(parser.getText());
                }
            }
            return fields;
        } catch (JsonProcessingException e) {
            String problem = e.getOriginalMessage().startsWith("Missing closing quote") ? "unterminated quote"
                    : "malformed field (" + e.getOriginalMessage() + ")";
            throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (fields.size() + 1) + ": "
                    + problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> rowNumbers(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(Integer.toString(i));
        }
        return ids;
    }

    private static String fingerprint(IdIndex ids, double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length);
        for (double v : values) {
            buf.putDouble(v);
        }
        String idDigest = CacheKeys.sha256(String.join("\n", ids.ids()).getBytes(StandardCharsets.UTF_8));
        return CacheKeys.sha256((idDigest + CacheKeys.sha256(buf.array())).getBytes(StandardCharsets.UTF_8))
                .substring(0, 12);
    }

    /**
     * Returns this matrix under another id prefix, e.g. the name and version of the recommender that fitted it
     * (the id is part of cache keys and provenance).
     *
     * @param name a non-blank name, e.g. {@code "shop-als/2026-11-01"}
     * @return a matrix with the same rows whose {@link #id()} is {@code factors:<name>/d<d>/<digest>}
     * @throws IllegalArgumentException if the name is blank
     */
    public FactorMatrix named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("factor matrix: blank name");
        }
        return new FactorMatrix(ids, dimension, values, name);
    }

    /**
     * Returns the number of rows (items or users).
     *
     * @return the row count &ge; 1
     */
    public int size() {
        return ids.size();
    }

    /**
     * Returns the row ids in row order.
     *
     * @return an unmodifiable list
     */
    public List<String> ids() {
        return ids.ids();
    }

    /**
     * Returns the row of an id.
     *
     * @param rowId an id
     * @return its 0-based row, or -1 if the id is unknown
     */
    public int indexOf(String rowId) {
        return ids.indexOf(rowId);
    }

    /**
     * Returns the factors of one row.
     *
     * @param row a row in {@code [0, size())}
     * @return a new array of length {@link #dimension()}
     * @throws IndexOutOfBoundsException if the row is out of range
     */
    public double[] row(int row) {
        Objects.checkIndex(row, size());
        double[] v = new double[dimension];
        System.arraycopy(values, row * dimension, v, 0, dimension);
        return v;
    }

    /**
     * Returns the factors of one id.
     *
     * @param rowId an id of this matrix
     * @return a new array of length {@link #dimension()}
     * @throws IllegalArgumentException if the id is unknown
     */
    public double[] vector(String rowId) {
        int r = rowId == null ? -1 : ids.indexOf(rowId);
        if (r < 0) {
            throw new IllegalArgumentException(id + ": unknown id '" + rowId + "'");
        }
        return row(r);
    }

    /**
     * Scores every row against a query vector by the dot product, as a matrix-factorisation recommender scores
     * items for a user: score<sub>i</sub> = &lang;user, row<sub>i</sub>&rang;.
     *
     * @param user a vector of length {@link #dimension()} (a user's factors), finite
     * @return a new array with one score per row, in row order
     * @throws IllegalArgumentException if the length differs or an element is not finite
     */
    public double[] scores(double[] user) {
        Objects.requireNonNull(user, "user");
        if (user.length != dimension) {
            throw new IllegalArgumentException(id + ": user vector has " + user.length + " elements, the factors "
                    + dimension);
        }
        for (int j = 0; j < user.length; j++) {
            if (!Double.isFinite(user[j])) {
                throw new IllegalArgumentException(id + ": user vector element " + j + ": not finite: " + user[j]);
            }
        }
        double[] s = new double[size()];
        for (int i = 0; i < s.length; i++) {
            double acc = 0;
            int base = i * dimension;
            for (int j = 0; j < dimension; j++) {
                acc += user[j] * values[base + j];
            }
            s[i] = acc;
        }
        return s;
    }

    /**
     * Returns all rows as a matrix.
     *
     * @return a new {@code DOUBLE} matrix {@code [size(), dimension()]}
     */
    public INDArray matrix() {
        NdArrays.requireBackend();
        return Nd4j.create(values.clone(), new long[] {size(), dimension}, DataType.DOUBLE);
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * {@inheritDoc}
     *
     * @return {@code factors:<source>/d<d>/<digest of ids and values>}, where the source is the file name,
     *     {@code array}, or the name given to {@link #named(String)}
     */
    @Override
    public String id() {
        return id;
    }

    /**
     * Looks up the factors of a batch of ids.
     *
     * @param keys ids of this matrix
     * @return a new {@code DOUBLE} matrix {@code [keys.size(), dimension()]}
     * @throws IllegalArgumentException if an id is unknown; the message names it and its index in the batch
     */
    @Override
    public INDArray embedAll(List<? extends String> keys) {
        Objects.requireNonNull(keys, "keys");
        NdArrays.requireBackend();
        if (keys.isEmpty()) {
            return Nd4j.create(DataType.DOUBLE, 0, dimension);
        }
        double[] out = new double[keys.size() * dimension];
        for (int q = 0; q < keys.size(); q++) {
            String key = keys.get(q);
            int r = key == null ? -1 : ids.indexOf(key);
            if (r < 0) {
                throw new IllegalArgumentException(id + ": unknown id '" + key + "' at index " + q);
            }
            System.arraycopy(values, r * dimension, out, q * dimension, dimension);
        }
        return Nd4j.create(out, new long[] {keys.size(), dimension}, DataType.DOUBLE);
    }

    @Override
    public String toString() {
        return "FactorMatrix[" + id + ", " + size() + " rows, d=" + dimension + "]";
    }
}
