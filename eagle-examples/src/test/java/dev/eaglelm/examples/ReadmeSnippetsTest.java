package dev.eaglelm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets of the sections "Using eaglelm from Maven" and "Using eaglelm inside your
 * recommender" are the code that tests run: each must equal (ignoring whitespace and line comments) the code between the markers
 * of its test ({@code ReadmeExampleTest} in eagle-core, {@code ReadmeRecommenderTest} in eagle-embeddings).
 */
class ReadmeSnippetsTest {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    static String read(String relative) throws Exception {
        return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
    }

    /** The first {@code ```java} block after a heading line. */
    static String snippetAfter(String readme, String heading) {
        int h = readme.indexOf("\n" + heading + "\n");
        assertTrue(h >= 0, "README has no heading '" + heading + "'");
        int start = readme.indexOf("```java\n", h);
        int next = readme.indexOf("\n## ", h + heading.length() + 1);
        assertTrue(start >= 0 && (next < 0 || start < next), "no java block in section '" + heading + "'");
        int end = readme.indexOf("\n```", start + 8);
        return readme.substring(start + 8, end);
    }

    /** The code between a start marker line and the next {@code // --- end ---}. */
    static String between(String source, String marker) {
        int s = source.indexOf(marker);
        assertTrue(s >= 0, "no marker '" + marker + "'");
        int from = source.indexOf('\n', s) + 1;
        int to = source.indexOf("// --- end ---", from);
        return source.substring(from, to);
    }

    /** The code without line comments and whitespace. */
    static String squash(String code) {
        return code.replaceAll("(?m)//.*$", "").replaceAll("\\s+", "");
    }

    @Test
    void recommenderSnippetIsTheTestedCode() throws Exception {
        String readme = read("README.md");
        String test = read("eagle-embeddings/src/test/java/dev/eaglelm/embeddings/ReadmeRecommenderTest.java");
        assertEquals(squash(between(test, "// --- README: recommender ---")),
                squash(snippetAfter(readme, "## Using eaglelm inside your recommender")));
    }

    @Test
    void mavenSnippetIsTheTestedCode() throws Exception {
        String readme = read("README.md");
        String test = read("eagle-core/src/test/java/dev/eaglelm/core/ReadmeExampleTest.java");
        assertEquals(squash(between(test, "// --- as in README.md ---")),
                squash(snippetAfter(readme, "## Using eaglelm from Maven")));
    }
}
