package dev.eaglelm.examples.cli;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.cache.SqliteStore;
import dev.eaglelm.embeddings.cache.CachedEmbeddingMap;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle embed}: embeds each line of a text file with a sentence encoder and writes one CSV row of floats
 * per line, in input order, every row L2-normalised. The bundled all-MiniLM-L6-v2 (int8) is used unless
 * {@code --model-dir} names a directory with {@code model.onnx} and {@code tokenizer.json}.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Embed each line of a text file with a sentence encoder (all-MiniLM-L6-v2 int8 by default) and",
            "write one CSV row of floats per line, in input order; rows are L2-normalised."
        })
public final class EmbedCommand implements Callable<Integer> {

    /** Lines embedded per call (and per progress report). */
    static final int CHUNK = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "TEXTS", description = "UTF-8 text file, one text per line.")
    Path input;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "A directory with model.onnx and tokenizer.json (default: the bundled MiniLM).")
    Path modelDir;

    @Option(names = "--output", paramLabel = "CSV", description = "Where to write the rows (default: stdout).")
    Path output;

    @Option(names = "--cache", paramLabel = "DB",
            description = "An SQLite embedding cache (created if missing); texts already in it are not re-encoded.")
    Path cache;

    /** Creates the command (picocli instantiates it). */
    public EmbedCommand() {
    }

    @Override
    public Integer call() throws IOException {
        List<String> lines = readLines(input);
        quietDjl(spec);
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());
        try (SentenceEncoder encoder = modelDir == null ? SentenceEncoder.miniLm() : SentenceEncoder.fromDirectory(modelDir);
                SqliteStore store = cache == null ? null : SqliteStore.open(cache)) {
            EmbeddingMap<String> map = store == null ? encoder : new CachedEmbeddingMap(encoder, store);
            Writer sink = output == null ? null : open(output);
            PrintWriter out = sink == null ? spec.commandLine().getOut() : new PrintWriter(sink);
            try {
                progress.started("embed", lines.size(), "texts");
                StringBuilder sb = new StringBuilder();
                for (int from = 0; from < lines.size(); from += CHUNK) {
                    List<String> part = lines.subList(from, Math.min(lines.size(), from + CHUNK));
                    float[][] rows = map.embedAll(part).toFloatMatrix();
                    for (float[] row : rows) {
                        sb.setLength(0);
                        for (int j = 0; j < row.length; j++) {
                            if (j > 0) {
                                sb.append(',');
                            }
                            sb.append(row[j]);
                        }
                        out.println(sb);
                    }
                    progress.advanced("embed", from + part.size(), lines.size());
                }
                progress.finished("embed", lines.size());
            } finally {
                out.flush();
                if (sink != null) {
                    out.close();
                }
            }
        }
        return ExitCodes.OK;
    }

    private static Writer open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        return w;
    }

    static List<String> readLines(Path file) {
        if (!Files.exists(file)) {
            throw CliException.usage("input file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw CliException.usage("input file " + file + " is a directory");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw CliException.usage("input file " + file + " is not valid UTF-8");
        } catch (IOException e) {
            throw CliException.usage("cannot read input file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Silences DJL's start-up warnings about CUDA (no GPU is expected) unless {@code --verbose} or an explicit
     * log level is set; must run before DJL creates its loggers.
     *
     * @param spec the running command
     */
    static void quietDjl(CommandSpec spec) {
        String key = "org.slf4j.simpleLogger.log.ai.djl";
        boolean verbose = spec.root().findOption("--verbose") != null
                && Boolean.TRUE.equals(spec.root().findOption("--verbose").getValue());
        if (!verbose && System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }
}
