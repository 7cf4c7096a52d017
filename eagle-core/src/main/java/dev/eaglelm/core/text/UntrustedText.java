package dev.eaglelm.core.text;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quoting of untrusted text (descriptions, actions and profiles written by an LLM or a user) into prompts.
 *
 * <p>LLM output is data, never instructions to the library: it is only ever inserted into later prompts
 * through {@link #quote}, which wraps it in a tag pair ({@code <description>...</description>}) and
 * neutralises anything inside that could close the tag or open another one: angle brackets become the
 * look-alike guillemets {@code ‹ ›}, and control characters other than newline and tab are removed. The
 * prompt templates tell the model that tagged text is data. Template rendering is single-pass
 * ({@link PromptTemplate#render}), so placeholder syntax inside quoted text is never expanded.
 */
public final class UntrustedText {

    private static final Pattern TAG = Pattern.compile("[a-z][a-z0-9_-]*");

    private UntrustedText() {
    }

    /**
     * Neutralises a text: angle brackets become {@code ‹ ›}, control characters (other than newline and tab)
     * are removed, line ends are normalised.
     *
     * @param text any text
     * @return the neutralised text, stripped
     */
    public static String neutralise(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder b = new StringBuilder(text.length());
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '<') {
                b.append('‹');
            } else if (c == '>') {
                b.append('›');
            } else if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    /**
     * Wraps untrusted text in a tag pair after neutralising it.
     *
     * @param tag a lower-case tag name, e.g. {@code "description"}
     * @param text the untrusted text
     * @return {@code "<tag>\n" + neutralise(text) + "\n</tag>"}
     * @throws IllegalArgumentException if the tag is not a lower-case identifier
     */
    public static String quote(String tag, String text) {
        requireTag(tag);
        return "<" + tag + ">\n" + neutralise(text) + "\n</" + tag + ">";
    }

    /**
     * Extracts the content of the first tag pair from a prompt (the inverse of {@link #quote}, used by the
     * surrogate backend to read its requests).
     *
     * @param tag the tag name
     * @param prompt the prompt text
     * @return the content, stripped, or empty when the prompt has no such tag pair
     */
    public static Optional<String> extract(String tag, String prompt) {
        requireTag(tag);
        Matcher m = Pattern.compile("<" + Pattern.quote(tag) + ">(.*?)</" + Pattern.quote(tag) + ">", Pattern.DOTALL)
                .matcher(prompt);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static void requireTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches() || !tag.equals(tag.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("quote tag must be a lower-case identifier, got '" + tag + "'");
        }
    }
}
