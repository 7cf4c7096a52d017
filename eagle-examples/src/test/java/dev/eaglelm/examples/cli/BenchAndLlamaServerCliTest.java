package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.examples.bench.StubChatServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eagle bench llm}, and the llama-server backend from {@code eagle llm}/{@code eagle actions}. */
class BenchAndLlamaServerCliTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    static Path tmp;

    @BeforeAll
    static void quiet() {
        System.setProperty("eagle.progress", "none");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void benchLlmAgainstTheStubReportsEveryLevelAndRoundForEachBackend() throws Exception {
        Result r = run("bench", "llm", "--stub-server", "--backend", "openai:STUB?model=stub", "--backend",
                "bare-http:STUB?model=stub", "--requests", "5", "--concurrency", "1,3", "--rounds", "2",
                "--max-tokens", "32", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(2, root.path("backends").size());
        JsonNode openai = root.path("backends").path(0);
        assertTrue(openai.path("backend").asText().startsWith("openai:http://127.0.0.1:"), r.out());
        assertTrue(openai.path("defaultSetting").asBoolean(), "a spec without tuning parameters is the default");
        assertFalse(root.path("backends").path(1).path("defaultSetting").asBoolean(), "bare baselines are not");
        for (JsonNode b : root.path("backends")) {
            assertEquals(2, b.path("results").size());
            assertEquals(List.of(1, 3), List.of(b.path("results").path(0).path("concurrency").asInt(),
                    b.path("results").path(1).path("concurrency").asInt()));
            for (JsonNode row : b.path("results")) {
                assertEquals(32.0, row.path("tokensPerCall").asDouble(), 1e-9, "the stub claims max_tokens");
                assertEquals(2, row.path("rounds").size());
                for (JsonNode m : row.path("rounds")) {
                    assertEquals(5, m.path("calls").asInt());
                    assertEquals(160, m.path("tokens").asLong());
                    assertTrue(m.path("p50Millis").asDouble() <= m.path("p95Millis").asDouble(), m.toString());
                }
                assertTrue(row.path("relativeToBest").asDouble() <= 1.0 + 1e-12);
            }
        }
        assertTrue(r.err().contains("[the backend's default setting]"), r.err());
    }

    @Test
    void benchLlmPrintsATableNamingTheDefaultSetting() {
        Result r = run("bench", "llm", "--stub-server", "--backend", "openai:STUB?model=stub&concurrency=2",
                "--requests", "3", "--concurrency", "1,2", "--max-tokens", "8");
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("openai:")).toList();
        assertEquals(2, rows.size(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("setting: openai:")), r.out());
        assertFalse(r.out().contains("default setting:"), "concurrency=2 is a chosen setting");
        assertTrue(r.out().contains("best: openai:"), r.out());
    }

    @Test
    void benchRejectsBadInput() {
        Result r = run("bench", "llm", "--backend", "surrogate:x", "--concurrency", "0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: concurrency levels must be >= 1"), r.err());
        r = run("bench", "llm");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Missing required option: '--backend=SPEC'"), r.err());
        r = run("bench", "llm", "--backend", "bare-llamacpp:" + tmp.resolve("absent.gguf"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: bare-llamacpp: no such model file"), r.err());
    }

    /** A stand-in llama-server: a script that records its pid and runs the stub's main in a new JVM. */
    static Path standIn() throws Exception {
        Path classes = Path.of(StubChatServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("llama-server");
        Files.writeString(script, "#!/bin/sh\necho \"$$\" >> '" + tmp.resolve("pids") + "'\nexec '" + java
                + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + classes + "' " + StubChatServer.class.getName()
                + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void llmAndActionsRunThroughAManagedLlamaServerAndStopIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the stand-in script");
        Path model = tmp.resolve("model.gguf");
        Files.write(model, "GGUF stand-in".getBytes(StandardCharsets.US_ASCII));
        String spec = "llama-server:" + standIn() + "?model=" + model + "&threads=1&parallel=2";
        Result r = run("llm", "--backend", spec, "--max-tokens", "16", "Suggest edits.");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("- Make the hero a retired pirate."), r.out());
        assertTrue(r.err().contains("backend llama-server:" + model), r.err());
        r = run("actions", "--backend", spec, "--description", "A retired violinist returns to her home town.",
                "--generic", "2", "--personalised", "0");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().isBlank(), r.err());
        assertTrue(r.out().lines().allMatch(l -> l.split("\t").length == 3), r.out());
        assertTrue(r.err().contains("llama-server:" + model), r.err());
        List<String> pids = Files.readAllLines(tmp.resolve("pids"));
        assertEquals(2, pids.size());
        for (String pid : pids) {
            assertFalse(ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false),
                    "llama-server " + pid + " outlived the command");
        }
        r = run("llm", "--backend", "llama-server:" + tmp.resolve("absent") + "?model=" + model, "hi");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: llama-server backend: no such file: "), r.err());
    }

    @Test
    void benchLlmOnSmolLm2() {
        String shared = System.getProperty("eagle.shared.dir");
        Path model = shared == null ? null
                : Path.of(shared, "models", "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf");
        Assumptions.assumeTrue(model != null && Files.isRegularFile(model),
                "../shared/models/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf is absent");
        Result r = run("bench", "llm", "--backend", "gguf:" + model, "--requests", "2", "--concurrency", "1,2",
                "--max-tokens", "16");
        assertEquals(0, r.code(), r.err());
        List<String[]> rows = r.out().lines().filter(l -> l.startsWith("gguf:")).map(l -> l.trim().split("\\s+"))
                .toList();
        assertEquals(2, rows.size(), r.out());
        for (String[] row : rows) {
            assertTrue(Double.parseDouble(row[2]) > 0, r.out());
            double perCall = Double.parseDouble(row[row.length - 2]);
            assertTrue(perCall >= 1 && perCall <= 16, r.out());
        }
        assertTrue(r.out().contains("default setting: gguf:" + model + " = GgufLanguageModel["), r.out());
    }
}
