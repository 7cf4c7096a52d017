package dev.eaglelm.core.llm.llamaserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.LanguageModelException;
import dev.eaglelm.core.llm.LanguageModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process management of the llama-server backend, against stand-in executables written here. */
class LlamaServerModelTest {

    @TempDir
    static Path dir;

    static Path model;

    static {
        // these tests initialise OpenAiCompatibleModel (and its static logger) first in the shared test JVM;
        // OpenAiCompatibleModelTest checks its debug lines, so the level it sets later must already hold
        System.setProperty("org.slf4j.simpleLogger.log.dev.eaglelm.core.llm.openai", "debug");
    }

    @BeforeAll
    static void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh for the stand-in scripts");
        model = dir.resolve("tiny model.gguf");
        Files.write(model, "GGUF not really a model".getBytes(StandardCharsets.US_ASCII));
    }

    /** A shell script that runs the stand-in server JVM, optionally after other commands. */
    static Path standIn(String name, String before) throws Exception {
        Path classes = Path.of(StandInLlamaServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return script(name, before + "\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + classes
                + "' " + StandInLlamaServer.class.getName() + " \"$@\"\n");
    }

    static Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    static String spec(Path binary, String extra) {
        return "llama-server:" + binary + "?model=" + model.toString().replace(" ", "%20") + extra;
    }

    static CompletionRequest ask(String text) {
        return CompletionRequest.builder().user(text).temperature(0).maxTokens(16).build();
    }

    @Test
    void startsTheServerWithTheSettingsAnswersThroughItAndLeavesNoProcessBehind() throws Exception {
        // the script starts a child of its own first: stopping must take the whole tree down
        Path binary = standIn("llama-server-ok", "sleep 300 &");
        long pid;
        List<ProcessHandle> tree;
        try (LanguageModel llm = LanguageModels.open(spec(binary, "&threads=1&parallel=3&ctx=512"))) {
            LlamaServerModel server = (LlamaServerModel) llm;
            pid = server.pid();
            tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();
            assertFalse(tree.isEmpty(), "the script's background child runs under the server process");
            Completion c = llm.complete(ask("What is the capital of France?"));
            assertEquals("stand-in t=1 np=3 c=1536 m=tiny model.gguf: What is the capital of France?", c.text());
            assertTrue(llm.id().startsWith("llama-server:" + model.toAbsolutePath() + "#"), llm.id());
            assertEquals(llm.id(), c.backend(), "every completion names the backend, not the port");
            assertEquals(5, c.usage().completionTokens());
            assertTrue(server.baseUrl().toString().startsWith("http://127.0.0.1:"), server.baseUrl().toString());
            List<Completion> all = llm.completeAll(List.of(ask("a"), ask("b"), ask("c"), ask("d")), 4);
            assertEquals(List.of("a", "b", "c", "d"), all.stream().map(x -> x.text().substring(x.text().indexOf(": ")
                    + 2)).toList());
            assertTrue(all.stream().allMatch(x -> x.backend().equals(llm.id())));
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server still running");
        for (ProcessHandle p : tree) {
            assertFalse(p.isAlive(), "orphan process " + p.pid() + " " + p.info().command().orElse("?"));
        }
    }

    @Test
    void terminatingTheJvmStopsTheServerThroughTheShutdownHook() throws Exception {
        Path binary = standIn("llama-server-hook", "");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                OpenAndWait.class.getName(), spec(binary, "&threads=1&parallel=1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long pid;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null && line.matches("\\d+"), "the program printed " + line);
            pid = Long.parseLong(line);
            ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
            assertTrue(server.isAlive());
            jvm.destroy(); // SIGTERM, as Ctrl-C: the JVM runs its shutdown hooks
            assertTrue(jvm.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the JVM did not exit");
            server.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            jvm.destroyForcibly();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "orphan llama-server " + pid);
    }

    @Test
    void defaultsAreTwoThreadsFourSlotsAndAPerSlotContext() throws Exception {
        try (LanguageModel llm = LanguageModels.open(spec(standIn("llama-server-defaults", ""), ""))) {
            assertTrue(llm.complete(ask("x")).text().startsWith("stand-in t=2 np=4 c=8192 m=tiny model.gguf"));
            assertTrue(llm.toString().contains("threads=2, parallel=4, ctx=2048"), llm.toString());
        }
    }

    @Test
    void aMissingBinaryIsNamed() {
        Path absent = dir.resolve("no-such-llama-server");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open(spec(absent, "")));
        assertTrue(e.getMessage().contains("no such file: " + absent), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LlamaServerModel.builder().binary("llama-server-absent")
                .model(model).environment(Map.of("PATH", dir.toString())::get).build());
        assertTrue(e.getMessage().contains("'llama-server-absent' is not on the PATH"), e.getMessage());
    }

    @Test
    void aBinaryOnThePathIsFound() throws Exception {
        Path binary = standIn("llama-server-on-path", "");
        try (LanguageModel llm = LlamaServerModel.builder().binary("llama-server-on-path").model(model).threads(1)
                .parallel(1).environment(Map.of("PATH", "/nonexistent:" + dir)::get).build()) {
            assertTrue(llm.complete(ask("hi")).text().endsWith(": hi"));
        }
        assertTrue(Files.exists(binary));
    }

    @Test
    void aFileThatIsNotExecutableIsNamed() throws Exception {
        Path plain = dir.resolve("llama-server-plain");
        Files.writeString(plain, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open(spec(plain, "")));
        assertTrue(e.getMessage().contains(plain + " is not executable (chmod +x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open(spec(dir, "")));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void aMissingModelOrBadSpecIsAUsageError() throws Exception {
        Path binary = script("llama-server-never-run", "exit 9\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModels.open("llama-server:" + binary + "?model=" + dir.resolve("absent.gguf")));
        assertTrue(e.getMessage().contains("no such model file: " + dir.resolve("absent.gguf")), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("llama-server:" + binary));
        assertTrue(e.getMessage().contains("name the model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open(spec(binary, "&thread=2")));
        assertTrue(e.getMessage().contains("unknown parameter 'thread'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open(spec(binary, "&parallel=0")));
        assertTrue(e.getMessage().contains("parallel must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void anEarlyExitIsReportedWithItsCodeAndLastOutputLines() throws Exception {
        Path binary = script("llama-server-exits", "echo 'main: loading model' >&2\n"
                + "echo 'gguf_init_from_file: failed to read magic' >&2\nexit 3\n");
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> LanguageModels.open(spec(binary, "")));
        assertTrue(e.getMessage().contains("llama-server exited with code 3 before it became healthy"), e.getMessage());
        assertTrue(e.getMessage().contains("main: loading model | gguf_init_from_file: failed to read magic"),
                e.getMessage());
    }

    @Test
    void aServerThatNeverBecomesHealthyIsStoppedAfterTheTimeout() throws Exception {
        Path pidFile = dir.resolve("never.pid");
        Path binary = script("llama-server-never-healthy", "echo \"$$\" > '" + pidFile + "'\n"
                + "echo 'still loading' >&2\nexec sleep 300\n");
        LanguageModelException e = assertThrows(LanguageModelException.class,
                () -> LanguageModels.open(spec(binary, "&startTimeout=0.5")));
        assertTrue(e.getMessage().contains("llama-server did not become healthy within 0.5 s (GET http://127.0.0.1:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("still loading"), e.getMessage());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server was not stopped");
    }

    @Test
    void aServerThatDiesDuringTheRunIsNamedInTheError() throws Exception {
        try (LanguageModel llm = LanguageModels.open(spec(standIn("llama-server-dies", ""), "&attempts=1"))) {
            ProcessHandle p = ProcessHandle.of(((LlamaServerModel) llm).pid()).orElseThrow();
            p.destroyForcibly();
            p.onExit().get();
            LanguageModelException e = assertThrows(LanguageModelException.class, () -> llm.complete(ask("x")));
            assertTrue(e.getMessage().contains("exited with code 137 during the run"), e.getMessage());
        }
    }
}
