package dev.eaglelm.core.text;

import dev.eaglelm.core.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned prompt template: a system and a user message with {@code {{placeholders}}}.
 *
 * <p>The library's templates are resources {@code /dev/eaglelm/core/prompts/<name>-v<version>.txt}
 * (load them with {@link #load}); a run records {@link #id()} (e.g. {@code "edit/v1"}) with its results,
 * since the paper's prompts are not published and every result depends on the wording. The file format:
 * comment lines starting with {@code #}, then a {@code [system]} section and a {@code [user]} section.
 *
 * <p>{@link #render} substitutes in one pass, so placeholder syntax inside a value is never expanded, and
 * it fails on a missing or unknown placeholder. Untrusted values must be quoted by the caller with
 * {@link UntrustedText#quote}.
 *
 * @param name the template's name, e.g. {@code "edit"}
 * @param version its version, &ge; 1; a new wording is a new version
 * @param system the system message (may be empty)
 * @param user the user message
 */
public record PromptTemplate(String name, int version, String system, String user) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)\\}\\}");

    /**
     * Creates the record, validating its components.
     *
     * @param name the template's name
     * @param version its version, &ge; 1
     * @param system the system message (may be empty)
     * @param user the user message, non-blank
     * @throws IllegalArgumentException if the name or user message is blank or the version &lt; 1
     */
    public PromptTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        if (name.isBlank() || version < 1 || user.isBlank()) {
            throw new IllegalArgumentException("prompt template '" + name + "' v" + version
                    + ": needs a name, a version >= 1 and a non-empty user message");
        }
    }

    /**
     * Loads one of the library's templates.
     *
     * @param name e.g. {@code "edit"}, {@code "actions-generic"}, {@code "actions-personalised"}
     * @param version e.g. 1
     * @return the template
     * @throws IllegalArgumentException if no such resource exists or it is malformed
     */
    public static PromptTemplate load(String name, int version) {
        String resource = "/dev/eaglelm/core/prompts/" + name + "-v" + version + ".txt";
        try (InputStream in = PromptTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no prompt template " + name + " v" + version + " (resource "
                        + resource + ")");
            }
            return parse(name, version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template " + resource, e);
        }
    }

    /**
     * Parses a template text ({@code #} comments, {@code [system]} and {@code [user]} sections).
     *
     * @param name the template's name
     * @param version its version
     * @param text the file content
     * @return the template
     * @throws IllegalArgumentException if the {@code [user]} section is missing; the message names the template
     */
    public static PromptTemplate parse(String name, int version, String text) {
        StringBuilder system = new StringBuilder();
        StringBuilder user = new StringBuilder();
        StringBuilder current = null;
        boolean sawUser = false;
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            String t = line.strip();
            if (current == null && (t.startsWith("#") || t.isEmpty())) {
                continue;
            }
            if (t.equals("[system]")) {
                current = system;
            } else if (t.equals("[user]")) {
                current = user;
                sawUser = true;
            } else if (current == null) {
                throw new IllegalArgumentException("prompt template " + name + " v" + version
                        + ": text before the [system] or [user] section: '" + t + "'");
            } else {
                current.append(line).append('\n');
            }
        }
        if (!sawUser) {
            throw new IllegalArgumentException("prompt template " + name + " v" + version + ": no [user] section");
        }
        return new PromptTemplate(name, version, system.toString().strip(), user.toString().strip());
    }

    /**
     * Returns the template's identifier for provenance.
     *
     * @return {@code name + "/v" + version}, e.g. {@code "edit/v1"}
     */
    public String id() {
        return name + "/v" + version;
    }

    /**
     * Returns the placeholders the template uses.
     *
     * @return the names, in order of first use
     */
    public Set<String> placeholders() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : List.of(system, user)) {
            Matcher m = PLACEHOLDER.matcher(s);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /**
     * Renders the template into chat messages, substituting every placeholder in one pass.
     *
     * @param values a value for every placeholder (untrusted values already quoted)
     * @return a system message (when the template has one) and a user message
     * @throws IllegalArgumentException if a placeholder has no value, or a value names no placeholder
     */
    public List<ChatMessage> render(Map<String, String> values) {
        Set<String> used = placeholders();
        for (String k : used) {
            if (!values.containsKey(k)) {
                throw new IllegalArgumentException("prompt template " + id() + ": no value for {{" + k + "}}");
            }
        }
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("prompt template " + id() + ": unknown placeholder {{" + k + "}}");
            }
        }
        List<ChatMessage> out = new ArrayList<>(2);
        if (!system.isEmpty()) {
            out.add(ChatMessage.system(substitute(system, values)));
        }
        out.add(ChatMessage.user(substitute(user, values)));
        return out;
    }

    private static String substitute(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(b);
        return b.toString();
    }
}
