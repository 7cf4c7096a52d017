package dev.eaglelm.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs eagle-core in a class loader without java-llama.cpp and LangChain4j, as a user who did not add the
 * optional dependencies would: the gguf and langchain4j specs must fail with a message naming the artifact,
 * and the other backends must still work.
 */
class OptionalDependenciesTest {

    static URLClassLoader withoutOptionalDependencies() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.contains("/de/kherud/") || e.contains("/dev/langchain4j/") || e.contains("test-classes")) {
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    static Throwable open(ClassLoader loader, String spec) throws Exception {
        Class<?> models = Class.forName("dev.eaglelm.core.llm.LanguageModels", true, loader);
        Method open = models.getMethod("open", String.class);
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            Object llm = open.invoke(null, spec);
            ((AutoCloseable) llm).close();
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Test
    void missingOptionalLibrariesAreNamed() throws Exception {
        try (URLClassLoader loader = withoutOptionalDependencies()) {
            Throwable gguf = open(loader, "gguf:/models/any.gguf");
            assertInstanceOf(IllegalStateException.class, gguf);
            assertTrue(gguf.getMessage().contains("de.kherud:llama:4.2.0"), gguf.getMessage());
            Throwable lc4j = open(loader, "langchain4j:com.example.Model");
            assertInstanceOf(IllegalStateException.class, lc4j);
            assertTrue(lc4j.getMessage().contains("dev.langchain4j:langchain4j-core"), lc4j.getMessage());
            Throwable openai = open(loader, "openai:http://127.0.0.1:9/v1?model=m");
            assertEquals(null, openai, "the HTTP backend needs no optional library");
        }
    }
}
