package dev.eaglelm.embeddings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Shared test data: the MovieLens files under {@code eagle.shared.dir}. */
public final class TestData {

    private TestData() {
    }

    /**
     * The ml-latest-small directory; the test is skipped (with a reason) when the shared data is absent.
     *
     * @return the directory
     */
    public static Path movielens() {
        String shared = System.getProperty("eagle.shared.dir");
        Path dir = shared == null ? null : Path.of(shared, "data", "movielens");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("ml-latest-small/ratings.csv")),
                "shared MovieLens data not found under eagle.shared.dir=" + shared);
        return dir;
    }

    /**
     * Reads overviews.csv: movieId and overview (RFC 4180 quoting, one record per line).
     *
     * @param file the file
     * @return rows {movieId, overview, title, genres}
     * @throws IOException if it cannot be read
     */
    public static List<String[]> overviews(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = fields(line);
            out.add(new String[] {f.get(0), f.get(4), f.get(2), f.get(3)});
        }
        return out;
    }

    static List<String> fields(String line) {
        List<String> f = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                f.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        f.add(sb.toString());
        return f;
    }
}
