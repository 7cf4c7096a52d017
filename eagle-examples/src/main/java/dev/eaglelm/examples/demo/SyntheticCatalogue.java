package dev.eaglelm.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a <b>synthetic</b> catalogue in the MovieLens ml-latest-small layout ({@code ratings.csv},
 * {@code movies.csv}, {@code overviews.csv}): invented movies over a dozen themes, with short invented plot
 * overviews, and users who prefer two themes each. It is what {@code eagle demo} runs on when no MovieLens
 * data is found (clearly labelled as synthetic), and what the tests use as a fixture. No MovieLens data is
 * in it. Keep it under 200 movies: the surrogate backend mines its edit themes from words found in at most a
 * quarter of the documents of a small corpus (3% of a large one), and each of the 12 themes here is in about
 * a sixth of the movies.
 */
public final class SyntheticCatalogue {

    private static final String[] THEMES = {"pirate", "vampire", "robot", "wedding", "heist", "dragon", "submarine",
        "circus", "detective", "volcano", "orchestra", "spaceship"};
    private static final String[] GENRES = {"Adventure", "Horror", "Sci-Fi", "Romance", "Crime", "Fantasy", "War",
        "Comedy", "Mystery", "Action", "Drama", "Sci-Fi"};
    private static final String[] NAMES = {"Anna", "Boris", "Clara", "Dev", "Elena", "Farid", "Greta", "Hugo"};
    private static final String[] PLACES = {"a harbour town", "a mountain village", "a desert city", "an island",
        "a frozen valley", "a river port"};

    private SyntheticCatalogue() {
    }

    /**
     * Writes the catalogue into {@code dir} (created if needed).
     *
     * @param dir the directory
     * @param movies the number of movies, &ge; 24
     * @param users the number of users, &ge; 8
     * @param seed the seed; the same seed writes the same files
     * @return {@code dir}
     * @throws IllegalArgumentException if the sizes are too small
     * @throws UncheckedIOException if writing fails
     */
    public static Path write(Path dir, int movies, int users, long seed) {
        if (movies < 24 || users < 8) {
            throw new IllegalArgumentException("synthetic catalogue: need >= 24 movies and >= 8 users, got " + movies
                    + " and " + users);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] main = new int[movies];
        int[] second = new int[movies];
        List<String> movieRows = new ArrayList<>();
        List<String> overviewRows = new ArrayList<>();
        movieRows.add("movieId,title,genres");
        overviewRows.add("movieId,tmdbId,title,genres,overview");
        for (int m = 0; m < movies; m++) {
            main[m] = m % THEMES.length;
            second[m] = (main[m] + 1 + rng.nextInt(THEMES.length - 1)) % THEMES.length;
            String t = THEMES[main[m]];
            String u = THEMES[second[m]];
            String title = "The " + cap(t) + " of " + cap(u) + " " + (m + 1) + " (" + (1950 + rng.nextInt(50)) + ")";
            String genres = GENRES[main[m]] + (GENRES[second[m]].equals(GENRES[main[m]]) ? "" : "|" + GENRES[second[m]]);
            String name = NAMES[rng.nextInt(NAMES.length)];
            String place = PLACES[rng.nextInt(PLACES.length)];
            String overview = name + " grows up in " + place + " where every story is about the " + t + ". When a"
                    + " stranger arrives with news of a " + u + ", " + name + " must choose between home and the road."
                    + " Old friends turn into rivals as the " + t + " draws closer. In the end only courage and a little"
                    + " luck can save " + place + " from the " + u + ".";
            movieRows.add((m + 1) + "," + csv(title) + "," + genres);
            overviewRows.add((m + 1) + "," + (100000 + m) + "," + csv(title) + "," + genres + "," + csv(overview));
        }
        List<String> ratingRows = new ArrayList<>();
        ratingRows.add("userId,movieId,rating,timestamp");
        for (int u = 0; u < users; u++) {
            int like1 = rng.nextInt(THEMES.length);
            int like2 = (like1 + 1 + rng.nextInt(THEMES.length - 1)) % THEMES.length;
            int count = Math.min(movies, 12 + rng.nextInt(20));
            boolean[] seen = new boolean[movies];
            for (int j = 0; j < count; j++) {
                int m = rng.nextInt(movies);
                boolean liked = main[m] == like1 || main[m] == like2 || second[m] == like1;
                if (!liked && rng.nextDouble() < 0.6) {
                    // people mostly watch what they like: resample once towards a liked theme
                    m = (rng.nextBoolean() ? like1 : like2) + THEMES.length * rng.nextInt(Math.max(1, movies / THEMES.length));
                    m = Math.min(m, movies - 1);
                    liked = main[m] == like1 || main[m] == like2 || second[m] == like1;
                }
                if (seen[m]) {
                    continue;
                }
                seen[m] = true;
                double r = liked ? 3.5 + rng.nextInt(4) * 0.5 : 1.0 + rng.nextInt(5) * 0.5;
                ratingRows.add((u + 1) + "," + (m + 1) + "," + String.format(Locale.ROOT, "%.1f", r) + ","
                        + (1_000_000_000L + rng.nextInt(100_000_000)));
            }
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("movies.csv"), movieRows, StandardCharsets.UTF_8);
            Files.write(dir.resolve("ratings.csv"), ratingRows, StandardCharsets.UTF_8);
            Files.write(dir.resolve("overviews.csv"), overviewRows, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("README.txt"), "SYNTHETIC catalogue written by eaglelm (seed " + seed
                    + "): invented movies, overviews and ratings in the MovieLens file layout. Not MovieLens data.\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("synthetic catalogue: cannot write " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
