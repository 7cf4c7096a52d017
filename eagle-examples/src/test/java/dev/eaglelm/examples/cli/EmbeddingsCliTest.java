package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsCliTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void quietProgress() {
        System.setProperty("eagle.progress", "none");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static double[] parse(String line) {
        String[] f = line.split(",");
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = Double.parseDouble(f[i]);
        }
        return v;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void embedWritesOneUnitRowPerLineInOrder() throws Exception {
        Path in = tmp.resolve("texts.txt");
        Files.writeString(in, "A lonely robot falls in love on a deserted planet.\n"
                + "An android develops romantic feelings while stranded in space.\n"
                + "A stand-up comedian tries to save his failing pizza restaurant.\n");
        Result r = run("embed", "--input", in.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        double[][] v = lines.stream().map(EmbeddingsCliTest::parse).toArray(double[][]::new);
        for (double[] row : v) {
            assertEquals(384, row.length);
            assertEquals(1.0, Math.sqrt(dot(row, row)), 1e-5);
        }
        assertEquals(0.5713, dot(v[0], v[1]), 5e-4);
        assertEquals(0.1292, dot(v[0], v[2]), 5e-4);
        assertFalse(r.err().contains("CUDA"), "DJL's GPU probing is not shown: " + r.err());

        Path out = tmp.resolve("out/emb.csv");
        Path cache = tmp.resolve("cache.db");
        Result f = run("embed", "--input", in.toString(), "--output", out.toString(), "--cache", cache.toString());
        assertEquals(0, f.code(), f.err());
        assertEquals("", f.out());
        assertEquals(r.out(), Files.readString(out).replace(System.lineSeparator(), "\n"));
        Result cached = run("embed", "--input", in.toString(), "--cache", cache.toString());
        assertEquals(r.out(), cached.out(), "cached vectors are the same vectors");
    }

    @Test
    void embedBadInputs() throws Exception {
        Result r = run("embed", "--input", tmp.resolve("missing.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: input file"), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
        Path in = tmp.resolve("t.txt");
        Files.writeString(in, "hello\n");
        r = run("embed", "--input", in.toString(), "--model-dir", tmp.resolve("nomodel").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: model directory"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        Files.write(tmp.resolve("bin.txt"), new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
        r = run("embed", "--input", tmp.resolve("bin.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not valid UTF-8"), r.err());
    }

    static Path planted(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("user,item,rating\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        for (int u = 0; u < 80; u++) {
            for (int i = 0; i < 50; i++) {
                if (rnd.nextDouble() < 0.4) {
                    double v = 3 + Math.sin(u) * Math.cos(i) + 0.5 * Math.cos(u + 2.0 * i);
                    sb.append("user").append(u).append(",item").append(i).append(',').append(v).append('\n');
                }
            }
        }
        Path f = dir.resolve("ratings.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void behavioralPrintsOneJsonObjectAndWritesFactors() throws Exception {
        Path ratings = planted(tmp);
        Path items = tmp.resolve("items.csv");
        Path users = tmp.resolve("users.csv");
        Result r = run("behavioral", "--ratings", ratings.toString(), "--rank", "4", "--iterations", "8",
                "--holdout", "0.2", "--seed", "3", "--output-items", items.toString(), "--output-users", users.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("explicit", j.get("mode").asText());
        assertEquals(4, j.get("rank").asInt());
        assertEquals(8, j.get("iterations").asInt());
        assertTrue(j.get("trainRmse").asDouble() < j.get("heldOutRmse").asDouble());
        assertTrue(j.get("heldOutRmse").asDouble() < j.get("meanPredictorHeldOutRmse").asDouble(), r.out());
        assertEquals(8, j.get("loss").size());
        assertTrue(j.get("seconds").asDouble() > 0);
        List<String> itemLines = Files.readAllLines(items);
        assertEquals(50, itemLines.size());
        assertTrue(itemLines.get(0).matches("item\\d+(,[-0-9.E]+){6}"), itemLines.get(0)); // rank 4 + 2 bias coordinates
        assertEquals(80, Files.readAllLines(users).size());

        Result implicit = run("behavioral", "--ratings", ratings.toString(), "--mode", "implicit", "--rank", "4",
                "--iterations", "3");
        assertEquals(0, implicit.code(), implicit.err());
        JsonNode ji = new ObjectMapper().readTree(implicit.out());
        assertEquals("implicit", ji.get("mode").asText());
        double recall = ji.get("heldOutRecallAt20").asDouble();
        assertTrue(recall >= 0 && recall <= 1, implicit.out());
        assertTrue(ji.has("trainRmse"));
        JsonNode again = new ObjectMapper().readTree(run("behavioral", "--ratings", ratings.toString(), "--rank", "4",
                "--iterations", "8", "--holdout", "0.2", "--seed", "3").out());
        assertEquals(j.get("heldOutRmse"), again.get("heldOutRmse"), "same seed, same metrics");
        assertEquals(j.get("loss"), again.get("loss"), "same seed, same losses");
    }

    @Test
    void behavioralBadInputs() throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,four,1\n");
        Result r = run("behavioral", "--ratings", bad.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("line 3, column 3 (rating): not a number: 'four'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertEquals("", r.out());
        r = run("behavioral", "--ratings", tmp.resolve("none.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("does not exist"), r.err());
        Path ok = planted(tmp);
        r = run("behavioral", "--ratings", ok.toString(), "--holdout", "1.5");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: --holdout must be in [0, 1)"), r.err());
        r = run("behavioral", "--ratings", ok.toString(), "--mode", "sideways");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: mode must be explicit or implicit"), r.err());
        r = run("behavioral", "--ratings", ok.toString(), "--rank", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: als: rank must be >= 1"), r.err());
    }
}
