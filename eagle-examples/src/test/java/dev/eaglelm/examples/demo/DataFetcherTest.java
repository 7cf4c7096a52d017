package dev.eaglelm.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {

    static final String RATINGS = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n";
    static final String MOVIES = "movieId,title,genres\n1,Toy Story (1995),Animation\n";

    HttpServer server;
    byte[] zip;

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("ml-latest-small/"));
            z.closeEntry();
            for (Map.Entry<String, String> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha(String s) throws Exception {
        return sha(s.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void serve() throws IOException {
        zip = zip(Map.of("ml-latest-small/ratings.csv", RATINGS, "ml-latest-small/movies.csv", MOVIES,
                "../evil.csv", "x"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ml.zip", ex -> {
            ex.sendResponseHeaders(200, zip.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(zip);
            }
        });
        server.createContext("/missing.zip", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void installsWhenEveryChecksumMatches(@TempDir Path tmp) throws Exception {
        DataFetcher f = new DataFetcher(url("/ml.zip"), sha(zip),
                Map.of("ratings.csv", sha(RATINGS), "movies.csv", sha(MOVIES)), Duration.ofSeconds(10));
        Path target = tmp.resolve("data/ml-latest-small");
        DataFetcher.Fetched got = f.fetch(target);
        assertEquals(RATINGS, Files.readString(target.resolve("ratings.csv")));
        assertEquals(MOVIES, Files.readString(target.resolve("movies.csv")));
        assertEquals(sha(zip), got.zipSha256());
        assertEquals(zip.length, got.bytes());
        assertFalse(Files.exists(tmp.resolve("data/evil.csv")), "entries that climb out are never written");
        assertFalse(Files.exists(target.resolve("evil.csv")));
        try (var s = Files.list(tmp.resolve("data"))) {
            assertEquals(1, s.count(), "no temporary files left behind");
        }
        // the located data qualifies for the demo
        assertEquals(target, DataLocator.inspect(tmp.resolve("data"), "t").orElseThrow().ratingsDir());
    }

    @Test
    void aFileChecksumMismatchInstallsNothing(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("ml-latest-small");
        DataFetcher f = new DataFetcher(url("/ml.zip"), null,
                Map.of("ratings.csv", sha("something else"), "movies.csv", sha(MOVIES)), Duration.ofSeconds(10));
        IOException e = assertThrows(IOException.class, () -> f.fetch(target));
        assertTrue(e.getMessage().startsWith("checksum mismatch for ratings.csv"), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + sha("something else")), e.getMessage());
        assertFalse(Files.exists(target));
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.count(), "no temporary files left behind");
        }
    }

    @Test
    void aZipChecksumMismatchOrAMissingFileOrHttpErrorInstallsNothing(@TempDir Path tmp) throws Exception {
        Path target = tmp.resolve("ml-latest-small");
        String wrong = "0".repeat(64);
        IOException a = assertThrows(IOException.class, () -> new DataFetcher(url("/ml.zip"), wrong, Map.of(),
                Duration.ofSeconds(10)).fetch(target));
        assertTrue(a.getMessage().startsWith("checksum mismatch for " + url("/ml.zip") + ": SHA-256 " + sha(zip)),
                a.getMessage());
        IOException b = assertThrows(IOException.class, () -> new DataFetcher(url("/ml.zip"), null,
                Map.of("tags.csv", wrong), Duration.ofSeconds(10)).fetch(target));
        assertTrue(b.getMessage().contains("has no tags.csv"), b.getMessage());
        IOException c = assertThrows(IOException.class, () -> new DataFetcher(url("/missing.zip"), null, Map.of(),
                Duration.ofSeconds(10)).fetch(target));
        assertTrue(c.getMessage().endsWith("failed: HTTP 404"), c.getMessage());
        assertFalse(Files.exists(target));
        // nothing listening: the message says what failed and what to do
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        IOException d = assertThrows(IOException.class, () -> new DataFetcher(
                URI.create("http://127.0.0.1:" + closed + "/ml.zip"), null, Map.of(), Duration.ofSeconds(5)).fetch(target));
        assertTrue(d.getMessage().startsWith("download of http://127.0.0.1:" + closed + "/ml.zip failed ("), d.getMessage());
        assertTrue(d.getMessage().endsWith("use --data"), d.getMessage());
        assertFalse(Files.exists(target));
        assertThrows(IllegalArgumentException.class, () -> new DataFetcher(url("/ml.zip"), "abc", Map.of(),
                Duration.ofSeconds(1)));
    }

    @Test
    void publishedChecksumsMatchTheSharedCopyWhenPresent() throws Exception {
        // the built-in checksums are the release's; verify them against the shared copy when this machine has it
        Path shared = Path.of(System.getProperty("eagle.shared.dir", "../../shared"), "data", "movielens",
                "ml-latest-small");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(shared.resolve("ratings.csv")),
                "no shared MovieLens copy at " + shared);
        for (Map.Entry<String, String> e : DataFetcher.ML_LATEST_SMALL_FILES.entrySet()) {
            assertEquals(e.getValue(), DataFetcher.sha256(shared.resolve(e.getKey())), e.getKey());
        }
    }
}
