package dev.eaglelm.examples.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the MovieLens data of {@code eagle demo}, in this order:
 * <ol>
 *   <li>{@code --data DIR};</li>
 *   <li>the environment variable {@code EAGLE_DATA};</li>
 *   <li>{@code ../shared/data/movielens} relative to the working directory, then relative to the repository
 *       root (when the CLI runs from a checkout);</li>
 *   <li>the user cache, {@code $XDG_CACHE_HOME/eaglelm/data} or {@code ~/.cache/eaglelm/data}, where
 *       {@code eagle data fetch} puts ml-latest-small.</li>
 * </ol>
 * A directory qualifies when it holds {@code ratings.csv} and {@code movies.csv}, or a folder
 * {@code ml-latest-small/} that does. {@code overviews.csv} (columns {@code movieId,...,overview}) is looked
 * up next to the rating files and in the directory above them; it is optional. An explicit location
 * ({@code --data} or {@code EAGLE_DATA}) that does not qualify is an error, never skipped.
 */
public final class DataLocator {

    /** The environment variable naming a data directory. */
    public static final String ENV = "EAGLE_DATA";

    private DataLocator() {
    }

    /**
     * A located data set.
     *
     * @param ratingsDir the directory holding {@code ratings.csv} and {@code movies.csv}
     * @param overviews the {@code overviews.csv} file, or null when there is none
     * @param source how it was found, e.g. {@code "--data"} or {@code "$EAGLE_DATA"}
     */
    public record Located(Path ratingsDir, Path overviews, String source) {

        /**
         * Checks the components.
         *
         * @param ratingsDir the directory holding the rating files
         * @param overviews the overviews file or null
         * @param source how it was found
         */
        public Located {
            Objects.requireNonNull(ratingsDir, "ratingsDir");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * Returns the user cache directory for data: {@code $XDG_CACHE_HOME/eaglelm/data} or
     * {@code ~/.cache/eaglelm/data}.
     *
     * @param env the environment variables
     * @return the directory (it may not exist)
     */
    public static Path userDataCache(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("eaglelm").resolve("data");
    }

    /**
     * Resolves the data directory.
     *
     * @param explicit the {@code --data} option, or null
     * @param env the environment variables
     * @param workingDir the working directory
     * @param repoRoot the repository root, or null when unknown
     * @param cacheDir the user data cache (see {@link #userDataCache})
     * @return the data, or empty when no candidate qualifies
     * @throws IllegalArgumentException if {@code --data} or {@code EAGLE_DATA} names a directory that does not
     *     hold the MovieLens files
     */
    public static Optional<Located> resolve(Path explicit, Map<String, String> env, Path workingDir, Path repoRoot,
            Path cacheDir) {
        if (explicit != null) {
            return Optional.of(require(explicit, "--data"));
        }
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) {
            return Optional.of(require(Path.of(e), "$" + ENV));
        }
        List<Path> shared = new ArrayList<>();
        shared.add(workingDir.resolve("../shared/data/movielens").normalize());
        if (repoRoot != null) {
            shared.add(repoRoot.resolve("../shared/data/movielens").normalize());
        }
        for (Path p : shared) {
            Optional<Located> l = inspect(p, "../shared/data/movielens (" + p + ")");
            if (l.isPresent()) {
                return l;
            }
        }
        return inspect(cacheDir, "user cache (" + cacheDir + ")");
    }

    /**
     * Returns where the rating files are below a directory, if anywhere.
     *
     * @param dir a directory
     * @param source how it was found
     * @return the located data, or empty
     */
    public static Optional<Located> inspect(Path dir, String source) {
        for (Path candidate : List.of(dir, dir.resolve("ml-latest-small"))) {
            if (Files.isRegularFile(candidate.resolve("ratings.csv")) && Files.isRegularFile(candidate.resolve("movies.csv"))) {
                Path ov = null;
                for (Path o : List.of(candidate.resolve("overviews.csv"), dir.resolve("overviews.csv"))) {
                    if (Files.isRegularFile(o)) {
                        ov = o;
                        break;
                    }
                }
                return Optional.of(new Located(candidate.toAbsolutePath().normalize(),
                        ov == null ? null : ov.toAbsolutePath().normalize(), source));
            }
        }
        return Optional.empty();
    }

    private static Located require(Path dir, String source) {
        return inspect(dir, source).orElseThrow(() -> new IllegalArgumentException(source + ": " + dir
                + " holds no MovieLens data (expected ratings.csv and movies.csv in it or in ml-latest-small/ below it)"));
    }

    /**
     * Returns the repository root when the CLI runs from a checkout's {@code eagle-examples/target}, else null.
     *
     * @return the root or null
     */
    public static Path repositoryRoot() {
        try {
            Path code = Path.of(DataLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (p.getFileName() != null && p.getFileName().toString().equals("eagle-examples")) {
                    Path root = p.getParent();
                    return root != null && Files.isRegularFile(root.resolve("pom.xml")) ? root : null;
                }
            }
        } catch (Exception e) { // no code source (e.g. a custom class loader): no repository root
            return null;
        }
        return null;
    }

    /**
     * How to get the data, for the no-data message.
     *
     * @param cacheDir the user data cache
     * @return lines to print
     */
    public static List<String> instructions(Path cacheDir) {
        return List.of(
                "No MovieLens data found. Looked for: --data DIR, $" + ENV + ", ../shared/data/movielens (from the"
                        + " working directory and the repository root), and " + cacheDir + ".",
                "To get it:",
                "  ./eagle data fetch                      # downloads ml-latest-small (~1 MB) from GroupLens into "
                        + cacheDir,
                "  or download https://files.grouplens.org/datasets/movielens/ml-latest-small.zip, unzip it, and run",
                "  ./eagle demo --data /path/to/dir        # the dir holding ratings.csv and movies.csv",
                "Optional: overviews.csv (columns movieId,...,overview; e.g. TMDB plot overviews) next to the rating files"
                        + " gives the demo real plot texts; without it the texts are built from titles and genres.");
    }
}
