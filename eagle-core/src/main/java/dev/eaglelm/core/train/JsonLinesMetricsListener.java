package dev.eaglelm.core.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one JSON object per iteration to a file (JSON lines), with the names of
 * {@link IterationMetrics#toMap()}: {@code return}, {@code utility}, {@code kl}, {@code entropy},
 * {@code value_loss}, {@code grad_norm}, {@code llm_calls}, {@code tokens}, {@code cache_hit_rate},
 * {@code episodes_failed}, and more.
 *
 * <p>A fresh run truncates the file. A resumed run keeps the lines up to the checkpoint's iteration and
 * drops later ones (written by the run that was interrupted after its last checkpoint), so that after a
 * resume the file has exactly one line per iteration. Each line is flushed when written.
 */
public final class JsonLinesMetricsListener implements TrainingListener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter writer;

    /**
     * Creates the listener.
     *
     * @param file the JSON-lines file (created, or rewritten as described)
     */
    public JsonLinesMetricsListener(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void onStart(TrainerConfig config, int startIteration) {
        try {
            close();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            List<String> kept = new ArrayList<>();
            if (startIteration > 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    Map<?, ?> m = JSON.readValue(line, Map.class);
                    if (m.get("iteration") instanceof Number n && n.intValue() <= startIteration) {
                        kept.add(line);
                    }
                }
            }
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void onIteration(IterationMetrics metrics) {
        if (writer == null) {
            onStart(null, 0);
        }
        try {
            writer.write(JSON.writeValueAsString(metrics.toMap()));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void onEnd(TrainingResult<?, ?> result) {
        close();
    }

    /**
     * Returns the file written.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /** Closes the file (a later {@link #onStart} reopens it). */
    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("metrics file " + file + ": " + e.getMessage(), e);
            } finally {
                writer = null;
            }
        }
    }
}
