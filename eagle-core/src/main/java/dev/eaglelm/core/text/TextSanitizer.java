package dev.eaglelm.core.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cleans the environment LLM's rewrite before it becomes the next state: LLM output is untrusted and
 * often wrapped in chatter.
 *
 * <ul>
 *   <li>strips code fences, tag blocks echoed from the prompt ({@code <edit>...</edit>} is removed; the
 *       content of an echoed {@code <description>} block is kept), lines of the prompt's own instructions,
 *       preambles ("Here is the rewritten description:", "Sure!") and wrapping quotes;</li>
 *   <li>neutralises angle brackets and control characters ({@link UntrustedText#neutralise});</li>
 *   <li>collapses white space into single spaces, and keeps only the first of repeated sentences (small models
 *       loop);</li>
 *   <li>caps the length at a sentence boundary (or hard, when a sentence is longer than the cap);</li>
 *   <li>rejects what is left when it is empty.</li>
 * </ul>
 */
public final class TextSanitizer {

    /** Consecutive copies of a phrase that {@link #collapseLoops} treats as a loop. */
    static final int LOOP_REPEATS = 3;
    /** The longest phrase, in words, that {@link #collapseLoops} looks for. */
    static final int LOOP_MAX_WORDS = 24;

    private static final Pattern PREAMBLE = Pattern.compile(
            "^(?:sure|certainly|of course|okay|ok|here(?:'s| is| are)|below is|the (?:new|revised|rewritten|updated|"
                    + "edited) description|new description|revised description|rewritten description|updated "
                    + "description|edited description|description)\\b.{0,80}?[:!.]?$",
            Pattern.CASE_INSENSITIVE);

    private final int maxChars;

    /**
     * The result of sanitising.
     *
     * @param text the cleaned text (non-empty)
     * @param notes what was changed, e.g. {@code "removed preamble"}, {@code "capped at 1500 chars"}
     */
    public record Sanitized(String text, List<String> notes) {
    }

    /**
     * Creates a sanitizer.
     *
     * @param maxChars the most characters kept, &ge; 20
     * @throws IllegalArgumentException if {@code maxChars < 20}
     */
    public TextSanitizer(int maxChars) {
        if (maxChars < 20) {
            throw new IllegalArgumentException("sanitizer: maxChars must be >= 20, got " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /**
     * Returns the cap.
     *
     * @return the most characters kept
     */
    public int maxChars() {
        return maxChars;
    }

    /**
     * Cleans a response.
     *
     * @param response the LLM's text
     * @param promptLines lines of the prompt that must not be echoed into the result (instructions)
     * @return the cleaned text, or empty when nothing usable is left
     */
    public Optional<Sanitized> sanitize(String response, List<String> promptLines) {
        List<String> notes = new ArrayList<>();
        String t = response == null ? "" : response.replace("\r\n", "\n");
        String before = t;
        t = t.replaceAll("(?m)^\\s*```[a-zA-Z]*\\s*$", "");
        if (!t.equals(before)) {
            notes.add("removed code fences");
        }
        String noEdit = t.replaceAll("(?is)<edit>.*?</edit>", "");
        if (!noEdit.equals(t)) {
            notes.add("removed an echoed <edit> block");
            t = noEdit;
        }
        var desc = UntrustedText.extract("description", t);
        if (desc.isPresent() && !desc.get().isBlank()) {
            notes.add("kept the content of an echoed <description> block");
            t = desc.get();
        }
        t = t.replaceAll("(?i)</?(?:description|edit|profile|category)>", "");
        List<String> kept = new ArrayList<>();
        List<String> echoes = promptLines.stream().map(TextSanitizer::norm).filter(s -> s.length() >= 20).toList();
        boolean first = true;
        for (String line : t.split("\n")) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (echoes.contains(norm(s))) {
                notes.add("removed an echoed prompt line");
                continue;
            }
            String collapsed = collapseLoops(s);
            if (!collapsed.equals(s)) {
                notes.add("collapsed a repeated phrase");
                s = collapsed;
            }
            if (first && PREAMBLE.matcher(s).matches() && s.length() < 100) {
                notes.add("removed preamble '" + s + "'");
                continue;
            }
            first = false;
            kept.add(s);
        }
        t = String.join(" ", kept);
        t = UntrustedText.neutralise(t).replaceAll("\\s+", " ").strip();
        String deduped = dropRepeatedSentences(t);
        if (!deduped.equals(t)) {
            notes.add("removed repeated sentences");
            t = deduped;
        }
        while (t.length() >= 2 && isQuote(t.charAt(0)) && isQuote(t.charAt(t.length() - 1))) {
            t = t.substring(1, t.length() - 1).strip();
            notes.add("removed wrapping quotes");
        }
        if (t.length() > maxChars) {
            String cut = t.substring(0, maxChars);
            int end = Math.max(cut.lastIndexOf(". "), Math.max(cut.lastIndexOf("! "), cut.lastIndexOf("? ")));
            t = end > 0 ? cut.substring(0, end + 1) : cut.strip();
            notes.add("capped at " + maxChars + " chars");
        }
        if (t.isBlank() || t.replaceAll("[\\p{Punct}\\s]", "").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sanitized(t, List.copyOf(notes)));
    }

    /** Keeps the first occurrence of each sentence (small models loop, repeating one sentence to the limit). */
    static String dropRepeatedSentences(String text) {
        String[] sentences = text.split("(?<=[.!?])\\s+");
        if (sentences.length < 2) {
            return text;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> out = new ArrayList<>();
        for (String sentence : sentences) {
            String key = norm(sentence);
            if (key.isEmpty() || seen.add(key)) {
                out.add(sentence);
            }
        }
        return out.size() == sentences.length ? text : String.join(" ", out);
    }

    /**
     * Collapses a phrase that a small model repeats in a loop ("The edited description is: The edited description
     * is: …", often cut off mid-phrase by the token limit) to one occurrence: a run of at least
     * {@value #LOOP_REPEATS} consecutive copies of the same 2&ndash;{@value #LOOP_MAX_WORDS}-word phrase (compared
     * without case and punctuation), plus a trailing partial copy, becomes one copy. Ordinary text, where a phrase
     * rarely comes three times in a row, is unchanged.
     */
    static String collapseLoops(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 * LOOP_REPEATS) {
            return text;
        }
        String[] keys = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            keys[i] = norm(words[i]);
        }
        List<String> out = new ArrayList<>();
        boolean changed = false;
        int i = 0;
        while (i < words.length) {
            int len = 2;
            int end = -1;
            for (; len <= LOOP_MAX_WORDS && i + LOOP_REPEATS * len <= words.length; len++) {
                end = loopEnd(keys, i, len);
                if (end >= 0) {
                    break;
                }
            }
            if (end >= 0) {
                out.addAll(Arrays.asList(words).subList(i, i + len));
                i = end;
                changed = true;
            } else {
                out.add(words[i]);
                i++;
            }
        }
        return changed ? String.join(" ", out) : text;
    }

    /**
     * Where a loop of the {@code len}-word phrase starting at {@code i} ends ({@value #LOOP_REPEATS} or more
     * copies, plus a last, cut-off copy), or -1 when the phrase is not repeated that often.
     */
    private static int loopEnd(String[] keys, int i, int len) {
        int copies = 1;
        while (i + (copies + 1) * len <= keys.length && samePhrase(keys, i, i + copies * len, len)) {
            copies++;
        }
        if (copies < LOOP_REPEATS) {
            return -1;
        }
        int end = i + copies * len;
        int partial = 0;
        while (end + partial < keys.length && partial < len && keys[end + partial].equals(keys[i + partial])) {
            partial++;
        }
        return end + partial;
    }

    private static boolean samePhrase(String[] keys, int a, int b, int len) {
        for (int k = 0; k < len; k++) {
            if (!keys[a + k].equals(keys[b + k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '“' || c == '”' || c == '\'';
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }
}
