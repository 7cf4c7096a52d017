package dev.eaglelm.core.llm.surrogate;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.eaglelm.core.cache.CacheKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentences, themes and genres that the {@link SurrogateRewriter} draws on: real text from a corpus of
 * descriptions (by default the TMDB overviews of MovieLens, {@code overviews.csv} in a data directory).
 *
 * <p>Input: a CSV file with a header and an {@code overview} column (optional {@code genres} column,
 * {@code |}-separated), a directory holding {@code overviews.csv}, or a {@code .txt} file with one
 * description per line. Descriptions are split into sentences (4&ndash;60 words kept); sentences are indexed
 * with BM25. <em>Themes</em> are corpus words that recur in several descriptions (not in most), are at least
 * four letters long, and mostly follow an article or possessive (a cheap noun test): {@code "heist"},
 * {@code "vampire"}, {@code "revenge"}. The corpus is never copied; the data stays where the user keeps it.
 */
public final class SurrogateCorpus {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?][\"”')]?)\\s+(?=[\"“'(]?[A-Z0-9])");
    private static final Set<String> GENERIC = Set.copyOf(java.util.Arrays.asList("film", "movie", "story", "stories", "life", "lives", "world",
            "time", "year", "day", "way", "man", "woman", "people", "thing", "place", "part", "family", "friend",
            "home", "help", "back", "name", "another", "first", "last", "young", "new", "old", "true", "tale",
            "documentary", "series", "sequel", "adventure", "comedy", "drama", "thriller", "feature", "character",
            "hour", "night", "job", "city", "town", "group", "team", "mother", "father", "wife", "husband", "son",
            "daughter", "brother", "sister", "girl", "boy", "children", "child", "kid", "self", "end", "side", "place",
            "chance", "head", "form", "case", "rest", "course", "result", "straight", "attention", "ability", "idea",
            "picture", "sight", "area", "week", "effort", "release", "loose", "problem", "situation", "plan", "event",
            "role", "state", "member", "parent", "couple", "pair", "kids", "hand", "eye", "mind", "action", "plot",
            "match", "sery", "series", "matter", "moment", "number", "lot", "kind", "point", "word", "fact", "dead",
            "past", "rise", "date", "trail", "collection", "existence", "creation", "lifestyle", "gift", "ride",
            // sensitive subjects are left out of generated edits
            "rape", "suicide", "prostitute", "prostitution", "incest", "abuse", "molestation", "hair", "record"));
    private static final Set<String> FUNCTION_WORDS = Set.of("of", "in", "and", "to", "with", "who", "is", "that",
            "for", "on", "at", "from", "by", "as", "but", "or", "was", "are", "has", "have", "into", "when", "while",
            "which", "after", "before", "about");
    private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "of", "his", "her", "their", "its",
            "my", "our", "your");

    private final String source;
    private final String digest;
    private final List<String> sentences;
    private final Bm25Index index;
    private final List<String> themes;
    private final List<String> genres;
    private final Map<String, String> surfaceForms;

    private SurrogateCorpus(String source, List<String> documents, List<String> genres) {
        this.source = source;
        this.digest = CacheKeys.sha256(String.join("\n", documents)).substring(0, 12);
        Set<String> seen = new LinkedHashSet<>();
        for (String doc : documents) {
            for (String s : splitSentences(doc)) {
                int words = s.split("\\s+").length;
                if (words >= 4 && words <= 60) {
                    seen.add(s);
                }
            }
        }
        this.sentences = List.copyOf(seen);
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("surrogate corpus " + source + ": no usable sentence (4 to 60 words)");
        }
        this.index = new Bm25Index(sentences);
        this.genres = List.copyOf(new TreeSet<>(genres));
        Map<String, String> forms = new HashMap<>();
        this.themes = themesOf(documents, forms);
        this.surfaceForms = Map.copyOf(forms);
    }

    private record FileKey(Path path, long size, long modified) {
    }

    private static final Map<FileKey, SurrogateCorpus> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Loads a corpus from a CSV file, a directory holding {@code overviews.csv}, or a text file. A file already
     * loaded in this process (same path, size and modification time) is not read again.
     *
     * @param path the file or directory
     * @return the corpus
     * @throws IllegalArgumentException if the path is missing, unreadable, or the CSV has no {@code overview}
     *     column; the message names the path
     */
    public static SurrogateCorpus load(Path path) {
        Objects.requireNonNull(path, "path");
        Path p = path.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            Path csv = p.resolve("overviews.csv");
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("surrogate corpus: directory " + p + " has no overviews.csv; pass"
                        + " the CSV file itself or a directory that holds it");
            }
            p = csv;
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("surrogate corpus: no such file: " + p);
        }
        FileKey key;
        try {
            key = new FileKey(p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
        } catch (IOException e) {
            throw new IllegalArgumentException("surrogate corpus " + p + ": cannot read it: " + e.getMessage(), e);
        }
        SurrogateCorpus known = LOADED.get(key);
        if (known != null) {
            return known;
        }
        SurrogateCorpus loaded = read(p);
        if (LOADED.size() > 16) {
            LOADED.clear();
        }
        LOADED.put(key, loaded);
        return loaded;
    }

    private static SurrogateCorpus read(Path p) {
        try {
            if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt")) {
                List<String> docs = Files.readAllLines(p, StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(l -> !l.isEmpty()).toList();
                return new SurrogateCorpus(p.toString(), docs, List.of());
            }
            return fromCsv(p);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("surrogate corpus: no such file: " + p, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null
                    && iae.getMessage().startsWith("surrogate corpus")) {
                throw iae;
            }
            throw new IllegalArgumentException("surrogate corpus " + p + ": cannot read it as CSV: " + e.getMessage(),
                    e);
        }
    }

    private static SurrogateCorpus fromCsv(Path p) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String> docs = new ArrayList<>();
        Set<String> genres = new HashSet<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(p.toFile())) {
            if (!it.hasNext()) {
                throw new IllegalArgumentException("surrogate corpus " + p + ": empty file");
            }
            String[] header = it.next();
            int overview = -1;
            int genre = -1;
            for (int i = 0; i < header.length; i++) {
                String h = header[i].strip().toLowerCase(Locale.ROOT);
                if (h.equals("overview") || h.equals("description") || h.equals("text")) {
                    overview = overview < 0 ? i : overview;
                } else if (h.equals("genres")) {
                    genre = i;
                }
            }
            if (overview < 0) {
                throw new IllegalArgumentException("surrogate corpus " + p + ": row 1: no 'overview' (or 'description',"
                        + " 'text') column in the header " + String.join(",", header));
            }
            int row = 1;
            while (it.hasNext()) {
                String[] r = it.next();
                row++;
                if (r.length <= overview) {
                    if (r.length <= 1 && (r.length == 0 || r[0].isBlank())) {
                        continue;
                    }
                    throw new IllegalArgumentException("surrogate corpus " + p + ": row " + row + ": " + r.length
                            + " columns, the overview is column " + (overview + 1));
                }
                String text = r[overview].strip();
                if (!text.isEmpty()) {
                    docs.add(text);
                }
                if (genre >= 0 && r.length > genre) {
                    for (String g : r[genre].split("\\|")) {
                        String gg = g.strip();
                        if (!gg.isEmpty() && !gg.startsWith("(") && !gg.equalsIgnoreCase("IMAX")) {
                            genres.add(gg);
                        }
                    }
                }
            }
        }
        return new SurrogateCorpus(p.toString(), docs, List.copyOf(genres));
    }

    /**
     * Builds a corpus from documents in memory (tests, synthetic data).
     *
     * @param name a name for ids and messages
     * @param documents the descriptions
     * @param genres genre names for audience-appeal actions (may be empty)
     * @return the corpus
     * @throws IllegalArgumentException if no document has a usable sentence
     */
    public static SurrogateCorpus of(String name, List<String> documents, List<String> genres) {
        return new SurrogateCorpus(name, List.copyOf(documents), List.copyOf(genres));
    }

    static List<String> splitSentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.replaceAll("\\s+", " ").strip())) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private List<String> themesOf(List<String> documents, Map<String, String> forms) {
        Map<String, Integer> df = new HashMap<>();
        Map<String, Integer> afterDeterminer = new HashMap<>();
        Map<String, Integer> occurrences = new HashMap<>();
        Map<String, Map<String, Integer>> surface = new HashMap<>();
        Map<String, Integer> heads = new HashMap<>();
        Pattern token = Pattern.compile("\\p{L}+|[.,;:!?]");
        for (String doc : documents) {
            List<String> words = new ArrayList<>();
            Matcher m = token.matcher(doc.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(m.group());
            }
            Set<String> inDoc = new HashSet<>();
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (w.length() < 4 || !Character.isLetter(w.charAt(0)) || Bm25Index.STOP.contains(w)) {
                    continue;
                }
                String stem = Bm25Index.stem(w);
                inDoc.add(stem);
                occurrences.merge(stem, 1, Integer::sum);
                surface.computeIfAbsent(stem, k -> new HashMap<>()).merge(w, 1, Integer::sum);
                if (i > 0 && DETERMINERS.contains(words.get(i - 1))) {
                    afterDeterminer.merge(stem, 1, Integer::sum);
                }
                String next = i + 1 < words.size() ? words.get(i + 1) : ".";
                if (!Character.isLetter(next.charAt(0)) || FUNCTION_WORDS.contains(next)) {
                    heads.merge(stem, 1, Integer::sum); // a noun heads its phrase: punctuation or a function word follows
                }
            }
            inDoc.forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = documents.size();
        int minDf = n < 200 ? 2 : 5;
        int maxDf = n < 200 ? Math.max(minDf + 1, n / 4) : Math.max(minDf + 1, (int) Math.ceil(0.03 * n));
        List<String> out = new ArrayList<>();
        df.entrySet().stream()
                .filter(e -> e.getValue() >= minDf && e.getValue() <= maxDf)
                .filter(e -> !GENERIC.contains(e.getKey()))
                .filter(e -> !e.getKey().endsWith("ly") && !e.getKey().endsWith("ed"))
                .filter(e -> afterDeterminer.getOrDefault(e.getKey(), 0) >= 0.35 * occurrences.get(e.getKey()))
                .filter(e -> heads.getOrDefault(e.getKey(), 0) >= 0.5 * occurrences.get(e.getKey()))
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                        : Integer.compare(b.getValue(), a.getValue()))
                .limit(400)
                .forEach(e -> out.add(e.getKey()));
        for (String stem : out) {
            String best = surface.get(stem).entrySet().stream()
                    .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                            : Integer.compare(b.getValue(), a.getValue()))
                    .findFirst().orElseThrow().getKey();
            forms.put(stem, best);
        }
        return List.copyOf(out);
    }

    /**
     * Returns where the corpus came from.
     *
     * @return the file path or the in-memory name
     */
    public String source() {
        return source;
    }

    /**
     * Returns a short digest of the corpus content (part of the backend id, so caches notice a new corpus).
     *
     * @return 12 hex characters
     */
    public String digest() {
        return digest;
    }

    /**
     * Returns the distinct sentences.
     *
     * @return the sentences, in corpus order
     */
    public List<String> sentences() {
        return sentences;
    }

    /**
     * Returns the BM25 index over {@link #sentences()}.
     *
     * @return the index
     */
    public Bm25Index index() {
        return index;
    }

    /**
     * Returns the themes (stemmed), most frequent first.
     *
     * @return up to 400 themes
     */
    public List<String> themes() {
        return themes;
    }

    /**
     * Returns the most common written form of a theme (e.g. {@code "vampires"} for the stem {@code "vampire"}).
     *
     * @param theme a theme from {@link #themes()}
     * @return its surface form, or the theme itself
     */
    public String surface(String theme) {
        return surfaceForms.getOrDefault(theme, theme);
    }

    /**
     * Returns the genres named in the corpus.
     *
     * @return sorted genre names (empty when the corpus has none)
     */
    public List<String> genres() {
        return genres;
    }
}
