package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eagle bench} with fake scripts in a temporary repository: no real benchmark runs. */
class BenchCommandTest {

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

    @Test
    void writesTheTableWithAvailableAndUnavailableSuites() throws Exception {
        Files.createDirectories(tmp.resolve("bench"));
        Files.writeString(tmp.resolve("bench/encoder-vs-langchain4j.sh"),
                "echo 'bench-row: encoder throughput, short texts | 800 sentences/s | LangChain4j 640 sentences/s | 1.25x |"
                        + " fake'\n");
        Path md = tmp.resolve("out/bench.md");
        Result r = run("bench", "--repo", tmp.toString(), "--suite", "encoder", "--suite", "design", "--quick",
                "--out", md.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("### eagle bench --quick, "), r.out());
        assertTrue(r.out().contains("- CPU: ") && r.out().contains("- ND4J backend: nd4j-native"), r.out());
        assertTrue(r.out().contains("| design | optimal design (G-optimal action sets) vs numpy | — | — | — |"
                + " not available: no script bench/run_optdesign.sh"), r.out());
        assertTrue(r.out().contains("| encoder | encoder throughput, short texts | 800 sentences/s |"
                + " LangChain4j 640 sentences/s | 1.25x | fake |"), r.out());
        // table order: design before encoder, whatever the order of --suite
        assertTrue(r.out().indexOf("| design |") < r.out().indexOf("| encoder |"));
        assertEquals(r.out(), Files.readString(md));
    }

    @Test
    void unknownSuiteIsAUsageError() {
        Result r = run("bench", "--suite", "gpu");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("error: --suite: unknown suite 'gpu'; the suites are: design, encoder, als, trainer, calls",
                r.err().strip());
    }

    @Test
    void listSaysWhatCanRun() {
        Result r = run("bench", "--repo", tmp.toString(), "--list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("calls    environment calls per unit utility gain"), r.out());
        assertTrue(r.out().contains("(not available: no script bench/als-vs-numpy.sh"), r.out());
    }
}
