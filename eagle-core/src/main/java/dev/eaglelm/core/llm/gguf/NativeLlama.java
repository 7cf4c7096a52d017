package dev.eaglelm.core.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads java-llama.cpp's native library once per process, quietly.
 *
 * <p>java-llama.cpp prints "Extracted 'libjllama.so' to ..." on {@code System.out} when it loads, and llama.cpp
 * logs to stderr. Both would pollute a command's output. The first load therefore runs with
 * {@code System.out} briefly redirected to a buffer (under a lock, once per process; other lines written during
 * those milliseconds are given back to the original stream afterwards) and the loader's line is logged at
 * debug level. llama.cpp's log is offered to SLF4J through {@code LlamaModel.setLogger}, and switched off per
 * model ({@code ModelParameters.disableLog}) unless its logger is at debug level, because java-llama.cpp 4.2.0
 * never invokes that callback and writes the log to stderr itself.
 */
final class NativeLlama {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLlama.class);
    /** The logger that llama.cpp's own log goes to (where the binding delivers it). */
    static final Logger NATIVE_LOG = LoggerFactory.getLogger("dev.eaglelm.core.llm.gguf.llama.cpp");
    private static boolean loaded;

    private NativeLlama() {
    }

    /**
     * java-llama.cpp extracts its native library to one fixed file, {@code <java.io.tmpdir>/libjllama.so}, in every
     * process; processes that start at once overwrite and delete each other's copy, and one of them fails with
     * "No native library found" (seen with parallel test JVMs). Unless the user chose a directory
     * ({@code -Dde.kherud.llama.tmpdir=...}), each process therefore extracts into its own temporary directory,
     * removed at exit.
     */
    private static void privateExtractionDirectory() {
        if (System.getProperty("de.kherud.llama.tmpdir") != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("eaglelm-jllama-");
            dir.toFile().deleteOnExit();
            for (String name : new String[] {"libjllama.so", "libjllama.dylib", "jllama.dll", "ggml-metal.metal"}) {
                dir.resolve(name).toFile().deleteOnExit();
            }
            System.setProperty("de.kherud.llama.tmpdir", dir.toString());
        } catch (IOException | SecurityException e) {
            LOG.debug("no private directory for java-llama.cpp's native library ({}); it uses java.io.tmpdir", e.toString());
        }
    }

    /** Whether llama.cpp's own log is wanted: its SLF4J logger is enabled at debug level. */
    static boolean nativeLogWanted() {
        return NATIVE_LOG.isDebugEnabled();
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        privateExtractionDirectory();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Class.forName("de.kherud.llama.LlamaModel", true, NativeLlama.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the gguf backend needs java-llama.cpp: add the dependency"
                    + " de.kherud:llama:4.2.0", e);
        } catch (LinkageError e) {
            throw new IllegalStateException("java-llama.cpp could not load its native library on this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        } finally {
            System.setOut(original);
        }
        try {
            // routes llama.cpp's log to SLF4J where the binding invokes the callback (4.2.0 never does; then the
            // log is switched off per model unless wanted, see nativeLogWanted)
            de.kherud.llama.LlamaModel.setLogger(de.kherud.llama.args.LogFormat.TEXT, (level, message) -> {
                String m = message == null ? "" : message.strip();
                if (!m.isEmpty()) {
                    switch (level) {
                        case ERROR -> NATIVE_LOG.warn("{}", m);
                        default -> NATIVE_LOG.debug("{}", m);
                    }
                }
            });
        } catch (LinkageError e) {
            LOG.debug("java-llama.cpp has no logger callback: {}", e.toString());
        }
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                if (line.startsWith("Extracted") || line.contains("native lib")) {
                    LOG.debug("java-llama.cpp: {}", line.strip());
                } else {
                    original.println(line); // not from the loader: give it back
                }
            }
        }
        loaded = true;
    }
}
