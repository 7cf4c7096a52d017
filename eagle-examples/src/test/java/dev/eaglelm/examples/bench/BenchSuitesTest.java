package dev.eaglelm.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table rendering, suite selection and the runner, without running a real benchmark. */
class BenchSuitesTest {

    @TempDir
    Path tmp;

    /** A suite whose outcome is scripted. */
    record FakeSuite(String name, Optional<String> why, List<BenchRow> rows, RuntimeException failure)
            implements BenchSuite {
        public String description() {
            return "fake " + name;
        }

        public Optional<String> unavailable(Context context) {
            return why;
        }

        public List<BenchRow> run(Context context, ProgressListener progress) {
            if (failure != null) {
                throw failure;
            }
            return rows;
        }
    }

    static final class Recorder implements ProgressListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(String task, long total, String unit) {
            events.add("start " + task + " " + total);
        }

        @Override
        public void advanced(String task, long done, long total) {
            events.add("advance " + task + " " + done + "/" + total);
        }

        @Override
        public void finished(String task, long done) {
            events.add("finish " + task + " " + done);
        }
    }

    BenchSuite.Context context() {
        return new BenchSuite.Context(tmp, true, tmp.resolve("logs"));
    }

    @Test
    void tableHasOneLinePerRowWithEscapedCells() {
        String t = BenchReport.table(List.of(
                new BenchRow("als", "s/epoch", "0.05 s", "numpy 0.2 s", "4.0x", "a | b\nc"),
                BenchRow.notAvailable("design", "design vs numpy", "python3 with numpy not found")));
        List<String> lines = t.lines().toList();
        assertEquals(4, lines.size());
        assertEquals("| suite | measure | eaglelm | baseline | comparison | notes |", lines.get(0));
        assertEquals("|---|---|---:|---|---|---|", lines.get(1));
        assertEquals("| als | s/epoch | 0.05 s | numpy 0.2 s | 4.0x | a \\| b c |", lines.get(2));
        assertEquals("| design | design vs numpy | — | — | — | not available: python3 with numpy not found |",
                lines.get(3));
        for (String line : lines) {
            // 7 unescaped bars: 6 columns
            assertEquals(7, line.replace("\\|", "").chars().filter(c -> c == '|').count(), line);
        }
    }

    @Test
    void reportStartsWithTheMachine() {
        MachineInfo m = new MachineInfo("Test CPU 9000", 2, "7.8 GiB", "Linux 6 amd64", "Java 17", "nd4j-native (CPU)",
                "1.00 0.50 0.25");
        String md = new BenchReport(m, "2026-12-06 01:00 UTC", true,
                List.of(new BenchRow("calls", "x", "1", null, " ", "n"))).toMarkdown();
        assertTrue(md.startsWith("### eagle bench --quick, 2026-12-06 01:00 UTC\n\n- CPU: Test CPU 9000, 2 processors"),
                md);
        assertTrue(md.contains("- ND4J backend: nd4j-native (CPU)\n"), md);
        assertTrue(md.endsWith("| calls | x | 1 | — | — | n |\n"), md);
    }

    @Test
    void machineInfoParsesProcFiles() {
        assertEquals("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz", MachineInfo.cpuModel(List.of("processor\t: 0",
                "vendor_id\t: GenuineIntel", "model name\t: Intel(R) Xeon(R) CPU E5-2680  v4 @ 2.40GHz", "model name\t: x")));
        assertEquals("Raspberry Pi 4 Model B Rev 1.4", MachineInfo.cpuModel(List.of("processor : 0",
                "Model : Raspberry Pi 4 Model B Rev 1.4")));
        assertEquals("unknown", MachineInfo.cpuModel(List.of()));
        assertEquals("7.8 GiB", MachineInfo.memTotal(List.of("MemTotal:        8174808 kB", "MemFree: 1 kB")));
        assertEquals("unknown", MachineInfo.memTotal(List.of("MemFree: 1 kB")));
    }

    @Test
    void selectionKeepsTableOrderAndRejectsUnknownNames() {
        List<BenchSuite> all = BenchSuites.defaults();
        assertEquals(List.of("design", "encoder", "als", "trainer", "calls"),
                all.stream().map(BenchSuite::name).toList());
        assertEquals(List.of("als", "calls"), BenchSuites.select(all, List.of("calls", "als", "calls")).stream()
                .map(BenchSuite::name).toList());
        assertEquals(5, BenchSuites.select(all, List.of()).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchSuites.select(all, List.of("als", "gpu")));
        assertEquals("unknown suite 'gpu'; the suites are: design, encoder, als, trainer, calls", e.getMessage());
    }

    @Test
    void runnerTurnsUnavailableAndFailingSuitesIntoRows() {
        BenchRow ok = new BenchRow("a", "m", "1", "2", "2x", "n");
        Recorder progress = new Recorder();
        List<BenchRow> rows = BenchSuites.run(List.of(
                new FakeSuite("a", Optional.empty(), List.of(ok), null),
                new FakeSuite("b", Optional.of("python3 with numpy not found"), List.of(), null),
                new FakeSuite("c", Optional.empty(), List.of(), new IllegalStateException("boom\nsecond line")),
                new FakeSuite("d", Optional.empty(), List.of(), null)), context(), progress);
        assertEquals(List.of(ok, BenchRow.notAvailable("b", "fake b", "python3 with numpy not found"),
                BenchRow.failed("c", "fake c", "boom second line"), BenchRow.failed("d", "fake d", "no results")),
                rows);
        assertEquals("start bench 4", progress.events.get(0));
        assertEquals("start bench a 1", progress.events.get(1));
        assertTrue(progress.events.contains("finish bench c 1"));
        assertTrue(progress.events.contains("advance bench 4/4"));
        assertEquals("finish bench 4", progress.events.get(progress.events.size() - 1));
    }

    @Test
    void scriptSuiteReadsBenchRowLines() throws Exception {
        Files.createDirectories(tmp.resolve("bench"));
        Files.writeString(tmp.resolve("bench/fake.sh"), "echo noise\n"
                + "echo 'bench-row: thing per second | 5 /s | other 2 /s | 2.5x | quick='\"$EAGLE_BENCH_QUICK\"\n"
                + "echo 'bench-row: only a measure'\necho \"args: $*\" >&2\n");
        ScriptSuite s = new ScriptSuite("fake", "a fake", List.of("bench/missing.sh", "bench/fake.sh"), List.of(),
                c -> Optional.empty(), c -> List.of("x", "y"), 60);
        assertEquals(Optional.empty(), s.unavailable(context()));
        List<BenchRow> rows = s.run(context(), ProgressListener.NONE);
        assertEquals(List.of(new BenchRow("fake", "thing per second", "5 /s", "other 2 /s", "2.5x", "quick=1"),
                new BenchRow("fake", "only a measure", null, null, null, null)), rows);
        assertTrue(Files.readString(tmp.resolve("logs/fake.log")).contains("args: x y"));

        Files.writeString(tmp.resolve("bench/fake.sh"), "echo done\nexit 3\n");
        BenchRow failed = s.run(context(), ProgressListener.NONE).get(0);
        assertTrue(failed.notes().startsWith("failed: fake.sh exited with status 3; log: "), failed.notes());
        Files.writeString(tmp.resolve("bench/fake.sh"), "echo one\necho\necho two\necho three\necho 'four: 4 ms'\n");
        BenchRow quoted = s.run(context(), ProgressListener.NONE).get(0);
        assertEquals(new BenchRow("fake", "a fake", null, null, null,
                "fake.sh printed no 'bench-row:' line; its last lines: two / three / four: 4 ms"), quoted);
        Files.writeString(tmp.resolve("bench/fake.sh"), "true\n");
        failed = s.run(context(), ProgressListener.NONE).get(0);
        assertTrue(failed.notes().startsWith("failed: fake.sh printed nothing; log: "), failed.notes());
    }

    @Test
    void missingScriptsAndPythonAreReasonsNotCrashes() {
        ScriptSuite s = ScriptSuite.of("design", "design vs numpy", List.of("bench/run_optdesign.sh"), List.of("numpy"));
        Optional<String> why = s.unavailable(context());
        assertTrue(why.isPresent() && why.get().equals("no script bench/run_optdesign.sh in this checkout"), why.toString());
        assertEquals(Optional.of("python3 with numpy not found (no python3 on PATH)"),
                ScriptSuite.checkPython("python3-that-does-not-exist-here", List.of("numpy")));
    }

    @Test
    void alsSuiteNeedsItsScript() {
        BenchSuite als = BenchSuites.select(BenchSuites.defaults(), List.of("als")).get(0);
        // an empty repository: no script, and no ratings next to it
        assertTrue(als.unavailable(context()).orElseThrow().startsWith("no script bench/als-vs-numpy.sh"));
    }
}
