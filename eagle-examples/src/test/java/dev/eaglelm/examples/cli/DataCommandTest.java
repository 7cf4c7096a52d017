package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eagle data fetch} against a loopback server. */
class DataCommandTest {

    @Test
    void fetchesFromLoopbackAndRejectsAWrongChecksum(@TempDir Path tmp) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("ml-latest-small/ratings.csv"));
            z.write("userId,movieId,rating,timestamp\n1,1,4.0,1\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
            z.putNextEntry(new ZipEntry("ml-latest-small/movies.csv"));
            z.write("movieId,title,genres\n1,A (1999),Drama\n".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        byte[] zip = b.toByteArray();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ml.zip", ex -> {
            ex.sendResponseHeaders(200, zip.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(zip);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ml.zip";
            // the real release's per-file checksums do not match this test archive
            String[] r = run("data", "fetch", "--url", url, "--dir", tmp.resolve("a").toString());
            assertEquals("1", r[0], r[2]);
            assertTrue(r[2].startsWith("downloading ") && r[2].contains("\nerror: ")
                    && r[2].contains("nothing was installed"), r[2]);
            assertFalse(Files.exists(tmp.resolve("a/ml-latest-small")));

            r = run("data", "fetch", "--url", url, "--dir", tmp.resolve("b").toString(), "--no-file-checks",
                    "--sha256", "f".repeat(64));
            assertEquals("1", r[0], r[2]);
            assertTrue(r[2].contains("error: checksum mismatch for " + url), r[2]);

            r = run("data", "fetch", "--url", url, "--dir", tmp.resolve("c").toString(), "--no-file-checks");
            assertEquals("0", r[0], r[2]);
            assertTrue(Files.isRegularFile(tmp.resolve("c/ml-latest-small/ratings.csv")));
            assertTrue(r[1].startsWith("installed 2 files into "), r[1]);

            r = run("data", "fetch", "--url", url, "--sha256", "xyz");
            assertEquals("2", r[0], r[2]);
            assertTrue(r[2].startsWith("error: --sha256: "), r[2]);
        } finally {
            server.stop(0);
        }
    }

    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}
