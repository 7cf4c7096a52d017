package dev.eaglelm.core.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an LLM's list of candidate edits, robustly: JSON (an array of strings, an array of objects with an
 * {@code action}/{@code edit}/{@code text} field and an optional {@code category}, or an object holding such
 * an array), or a numbered or bulleted list ({@code 1.}, {@code 1)}, {@code (1)}, {@code -}, {@code *},
 * {@code •}), with optional category prefixes ({@code [Plot changes] ...}, {@code **Plot changes:** ...})
 * and category headings. Preambles, headings and other junk lines are reported, not returned.
 *
 * <p>When no line carries a list marker, every non-empty line that is not a heading counts as an item (weak
 * models often forget the numbers).
 */
public final class ActionListParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile(
            "^\\s*(?:(?:\\(?\\d{1,3}[.):\\]]|#\\d{1,3}[.):]?)|[-*•–]|\\d{1,3}\\s*-)\\s+(.*)$");
    private static final Pattern BRACKET_CATEGORY = Pattern.compile("^\\[([^\\]]{2,60})\\]\\s*[:\\-–]?\\s*(.*)$");
    private static final Pattern BOLD_CATEGORY = Pattern.compile("^\\*\\*([^*]{2,60}?)[:]?\\*\\*\\s*[:\\-–]?\\s*(.*)$");
    private static final Pattern PLAIN_CATEGORY = Pattern.compile("^([A-Za-z][A-Za-z &/-]{2,50}):\\s+(.+)$");

    private ActionListParser() {
    }

    /**
     * One parsed item.
     *
     * @param text the edit text, stripped of markers, quotes and markdown emphasis
     * @param category a category named next to the item (a prefix or the last heading), or empty
     */
    public record Item(String text, String category) {
    }

    /**
     * The result of parsing.
     *
     * @param items the items, in order (not yet deduplicated or length-checked)
     * @param junk lines that were not items (preambles, headings, chatter)
     * @param format {@code "json"}, {@code "list"} or {@code "lines"}
     */
    public record Result(List<Item> items, List<String> junk, String format) {
    }

    /**
     * Parses a response.
     *
     * @param response the LLM's text
     * @return the items and the junk
     */
    public static Result parse(String response) {
        String text = stripFences(response == null ? "" : response).strip();
        Result json = tryJson(text);
        if (json != null) {
            return json;
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        boolean anyMarker = lines.stream().anyMatch(l -> MARKER.matcher(l).matches());
        List<Item> items = new ArrayList<>();
        List<String> junk = new ArrayList<>();
        String heading = "";
        for (String line : lines) {
            Matcher m = MARKER.matcher(line);
            String body;
            if (m.matches()) {
                body = m.group(1);
            } else if (isHeading(line)) {
                heading = headingText(line);
                junk.add(line);
                continue;
            } else if (!anyMarker) {
                body = line;
            } else {
                junk.add(line);
                continue;
            }
            Item item = item(body, heading);
            if (item.text().isEmpty()) {
                junk.add(line);
            } else {
                items.add(item);
            }
        }
        return new Result(items, junk, anyMarker ? "list" : "lines");
    }

    private static boolean isHeading(String line) {
        String t = line.strip();
        return t.startsWith("#") || (t.endsWith(":") && t.length() < 80) || t.matches("^\\*\\*[^*]+\\*\\*:?$");
    }

    private static String headingText(String line) {
        return line.replaceAll("^#+", "").replace("**", "").replaceAll(":$", "").strip();
    }

    private static Item item(String body, String heading) {
        String t = body.strip();
        String category = heading;
        for (Pattern p : List.of(BRACKET_CATEGORY, BOLD_CATEGORY)) {
            Matcher m = p.matcher(t);
            if (m.matches() && !m.group(2).isBlank()) {
                category = m.group(1).strip();
                t = m.group(2).strip();
                break;
            }
        }
        Matcher plain = PLAIN_CATEGORY.matcher(t);
        if (plain.matches() && looksLikeCategory(plain.group(1))) {
            category = plain.group(1).strip();
            t = plain.group(2).strip();
        }
        return new Item(clean(t), category);
    }

    private static boolean looksLikeCategory(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.contains("plot") || l.contains("character") || l.contains("visual") || l.contains("storytelling")
                || l.contains("them") || l.contains("audience") || l.contains("category") || l.contains("design")
                || l.contains("feature") || l.contains("marketing") || l.contains("material") || l.contains("function");
    }

    private static final Pattern ANSWER_PREFIX = Pattern.compile("(?i)^(?:a|answer|edit|action)\\s*:\\s*");
    private static final Pattern NESTED_NUMBER = Pattern.compile("^\\(?\\d{1,3}[.):]\\s+");
    private static final Pattern WRAPPING_TAG = Pattern.compile("^<([A-Za-z][\\w-]*)>(.*)</\\1>$");

    private static String clean(String s) {
        String t = s.replace("**", "").replace("__", "").strip();
        t = ANSWER_PREFIX.matcher(t).replaceFirst("");
        t = NESTED_NUMBER.matcher(t).replaceFirst("");
        Matcher tag = WRAPPING_TAG.matcher(t);
        if (tag.matches()) {
            t = tag.group(2).strip();
        }
        if (t.startsWith("<<") && t.endsWith(">>")) {
            t = t.substring(2, t.length() - 2).strip();
        }
        while (t.length() >= 2 && isQuote(t.charAt(0)) && isQuote(t.charAt(t.length() - 1))) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.replaceAll("\\s+", " ");
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '“' || c == '”' || c == '`';
    }

    private static String stripFences(String s) {
        return s.replaceAll("(?m)^\\s*```[a-zA-Z]*\\s*$", "");
    }

    private static Result tryJson(String text) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                start = i;
                break;
            }
            if (!Character.isWhitespace(c) && i > 200) {
                return null;
            }
        }
        if (start < 0) {
            return null;
        }
        int end = Math.max(text.lastIndexOf(']'), text.lastIndexOf('}'));
        if (end <= start) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(start, end + 1));
        } catch (Exception e) {
            return null;
        }
        JsonNode array = root;
        if (root.isObject()) {
            array = null;
            for (String f : List.of("actions", "edits", "items", "candidates")) {
                if (root.path(f).isArray()) {
                    array = root.get(f);
                    break;
                }
            }
            if (array == null) {
                return null;
            }
        }
        if (!array.isArray()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        List<String> junk = new ArrayList<>();
        for (JsonNode n : array) {
            if (n.isTextual()) {
                items.add(new Item(clean(n.asText()), ""));
            } else if (n.isObject()) {
                String t = null;
                for (String f : List.of("action", "edit", "text", "instruction", "change")) {
                    if (n.path(f).isTextual()) {
                        t = n.get(f).asText();
                        break;
                    }
                }
                if (t == null) {
                    junk.add(n.toString());
                } else {
                    items.add(new Item(clean(t), n.path("category").asText("")));
                }
            } else {
                junk.add(n.toString());
            }
        }
        String prefix = text.substring(0, start).strip();
        if (!prefix.isEmpty()) {
            junk.add(0, prefix);
        }
        return new Result(items, junk, "json");
    }
}
