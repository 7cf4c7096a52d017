package dev.eaglelm.core.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads java-llama.cpp's native library once per process, quietly.
 *
 * <p>java-llama.cpp prints "Extracted 'libjllama.so' to ..." on {@code System.out} when it loads, and llama.cpp
 * logs to stderr. Both would pollute a command's output. The first load therefore runs with
 * {@code System.out} briefly redirected to a buffer (under a lock, once per process; other lines written during
 * those milliseconds are given back to the original stream afterwards) and the loader's line is logged at
 * debug level; llama.cpp's log is switched off per model ({@code ModelParameters.disableLog}).
 */
final class NativeLlama {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLlama.class);
    private static boolean loaded;

    private NativeLlama() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
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
