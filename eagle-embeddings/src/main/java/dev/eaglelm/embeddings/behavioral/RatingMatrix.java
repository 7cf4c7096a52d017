package dev.eaglelm.embeddings.behavioral;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A sparse user &times; item rating matrix with id maps, stored both by user (CSR) and by item (CSC).
 *
 * <p>Read one from CSV with {@link #readCsv(Path)}:
 * <ul>
 *   <li><b>MovieLens</b> ({@code ratings.csv}): header {@code userId,movieId,rating,timestamp};</li>
 *   <li><b>generic</b>: {@code user,item,rating} with a header (columns found by name: user {@code user},
 *       {@code userId}, {@code user_id}; item {@code item}, {@code itemId}, {@code item_id}, {@code movieId};
 *       rating {@code rating}, {@code value}, {@code score}; further columns ignored) or without one (the first
 *       three columns).</li>
 * </ul>
 * Ids are kept as strings. Every malformed line is an {@link IllegalArgumentException} naming the file, the
 * line and the column; a (user, item) pair rated twice is an error too.
 *
 * <p>{@link #split(double, long)} makes a seeded train/held-out split over ratings; both parts share this
 * matrix's id maps, so indices mean the same users and items in both.
 */
public final class RatingMatrix {

    private final IdIndex users;
    private final IdIndex items;
    // CSR by user
    private final int[] userPtr;
    private final int[] userCols;
    private final float[] userVals;
    // CSC by item
    private final int[] itemPtr;
    private final int[] itemRows;
    private final float[] itemVals;

    private RatingMatrix(IdIndex users, IdIndex items, int[] u, int[] i, float[] r, int n) {
        this.users = users;
        this.items = items;
        int[][] csr = compress(u, i, r, n, users.size());
        this.userPtr = csr[0];
        this.userCols = csr[1];
        this.userVals = floats(csr[2]);
        int[][] csc = compress(i, u, r, n, items.size());
        this.itemPtr = csc[0];
        this.itemRows = csc[1];
        this.itemVals = floats(csc[2]);
        for (int row = 0; row < users.size(); row++) {
            for (int p = userPtr[row] + 1; p < userPtr[row + 1]; p++) {
                if (userCols[p] == userCols[p - 1]) {
                    throw new IllegalArgumentException("ratings: user '" + users.id(row) + "' rated item '"
                            + items.id(userCols[p]) + "' more than once");
                }
            }
        }
    }

    /**
     * Creates a matrix from parallel arrays of (user index, item index, rating).
     *
     * @param users the user id map
     * @param items the item id map
     * @param userIndex user index of each rating
     * @param itemIndex item index of each rating
     * @param ratings the finite ratings
     * @return the matrix
     * @throws IllegalArgumentException if the arrays differ in length, an index is out of range, a rating is not
     *     finite or a pair repeats
     */
    public static RatingMatrix of(IdIndex users, IdIndex items, int[] userIndex, int[] itemIndex, float[] ratings) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(items, "items");
        int n = ratings.length;
        if (userIndex.length != n || itemIndex.length != n) {
            throw new IllegalArgumentException("ratings: " + userIndex.length + " user indices, " + itemIndex.length
                    + " item indices and " + n + " ratings");
        }
        for (int k = 0; k < n; k++) {
            if (userIndex[k] < 0 || userIndex[k] >= users.size()) {
                throw new IllegalArgumentException("ratings: entry " + k + ": user index " + userIndex[k]
                        + " outside [0, " + users.size() + ")");
            }
            if (itemIndex[k] < 0 || itemIndex[k] >= items.size()) {
                throw new IllegalArgumentException("ratings: entry " + k + ": item index " + itemIndex[k]
                        + " outside [0, " + items.size() + ")");
            }
            if (!Float.isFinite(ratings[k])) {
                throw new IllegalArgumentException("ratings: entry " + k + ": rating is " + ratings[k]);
            }
        }
        return new RatingMatrix(users, items, userIndex.clone(), itemIndex.clone(), ratings.clone(), n);
    }

    /**
     * Reads a ratings CSV (MovieLens or generic; see the class comment).
     *
     * @param file the CSV file, UTF-8
     * @return the matrix
     * @throws IllegalArgumentException if the file is missing, empty or malformed; the message names the file,
     *     line and column
     */
    public static RatingMatrix readCsv(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("ratings file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("ratings file " + file + " is a directory");
        }
        IdIndex.Builder users = new IdIndex.Builder();
        IdIndex.Builder items = new IdIndex.Builder();
        int[] u = new int[1024];
        int[] it = new int[1024];
        float[] r = new float[1024];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int lineNo = 1;
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            while (line != null && line.isBlank()) {
                line = in.readLine();
                lineNo++;
            }
            if (line == null) {
                throw new IllegalArgumentException(file + ": no ratings (the file is empty)");
            }
            int[] cols = headerColumns(file, line, lineNo);
            boolean header = cols != null;
            if (!header) {
                cols = new int[] {0, 1, 2};
            }
            int needed = Math.max(cols[0], Math.max(cols[1], cols[2])) + 1;
            if (header) {
                line = in.readLine();
                lineNo++;
            }
            for (; line != null; line = in.readLine(), lineNo++) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < needed) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ": expected at least " + needed
                            + " comma-separated columns, found " + f.length + ": '" + abbreviate(line) + "'");
                }
                String user = f[cols[0]].strip();
                String item = f[cols[1]].strip();
                if (user.isEmpty()) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (cols[0] + 1)
                            + " (user): empty");
                }
                if (item.isEmpty()) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (cols[1] + 1)
                            + " (item): empty");
                }
                String value = f[cols[2]].strip();
                float rating;
                try {
                    rating = Float.parseFloat(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (cols[2] + 1)
                            + " (rating): not a number: '" + value + "'", e);
                }
                if (!Float.isFinite(rating)) {
                    throw new IllegalArgumentException(file + ": line " + lineNo + ", column " + (cols[2] + 1)
                            + " (rating): not finite: '" + value + "'");
                }
                if (n == r.length) {
                    u = Arrays.copyOf(u, n * 2);
                    it = Arrays.copyOf(it, n * 2);
                    r = Arrays.copyOf(r, n * 2);
                }
                u[n] = users.add(user);
                it[n] = items.add(item);
                r[n] = rating;
                n++;
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("ratings file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ratings file " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new IllegalArgumentException(file + ": no ratings (only a header)");
        }
        try {
            return new RatingMatrix(users.build(), items.build(), u, it, r, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Column positions (user, item, rating) if the line is a header, null if it is data. */
    private static int[] headerColumns(Path file, String line, int lineNo) {
        String[] f = line.split(",", -1);
        if (f.length >= 3) {
            try {
                Float.parseFloat(f[2].strip());
                return null; // the third column is a number: data, no header
            } catch (NumberFormatException e) {
                // a header
            }
        }
        int user = -1;
        int item = -1;
        int rating = -1;
        for (int c = 0; c < f.length; c++) {
            String name = f[c].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            if (user < 0 && List.of("userid", "user", "user_id").contains(name)) {
                user = c;
            } else if (item < 0 && List.of("movieid", "item", "itemid", "item_id", "movie_id").contains(name)) {
                item = c;
            } else if (rating < 0 && List.of("rating", "value", "score").contains(name)) {
                rating = c;
            }
        }
        if (user < 0 || item < 0 || rating < 0) {
            throw new IllegalArgumentException(file + ": line " + lineNo + ": not a ratings header "
                    + "(need user, item and rating columns, e.g. 'userId,movieId,rating,timestamp' or "
                    + "'user,item,rating') and not a data row: '" + abbreviate(line) + "'");
        }
        return new int[] {user, item, rating};
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }

    /** Sorts (row, col, value) triples into compressed rows; returns {ptr, cols, valueBits}. */
    private static int[][] compress(int[] rows, int[] cols, float[] vals, int n, int nRows) {
        int[] ptr = new int[nRows + 1];
        for (int k = 0; k < n; k++) {
            ptr[rows[k] + 1]++;
        }
        for (int i = 0; i < nRows; i++) {
            ptr[i + 1] += ptr[i];
        }
        int[] fill = Arrays.copyOf(ptr, nRows);
        int[] outCols = new int[n];
        int[] outVals = new int[n];
        for (int k = 0; k < n; k++) {
            int p = fill[rows[k]]++;
            outCols[p] = cols[k];
            outVals[p] = Float.floatToRawIntBits(vals[k]);
        }
        // sort each row by column (insertion sort on small rows, index sort on large ones)
        for (int i = 0; i < nRows; i++) {
            int from = ptr[i];
            int to = ptr[i + 1];
            if (to - from > 32) {
                long[] packed = new long[to - from];
                for (int p = from; p < to; p++) {
                    packed[p - from] = ((long) outCols[p] << 32) | (outVals[p] & 0xFFFFFFFFL);
                }
                Arrays.sort(packed);
                for (int p = from; p < to; p++) {
                    outCols[p] = (int) (packed[p - from] >>> 32);
                    outVals[p] = (int) packed[p - from];
                }
            } else {
                for (int p = from + 1; p < to; p++) {
                    int c = outCols[p];
                    int v = outVals[p];
                    int q = p - 1;
                    while (q >= from && outCols[q] > c) {
                        outCols[q + 1] = outCols[q];
                        outVals[q + 1] = outVals[q];
                        q--;
                    }
                    outCols[q + 1] = c;
                    outVals[q + 1] = v;
                }
            }
        }
        return new int[][] {ptr, outCols, outVals};
    }

    private static float[] floats(int[] bits) {
        float[] f = new float[bits.length];
        for (int k = 0; k < bits.length; k++) {
            f[k] = Float.intBitsToFloat(bits[k]);
        }
        return f;
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
     * Returns the number of ratings.
     *
     * @return the number of stored entries
     */
    public int size() {
        return userCols.length;
    }

    /**
     * Returns the mean rating.
     *
     * @return the mean over all entries, or 0 when there are none
     */
    public double mean() {
        double s = 0;
        for (float v : userVals) {
            s += v;
        }
        return userVals.length == 0 ? 0 : s / userVals.length;
    }

    /**
     * Returns the number of ratings of a user.
     *
     * @param user a user index
     * @return the count
     */
    public int userCount(int user) {
        return userPtr[user + 1] - userPtr[user];
    }

    /**
     * Returns the number of ratings of an item.
     *
     * @param item an item index
     * @return the count
     */
    public int itemCount(int item) {
        return itemPtr[item + 1] - itemPtr[item];
    }

    /**
     * Returns the item indices a user rated, ascending.
     *
     * @param user a user index
     * @return a new array
     */
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(userCols, userPtr[user], userPtr[user + 1]);
    }

    /**
     * Returns a user's ratings, aligned with {@link #itemsOf(int)}.
     *
     * @param user a user index
     * @return a new array
     */
    public float[] ratingsOf(int user) {
        return Arrays.copyOfRange(userVals, userPtr[user], userPtr[user + 1]);
    }

    /**
     * Returns the rating of a (user, item) pair.
     *
     * @param user a user index
     * @param item an item index
     * @return the rating, or NaN if the pair is not rated
     */
    public float get(int user, int item) {
        int p = Arrays.binarySearch(userCols, userPtr[user], userPtr[user + 1], item);
        return p >= 0 ? userVals[p] : Float.NaN;
    }

    // package-private raw views for the solvers (never modified)
    int[] userPtr() {
        return userPtr;
    }

    int[] userCols() {
        return userCols;
    }

    float[] userVals() {
        return userVals;
    }

    int[] itemPtr() {
        return itemPtr;
    }

    int[] itemRows() {
        return itemRows;
    }

    float[] itemVals() {
        return itemVals;
    }

    /**
     * A train/held-out split of a rating matrix.
     *
     * @param train the ratings to fit on
     * @param heldOut the ratings to evaluate on
     */
    public record Split(RatingMatrix train, RatingMatrix heldOut) {

        /**
         * Creates a split.
         *
         * @param train the ratings to fit on, non-null
         * @param heldOut the ratings to evaluate on, non-null
         */
        public Split {
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(heldOut, "heldOut");
        }
    }

    /**
     * Splits the ratings at random: exactly {@code round(fraction * size())} ratings, drawn uniformly without
     * replacement with the given seed, are held out. Both parts keep this matrix's id maps. A user or item
     * whose ratings all land in the held-out part gets no training signal; the solvers leave its factors at
     * zero (its predictions fall back to the biases).
     *
     * @param fraction the held-out fraction, in {@code [0, 1)}
     * @param seed the seed; the same seed gives the same split
     * @return the split
     * @throws IllegalArgumentException if the fraction is outside {@code [0, 1)}
     */
    public Split split(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("split: held-out fraction must be in [0, 1), got " + fraction);
        }
        int n = size();
        int held = (int) Math.round(fraction * n);
        int[] perm = new int[n];
        for (int k = 0; k < n; k++) {
            perm[k] = k;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 0; k < held; k++) { // partial Fisher-Yates: the first `held` slots are the sample
            int j = k + rnd.nextInt(n - k);
            int t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
        }
        boolean[] out = new boolean[n];
        for (int k = 0; k < held; k++) {
            out[perm[k]] = true;
        }
        int[] ru = new int[n];
        for (int row = 0; row < users.size(); row++) {
            for (int p = userPtr[row]; p < userPtr[row + 1]; p++) {
                ru[p] = row;
            }
        }
        int[][] a = new int[2][];
        int[][] b = new int[2][];
        float[][] v = new float[2][];
        int[] count = {n - held, held};
        for (int s = 0; s < 2; s++) {
            a[s] = new int[count[s]];
            b[s] = new int[count[s]];
            v[s] = new float[count[s]];
        }
        int[] fill = new int[2];
        for (int p = 0; p < n; p++) {
            int s = out[p] ? 1 : 0;
            a[s][fill[s]] = ru[p];
            b[s][fill[s]] = userCols[p];
            v[s][fill[s]] = userVals[p];
            fill[s]++;
        }
        return new Split(new RatingMatrix(users, items, a[0], b[0], v[0], count[0]),
                new RatingMatrix(users, items, a[1], b[1], v[1], count[1]));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RatingMatrix[%d users x %d items, %d ratings]", users.size(),
                items.size(), size());
    }
}
