package dev.eaglelm.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    /** Writes the two files that make a directory qualify. */
    static Path movielens(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n");
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,A (1999),Drama\n");
        return dir;
    }

    @Test
    void followsTheDocumentedOrder(@TempDir Path tmp) throws IOException {
        Path explicit = movielens(tmp.resolve("explicit"));
        Path fromEnv = movielens(tmp.resolve("env"));
        Path work = tmp.resolve("repo/work");
        Path sharedOfWork = movielens(tmp.resolve("repo/shared/data/movielens/ml-latest-small"));
        Path root = tmp.resolve("other/root");
        Path sharedOfRoot = movielens(tmp.resolve("other/shared/data/movielens"));
        Path cache = movielens(tmp.resolve("cache/ml-latest-small"));
        Files.createDirectories(work);
        Files.createDirectories(root);
        Map<String, String> env = Map.of(DataLocator.ENV, fromEnv.toString());
        Path cacheBase = tmp.resolve("cache");

        assertEquals(explicit, DataLocator.resolve(explicit, env, work, root, cacheBase).orElseThrow().ratingsDir());
        DataLocator.Located e = DataLocator.resolve(null, env, work, root, cacheBase).orElseThrow();
        assertEquals(fromEnv, e.ratingsDir());
        assertEquals("$EAGLE_DATA", e.source());
        assertEquals(sharedOfWork, DataLocator.resolve(null, Map.of(), work, root, cacheBase).orElseThrow().ratingsDir());
        Path elsewhere = Files.createDirectories(tmp.resolve("x/y"));
        assertEquals(sharedOfRoot, DataLocator.resolve(null, Map.of(), elsewhere, root, cacheBase).orElseThrow()
                .ratingsDir());
        assertEquals(cache, DataLocator.resolve(null, Map.of(), elsewhere, null, cacheBase).orElseThrow().ratingsDir());
        assertEquals(Optional.empty(), DataLocator.resolve(null, Map.of(), elsewhere, null, tmp.resolve("none")));
    }

    @Test
    void explicitLocationsThatDoNotQualifyAreErrorsNotSkipped(@TempDir Path tmp) throws IOException {
        Path cache = movielens(tmp.resolve("cache"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
                () -> DataLocator.resolve(empty, Map.of(), tmp, null, cache));
        assertTrue(a.getMessage().startsWith("--data: " + empty), a.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
                () -> DataLocator.resolve(null, Map.of(DataLocator.ENV, empty.toString()), tmp, null, cache));
        assertTrue(b.getMessage().startsWith("$EAGLE_DATA: "), b.getMessage());
    }

    @Test
    void findsOverviewsNextToTheRatingsOrOneLevelUp(@TempDir Path tmp) throws IOException {
        Path dir = movielens(tmp.resolve("ml/ml-latest-small"));
        assertNull(DataLocator.inspect(tmp.resolve("ml"), "t").orElseThrow().overviews());
        Files.writeString(tmp.resolve("ml/overviews.csv"), "movieId,overview\n1,x\n");
        assertEquals(tmp.resolve("ml/overviews.csv"), DataLocator.inspect(tmp.resolve("ml"), "t").orElseThrow().overviews());
        Files.writeString(dir.resolve("overviews.csv"), "movieId,overview\n1,y\n");
        assertEquals(dir.resolve("overviews.csv"), DataLocator.inspect(tmp.resolve("ml"), "t").orElseThrow().overviews());
    }

    @Test
    void userCacheFollowsXdg(@TempDir Path tmp) {
        assertEquals(tmp.resolve("eaglelm/data"), DataLocator.userDataCache(Map.of("XDG_CACHE_HOME", tmp.toString())));
        assertTrue(DataLocator.userDataCache(Map.of()).endsWith(Path.of(".cache/eaglelm/data")));
    }
}
