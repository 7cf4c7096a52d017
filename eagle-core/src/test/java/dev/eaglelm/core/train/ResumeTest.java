package dev.eaglelm.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.Environment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.Move;
import dev.eaglelm.core.env.LinearEmbeddingEnvironment.State;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

    static final int ITERATIONS = 8;

    static LinearEmbeddingEnvironment environment() {
        return Synthetic.anchors(3, 3, 3, 3, 21);
    }

    static TrainerConfig config() {
        return TrainerConfig.builder().iterations(ITERATIONS).episodesPerIteration(16).minibatchEpisodes(8)
                .checkpointEvery(1).parallelism(2).seed(2024).build();
    }

    static Trainer<State, Move> trainer(Environment<State, Move> env, LinearEmbeddingEnvironment view, Path ckpt,
            Path metrics, TrainingListener extra) {
        Trainer.Builder<State, Move> b = Trainer.<State, Move>builder().environment(env).embeddings(view)
                .config(config()).listener(extra);
        if (ckpt != null) {
            b.checkpoints(ckpt);
        }
        if (metrics != null) {
            b.listener(new JsonLinesMetricsListener(metrics));
        }
        return b.build();
    }

    static TrainingResult<State, Move> uninterrupted(Path metrics) {
        LinearEmbeddingEnvironment env = environment();
        return trainer(env, env, null, metrics, new TrainingListener() { }).train();
    }

    static boolean sameBits(double[] a, double[] b) {
        return Arrays.equals(a, b); // Arrays.equals(double[]) compares doubleToLongBits: bit for bit
    }

    /** The metrics lines without the wall-clock field. */
    static List<Map<?, ?>> metricsWithoutTime(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Map<?, ?>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            Map<Object, Object> m = new LinkedHashMap<>();
            Map<?, ?> parsed = json.readValue(line, Map.class);
            parsed.forEach(m::put);
            m.remove("seconds");
            out.add(m);
        }
        return out;
    }

    @Test
    void aRunKilledMidwayAndResumedEndsBitIdenticalToAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Path metrics = dir.resolve("metrics.jsonl");
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), ResumeChild.class.getName(), ckpt.toString(),
                metrics.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path file = ckpt.resolve(Checkpoint.FILE_NAME);
        long deadline = System.nanoTime() + 120_000_000_000L;
        int seen = 0;
        try {
            while (seen < ResumeChild.SLOW_AFTER) {
                if (!child.isAlive()) {
                    fail("the child JVM exited (" + child.exitValue() + ") before its checkpoint: "
                            + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after 120 s: " + Files.readString(log));
                }
                if (Files.exists(file)) {
                    seen = Checkpoint.read(file).iteration();
                }
                Thread.sleep(5);
            }
            Thread.sleep(150); // now inside a slowed iteration
            assertTrue(child.isAlive(), "the child finished before it could be killed");
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertTrue(child.exitValue() != 0, "the child was not killed");
        assertFalse(Files.readString(log).contains("finished"), "the child was not killed mid-way");
        Checkpoint survived = Checkpoint.read(file); // intact: written atomically
        assertTrue(survived.iteration() >= ResumeChild.SLOW_AFTER && survived.iteration() < ITERATIONS,
                "checkpoint at iteration " + survived.iteration());

        LinearEmbeddingEnvironment env = environment();
        Path stale = ckpt.resolve(Checkpoint.FILE_NAME + "12345.tmp"); // as a kill during a write leaves it
        Files.writeString(stale, "half a checkpoint");
        TrainingResult<State, Move> resumed = trainer(env, env, ckpt, metrics, new TrainingListener() { })
                .resume(file);
        assertFalse(Files.exists(stale), "the unfinished temporary file should be removed");
        Path reference = dir.resolve("uninterrupted.jsonl");
        TrainingResult<State, Move> straight = uninterrupted(reference);
        assertEquals(survived.iteration(), resumed.resumedFrom());
        assertEquals(ITERATIONS, resumed.iterations());
        assertTrue(sameBits(straight.agent().model().policyParameters(), resumed.agent().model().policyParameters()),
                "policy parameters differ after the resume");
        assertTrue(sameBits(straight.agent().model().valueParameters(), resumed.agent().model().valueParameters()),
                "value parameters differ after the resume");
        assertEquals(straight.episodes(), resumed.episodes());
        assertEquals(straight.environmentSteps(), resumed.environmentSteps());
        // the metrics file has one line per iteration, the same lines as the uninterrupted run's
        assertEquals(metricsWithoutTime(reference), metricsWithoutTime(metrics));
        // and the final checkpoint holds the final parameters
        assertTrue(sameBits(straight.agent().model().policyParameters(),
                Checkpoint.read(file).policyParameters()));
    }

    @Test
    void resumingFromAnyCheckpointGivesTheSameParameters(@TempDir Path dir) {
        LinearEmbeddingEnvironment env = environment();
        Path ckpt = dir.resolve("ckpt");
        List<Path> copies = new ArrayList<>();
        TrainingResult<State, Move> straight = trainer(env, env, ckpt, null, new TrainingListener() {
            @Override
            public void onCheckpoint(int iteration, Path file) {
                Path copy = dir.resolve("copy-" + iteration + ".bin");
                try {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                copies.add(copy);
            }
        }).train();
        assertEquals(ITERATIONS, copies.size());
        for (int i : new int[] {1, 4, 7}) {
            TrainingResult<State, Move> r = trainer(env, env, null, null, new TrainingListener() { })
                    .resume(copies.get(i - 1));
            assertEquals(i, r.resumedFrom());
            assertTrue(sameBits(straight.agent().model().policyParameters(), r.agent().model().policyParameters()),
                    "resume from iteration " + i);
        }
        // a finished run resumes to itself without doing anything
        TrainingResult<State, Move> done = trainer(env, env, null, null, new TrainingListener() { })
                .resume(copies.get(ITERATIONS - 1));
        assertTrue(done.history().isEmpty());
        assertTrue(sameBits(straight.agent().model().policyParameters(), done.agent().model().policyParameters()));
        // with a constant KL coefficient a finished run can be extended
        TrainingResult<State, Move> longer = Trainer.<State, Move>builder().environment(env).embeddings(env)
                .config(config().toBuilder().iterations(ITERATIONS + 2).build()).build()
                .resume(copies.get(ITERATIONS - 1));
        assertEquals(ITERATIONS + 2, longer.iterations());
        assertEquals(2, longer.history().size());
    }

    @Test
    void damagedOrForeignCheckpointsAreRejected(@TempDir Path dir) throws Exception {
        LinearEmbeddingEnvironment env = environment();
        Path ckpt = dir.resolve("ckpt");
        Trainer.<State, Move>builder().environment(env).embeddings(env)
                .config(config().toBuilder().iterations(2).build()).checkpoints(ckpt).build().train();
        Path file = ckpt.resolve(Checkpoint.FILE_NAME);
        try (var files = Files.list(ckpt)) {
            assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
        }
        byte[] bytes = Files.readAllBytes(file);

        Path flipped = dir.resolve("flipped.bin");
        byte[] f = bytes.clone();
        f[f.length / 2] ^= 1;
        Files.write(flipped, f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(flipped));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("flipped.bin"), e.getMessage());

        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 100));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(truncated));

        Path other = dir.resolve("other.bin");
        Files.writeString(other, "not a checkpoint at all");
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(other));
        assertTrue(e.getMessage().contains("not an eaglelm checkpoint"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Trainer.<State, Move>builder().environment(env)
                .embeddings(env).config(config().toBuilder().klCoef(0.2).build()).build().resume(file));
        assertTrue(e.getMessage().contains("another run configuration"), e.getMessage());
        Checkpoint c = Checkpoint.read(file);
        assertEquals(2, c.iteration());
        assertEquals("0.05", c.header().get("eagle.trainer.klCoef"));
        assertEquals("mlp(32)+value(32)", c.header().get("architecture"));
    }
}
