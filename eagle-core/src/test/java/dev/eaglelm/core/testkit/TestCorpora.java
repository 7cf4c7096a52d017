package dev.eaglelm.core.testkit;

import dev.eaglelm.core.llm.surrogate.SurrogateCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The surrogate's corpus for tests: the shared MovieLens overviews when {@code eagle.shared.dir} points at
 * them (as in CI here), else a small synthetic corpus written below.
 */
public final class TestCorpora {

    private static SurrogateCorpus cached;

    private TestCorpora() {
    }

    /** The shared data directory holding overviews.csv, or null when absent. */
    public static Path sharedMovielens() {
        String dir = System.getProperty("eagle.shared.dir");
        if (dir == null) {
            return null;
        }
        Path p = Path.of(dir, "data", "movielens");
        return Files.isRegularFile(p.resolve("overviews.csv")) ? p : null;
    }

    public static synchronized SurrogateCorpus corpus() {
        if (cached == null) {
            Path p = sharedMovielens();
            cached = p != null ? SurrogateCorpus.load(p) : synthetic();
        }
        return cached;
    }

    /** A synthetic corpus: 60 short overviews over a dozen themes, with genres. */
    public static SurrogateCorpus synthetic() {
        String[] themes = {"pirate", "vampire", "robot", "wedding", "heist", "dragon", "submarine", "circus",
            "detective", "volcano", "orchestra", "spaceship"};
        String[] names = {"Anna", "Boris", "Clara", "Dev", "Elena"};
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String t = themes[i % themes.length];
            String u = themes[(i * 7 + 3) % themes.length];
            String n = names[i % names.length];
            docs.add(n + " joins a crew of the " + t + " after a strange letter arrives. Everyone fears the " + t
                    + ", and the village keeps quiet. Meanwhile a rival, obsessed with the " + u + ", follows every"
                    + " step. Only the " + t + " can save them from the storm in chapter " + i + ".");
        }
        return SurrogateCorpus.of("synthetic-test-corpus", docs, List.of("Adventure", "Comedy", "Horror", "Romance"));
    }
}
