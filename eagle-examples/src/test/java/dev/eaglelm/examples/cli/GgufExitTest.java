package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that is terminated (SIGTERM, as by Ctrl-C) while SmolLM2 is generating exits cleanly: before the fix,
 * llama.cpp kept decoding while the process tore down its native state and the JVM crashed with SIGSEGV,
 * leaving an {@code hs_err_pid*.log}. Skipped when the model is absent.
 */
class GgufExitTest {

    @TempDir
    Path dir;

    @Test
    void terminatingTheJvmMidGenerationDoesNotCrashIt() throws Exception {
        String shared = System.getProperty("eagle.shared.dir");
        Path model = shared == null ? null
                : Path.of(shared, "models", "smollm2-135m-instruct", "SmolLM2-135M-Instruct.Q4_1.gguf");
        Assumptions.assumeTrue(model != null && Files.isRegularFile(model), "SmolLM2-135M-Instruct.Q4_1.gguf is"
                + " absent from ../shared/models/smollm2-135m-instruct/: GGUF exit test skipped");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = Stream.of(List.of(java, "-Xss4m"),
                jdk24Flags(),
                List.of("-cp", System.getProperty("java.class.path"), EagleCli.class.getName(), "--verbose", "llm",
                        "--backend", "gguf:" + model + "?parallel=2", "--max-tokens", "2000",
                        "Write a very long story about a dragon and a lighthouse keeper."))
                .flatMap(List::stream).toList();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CountDownLatch loaded = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("loaded GGUF model")) {
                        loaded.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        assertTrue(loaded.await(60, TimeUnit.SECONDS), "the model never loaded:\n" + output);
        Thread.sleep(1500); // let generation run: 2,000 tokens take far longer than this
        assertTrue(p.isAlive(), "the generation ended before the test could interrupt it:\n" + output);
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the JVM did not exit after SIGTERM");
        reader.join(5000);
        String out;
        synchronized (output) {
            out = output.toString();
        }
        File[] crashLogs = dir.toFile().listFiles((d, name) -> name.startsWith("hs_err_pid"));
        assertEquals(0, crashLogs == null ? 0 : crashLogs.length, "the JVM crashed:\n" + out);
        assertFalse(out.contains("SIGSEGV") || out.contains("A fatal error has been detected"), out);
        assertEquals(143, p.exitValue(), "exit status after SIGTERM\n" + out);
    }

    private static List<String> jdk24Flags() {
        return Runtime.version().feature() >= 24 ? List.of("--enable-native-access=ALL-UNNAMED") : List.of();
    }
}
