package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.cache.SqliteStore;
import dev.eaglelm.embeddings.behavioral.FactorMatrix;
import dev.eaglelm.embeddings.behavioral.FactorMatrix.CsvLayout;
import dev.eaglelm.embeddings.cache.CachedEmbeddingMap;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.eaglelm.examples.recommender.NewItemRanker;
import dev.eaglelm.examples.recommender.NewItemRanker.Entry;
import dev.eaglelm.examples.recommender.NewItemRanker.NewItem;
import dev.eaglelm.examples.recommender.NewItemRanker.Ranking;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle recommend}: ranks new item descriptions for users next to a recommender's catalogue, with the
 * recommender's own factors and scoring (user factors &middot; item factors). E<sub>D</sub> is fitted here: the
 * sentence encoder's embeddings of the catalogue's item texts, regressed (ridge) onto the item factors.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Rank new item descriptions (e.g. EAGLE's generated ones) for users next to a recommender's catalogue,"
                    + " scoring every item by user factors . item factors, as a matrix-factorisation recommender"
                    + " does. New descriptions are mapped into the item-factor space by E_D: MiniLM embeddings"
                    + " regressed (ridge) onto the item factors of the catalogue items that have texts."
        },
        footer = {
            "",
            "Factor files: one line per item or user, the id first (e.g. from `eagle behavioral --output-items`);"
                    + " --no-ids when lines hold only factors (ids are then row numbers from 0), --header to skip a"
                    + " header line.",
            "Item texts: CSV with a header, the id in the first column; the text is title, genres and"
                    + " overview/description/text when present (MovieLens overviews.csv works as is), else the"
                    + " other columns."
        })
public final class RecommendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--item-factors", required = true, paramLabel = "CSV", description = "The catalogue's item factors.")
    Path itemFactors;

    @Option(names = "--user-factors", required = true, paramLabel = "CSV", description = "The users' factors.")
    Path userFactors;

    @Option(names = "--no-ids", description = "Factor files have no id column (ids are row numbers 0, 1, ...).")
    boolean noIds;

    @Option(names = "--header", description = "Factor files start with a header line.")
    boolean header;

    @Option(names = "--item-texts", required = true, paramLabel = "CSV",
            description = "Texts of catalogue items, to fit E_D (e.g. ../shared/data/movielens/overviews.csv).")
    Path itemTexts;

    @Option(names = "--new-items", paramLabel = "TXT", description = "New descriptions, one per line.")
    Path newItemsFile;

    @Option(names = "--new-item", paramLabel = "TEXT", description = "A new description (repeatable).")
    List<String> newItemTexts = new ArrayList<>();

    @Option(names = "--user", paramLabel = "ID", description = "A user to rank for (repeatable; default: the first 3"
            + " users of --user-factors).")
    List<String> users = new ArrayList<>();

    @Option(names = "--top", description = "Entries shown per user (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int top;

    @Option(names = "--lambda", description = "Ridge lambda of E_D's head (default: ${DEFAULT-VALUE}).",
            defaultValue = "3.0")
    double lambda;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "A directory with model.onnx and tokenizer.json (default: the bundled MiniLM).")
    Path modelDir;

    @Option(names = "--cache", paramLabel = "DB", description = "An SQLite embedding cache (created if missing).")
    Path cache;

    /** Creates the command (picocli instantiates it). */
    public RecommendCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (top < 1) {
            throw CliException.usage("--top must be >= 1, got " + top);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw CliException.usage("--lambda must be > 0, got " + lambda);
        }
        CsvLayout layout = noIds ? CsvLayout.NO_ID : CsvLayout.ID_FIRST;
        if (header) {
            layout = layout.withHeader();
        }
        FactorMatrix items = FactorMatrix.readCsv(itemFactors, layout);
        FactorMatrix userMatrix = FactorMatrix.readCsv(userFactors, layout);
        if (userMatrix.dimension() != items.dimension()) {
            throw CliException.usage(userFactors + " has " + userMatrix.dimension() + " factors per user but "
                    + itemFactors + " has " + items.dimension() + " per item");
        }
        List<NewItem> newItems = newItems();
        List<String> chosen = users.isEmpty() ? userMatrix.ids().subList(0, Math.min(3, userMatrix.size())) : users;
        for (String u : chosen) {
            if (userMatrix.indexOf(u) < 0) {
                throw CliException.usage("--user " + u + ": no such user in " + userFactors);
            }
        }
        ItemTexts texts = readItemTexts(itemTexts);
        EmbedCommand.quietDjl(spec);
        quietTruncationWarnings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressListener progress = new ConsoleProgress(err, ConsoleProgress.Mode.fromSystemProperty());
        try (SentenceEncoder encoder = modelDir == null ? SentenceEncoder.miniLm() : SentenceEncoder.fromDirectory(modelDir);
                SqliteStore store = cache == null ? null : SqliteStore.open(cache)) {
            EmbeddingMap<String> textEncoder = store == null ? encoder : new CachedEmbeddingMap(encoder, store);
            TextToLatentEncoder ed = NewItemRanker.fitTextToLatent(textEncoder, items, texts.text(), lambda, progress);
            long fitted = texts.text().keySet().stream().filter(id -> items.indexOf(id) >= 0).count();
            NewItemRanker ranker = NewItemRanker.of(items, ed, newItems);
            out.printf(Locale.ROOT, "catalogue: %d items from %s (d = %d); E_D: %s, ridge head fitted on the texts"
                    + " of %d of them; new items: %d (texts given, not generated here)%n", items.size(), itemFactors,
                    items.dimension(), encoder.id(), fitted, newItems.size());
            out.println("score = user factors . item factors (the recommender's dot product); new items are"
                    + " scored through E_D(text); texts beyond " + encoder.maxLength() + " tokens are truncated");
            for (String u : chosen) {
                Ranking r = ranker.rank(u, userMatrix.vector(u), top);
                out.println();
                out.printf(Locale.ROOT, "user %s: top %d of %d%n", u, r.top().size(), r.size());
                out.printf(Locale.ROOT, "%6s  %9s  %-4s  %s%n", "rank", "score", "kind", "item");
                for (Entry e : r.top()) {
                    out.println(line(e, texts, newItems));
                }
                for (Entry e : r.newItems()) {
                    if (e.rank() > top) {
                        out.println(line(e, texts, newItems));
                    }
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The encoder warns once per batch about texts beyond its 128-token limit, which for a catalogue of overviews
     * is a screenful of identical warnings: shown with {@code --verbose} only (a level set explicitly wins).
     */
    private void quietTruncationWarnings() {
        String key = "org.slf4j.simpleLogger.log." + SentenceEncoder.class.getName();
        boolean verbose = spec.root().findOption("--verbose") != null
                && Boolean.TRUE.equals(spec.root().findOption("--verbose").getValue());
        if (!verbose && System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }

    private static String line(Entry e, ItemTexts texts, List<NewItem> newItems) {
        String what;
        if (e.isNew()) {
            String text = newItems.stream().filter(n -> n.label().equals(e.id())).findFirst().orElseThrow().text();
            what = e.id() + "  \"" + abbreviate(text, 70) + "\"";
        } else {
            String title = texts.title().get(e.id());
            what = e.id() + (title == null ? "" : "  " + title);
        }
        return String.format(Locale.ROOT, "%6d  %9.4f  %-4s  %s", e.rank(), e.score(), e.isNew() ? "new" : "cat", what);
    }

    private static String abbreviate(String s, int max) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }

    private List<NewItem> newItems() {
        List<String> texts = new ArrayList<>();
        if (newItemsFile != null) {
            for (String line : EmbedCommand.readLines(newItemsFile)) {
                if (!line.isBlank()) {
                    texts.add(line.strip());
                }
            }
        }
        for (String t : newItemTexts) {
            if (t.isBlank()) {
                throw CliException.usage("--new-item: empty text");
            }
            texts.add(t.strip());
        }
        if (texts.isEmpty()) {
            throw CliException.usage("no new items: give --new-items FILE or --new-item TEXT");
        }
        List<NewItem> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new NewItem("new-" + (i + 1), texts.get(i)));
        }
        return out;
    }

    /** Catalogue texts by id, and titles (when the file has a title column) for the output. */
    record ItemTexts(Map<String, String> text, Map<String, String> title) {
    }

    static ItemTexts readItemTexts(Path file) {
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("--item-texts " + file + ": no such file");
        }
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            if (!it.hasNext()) {
                throw CliException.usage(file + ": empty file");
            }
            String[] head = it.next();
            if (head.length < 2) {
                throw CliException.usage(file + ": row 1: expected a header with an id column and a text column,"
                        + " found " + head.length + " column(s)");
            }
            int title = -1;
            int genres = -1;
            int body = -1;
            for (int i = 1; i < head.length; i++) {
                String h = head[i].strip().toLowerCase(Locale.ROOT);
                switch (h) {
                    case "title", "name" -> title = title < 0 ? i : title;
                    case "genres", "genre", "category", "categories" -> genres = genres < 0 ? i : genres;
                    case "overview", "description", "text" -> body = body < 0 ? i : body;
                    default -> {
                    }
                }
            }
            List<Integer> columns = new ArrayList<>();
            if (body >= 0) {
                for (int c : new int[] {title, genres, body}) {
                    if (c >= 0) {
                        columns.add(c);
                    }
                }
            } else {
                for (int i = 1; i < head.length; i++) {
                    columns.add(i);
                }
            }
            int row = 1;
            while (it.hasNext()) {
                String[] r = it.next();
                row++;
                if (r.length == 0 || (r.length == 1 && r[0].isBlank())) {
                    continue;
                }
                int needed = columns.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
                if (r.length < needed) {
                    throw CliException.usage(file + ": row " + row + ": " + r.length + " columns, expected "
                            + head.length);
                }
                String id = r[0].strip();
                StringBuilder sb = new StringBuilder();
                for (int c : columns) {
                    String part = r[c].strip();
                    if (c == genres) {
                        part = part.replace("|", ", ");
                    }
                    if (!part.isEmpty()) {
                        if (sb.length() > 0) {
                            sb.append(". ");
                        }
                        sb.append(part);
                    }
                }
                if (text.putIfAbsent(id, sb.toString()) != null) {
                    throw CliException.usage(file + ": row " + row + ": duplicate id '" + id + "'");
                }
                if (title >= 0) {
                    titles.put(id, r[title].strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CliException c) {
                throw c;
            }
            throw CliException.usage(file + ": cannot read it as CSV: " + e.getMessage());
        }
        return new ItemTexts(text, titles);
    }
}
