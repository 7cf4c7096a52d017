package dev.eaglelm.examples.recommender;

import dev.eaglelm.core.EmbeddingMap;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.embeddings.behavioral.FactorMatrix;
import dev.eaglelm.embeddings.latent.RidgeRegressor;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Ranks new items, known only by their descriptions, for users next to a recommender's catalogue, with the
 * recommender's own scoring: score(u, i) = &lang;p<sub>u</sub>, q<sub>i</sub>&rang;, where q<sub>i</sub> is the
 * catalogue's item factor row, and for a new item q = E<sub>D</sub>(description). Immutable; the new items are
 * embedded once, when the ranker is built.
 *
 * <pre>{@code
 * FactorMatrix items = FactorMatrix.readCsv(itemFactorsCsv), users = FactorMatrix.readCsv(userFactorsCsv);
 * TextToLatentEncoder ed = NewItemRanker.fitTextToLatent(encoder, items, itemTexts, 3.0, ProgressListener.NONE);
 * NewItemRanker ranker = NewItemRanker.of(items, ed, List.of(new NewItem("new-1", generatedDescription)));
 * Ranking r = ranker.rank("42", users.vector("42"), 10);
 * }</pre>
 */
public final class NewItemRanker {

    /** Texts embedded per call of the text encoder when fitting E_D (and per progress report). */
    static final int CHUNK = 128;

    private final FactorMatrix catalogue;
    private final String edId;
    private final List<NewItem> newItems;
    private final double[][] newVectors;

    /**
     * A new item: a label and its description.
     *
     * @param label a name for the output, e.g. {@code "new-1"}; must not be a catalogue id
     * @param text the description that E<sub>D</sub> embeds
     */
    public record NewItem(String label, String text) {

        /**
         * Checks the components.
         *
         * @param label a non-blank label
         * @param text a non-blank description
         * @throws IllegalArgumentException if either is blank
         */
        public NewItem {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
            if (label.isBlank() || text.isBlank()) {
                throw new IllegalArgumentException("new item: blank " + (label.isBlank() ? "label" : "text"));
            }
        }
    }

    /**
     * One line of a ranking.
     *
     * @param rank 1-based position among catalogue and new items together
     * @param id the catalogue id, or the new item's label
     * @param isNew whether this is a new item (embedded by E<sub>D</sub>) rather than a catalogue row
     * @param score the dot product of the user's factors and the item's factors
     */
    public record Entry(int rank, String id, boolean isNew, double score) {

        /**
         * Checks the components.
         *
         * @param rank &ge; 1
         * @param id non-null
         * @param isNew whether the item is new
         * @param score the score
         * @throws IllegalArgumentException if the rank is below 1
         */
        public Entry {
            Objects.requireNonNull(id, "id");
            if (rank < 1) {
                throw new IllegalArgumentException("entry: rank must be >= 1, got " + rank);
            }
        }
    }

    /**
     * A user's ranking.
     *
     * @param user the user id
     * @param top the first entries, best first
     * @param newItems every new item's entry, in the order the new items were given
     * @param size how many items were ranked (catalogue plus new)
     */
    public record Ranking(String user, List<Entry> top, List<Entry> newItems, int size) {

        /**
         * Copies the lists.
         *
         * @param user the user id
         * @param top the first entries
         * @param newItems the new items' entries
         * @param size the number of ranked items
         */
        public Ranking {
            Objects.requireNonNull(user, "user");
            top = List.copyOf(top);
            newItems = List.copyOf(newItems);
        }
    }

    private NewItemRanker(FactorMatrix catalogue, String edId, List<NewItem> newItems, double[][] newVectors) {
        this.catalogue = catalogue;
        this.edId = edId;
        this.newItems = newItems;
        this.newVectors = newVectors;
    }

    /**
     * Embeds the new items with E<sub>D</sub> and prepares the ranking.
     *
     * @param catalogue the recommender's item factors
     * @param textToLatent E<sub>D</sub>, into the catalogue's factor space
     * @param newItems the new items, with labels distinct from each other and from the catalogue ids
     * @return the ranker
     * @throws IllegalArgumentException if the dimensions differ or a label repeats or is a catalogue id
     */
    public static NewItemRanker of(FactorMatrix catalogue, EmbeddingMap<String> textToLatent, List<NewItem> newItems) {
        Objects.requireNonNull(catalogue, "catalogue");
        Objects.requireNonNull(textToLatent, "textToLatent");
        List<NewItem> items = List.copyOf(newItems);
        if (textToLatent.dimension() != catalogue.dimension()) {
            throw new IllegalArgumentException("E_D " + textToLatent.id() + " maps into dimension "
                    + textToLatent.dimension() + " but the item factors have " + catalogue.dimension());
        }
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (NewItem item : items) {
            if (catalogue.indexOf(item.label()) >= 0) {
                throw new IllegalArgumentException("new item label '" + item.label() + "' is a catalogue id");
            }
            if (!labels.add(item.label())) {
                throw new IllegalArgumentException("new item label '" + item.label() + "' repeats");
            }
        }
        double[][] vectors = new double[0][];
        if (!items.isEmpty()) {
            INDArray z = textToLatent.embedAll(items.stream().map(NewItem::text).toList());
            NdArrays.requireFinite(z, "E_D of the new items");
            vectors = NdArrays.toRows(z);
        }
        return new NewItemRanker(catalogue, textToLatent.id(), items, vectors);
    }

    /**
     * Fits E<sub>D</sub> for a catalogue: a ridge head from the text encoder's embeddings of the catalogue's item
     * texts to those items' factor rows (the library's reference E<sub>D</sub>, PAPER.md &sect;3).
     *
     * @param textEncoder a sentence encoder, e.g. the bundled MiniLM
     * @param catalogue the recommender's item factors
     * @param itemTexts a description per catalogue id; ids absent from the catalogue are ignored
     * @param lambda the ridge &lambda; &gt; 0
     * @param progress receives the encoding progress (task {@code "encode item texts"})
     * @return E<sub>D</sub> = text encoder + ridge head, into the catalogue's space
     * @throws IllegalArgumentException if fewer than 2 texts belong to catalogue items, or &lambda; &le; 0
     */
    public static TextToLatentEncoder fitTextToLatent(EmbeddingMap<String> textEncoder, FactorMatrix catalogue,
            Map<String, String> itemTexts, double lambda, ProgressListener progress) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map.Entry<String, String> e : itemTexts.entrySet()) {
            if (catalogue.indexOf(e.getKey()) >= 0 && e.getValue() != null && !e.getValue().isBlank()) {
                ids.add(e.getKey());
                texts.add(e.getValue());
            }
        }
        if (ids.size() < 2) {
            throw new IllegalArgumentException("E_D needs texts for at least 2 catalogue items, found " + ids.size()
                    + " (do the ids of the texts match the ids of the item factors?)");
        }
        double[][] x = new double[texts.size()][];
        progress.started("encode item texts", texts.size(), "texts");
        try {
            for (int from = 0; from < texts.size(); from += CHUNK) {
                int to = Math.min(texts.size(), from + CHUNK);
                double[][] part = NdArrays.toRows(textEncoder.embedAll(texts.subList(from, to)));
                System.arraycopy(part, 0, x, from, part.length);
                progress.advanced("encode item texts", to, texts.size());
            }
        } finally {
            progress.finished("encode item texts", texts.size());
        }
        RidgeRegressor head = RidgeRegressor.fit(NdArrays.matrix(x), catalogue.embedAll(ids), lambda);
        return new TextToLatentEncoder(textEncoder, head);
    }

    /**
     * Ranks the catalogue and the new items for one user by the dot product of the factors.
     *
     * @param userId the user's id (for the output)
     * @param user the user's factors, of the catalogue's dimension
     * @param top how many entries to return in {@link Ranking#top()}, &ge; 1
     * @return the ranking; ties are broken by catalogue before new, then by id
     * @throws IllegalArgumentException if the user vector's length differs from the factors' dimension, or
     *     {@code top < 1}
     */
    public Ranking rank(String userId, double[] user, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        double[] catalogueScores = catalogue.scores(user);
        int n = catalogueScores.length;
        int total = n + newItems.size();
        double[] scores = new double[total];
        System.arraycopy(catalogueScores, 0, scores, 0, n);
        for (int k = 0; k < newItems.size(); k++) {
            double s = 0;
            for (int j = 0; j < user.length; j++) {
                s += user[j] * newVectors[k][j];
            }
            scores[n + k] = s;
        }
        List<String> catalogueIds = catalogue.ids();
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -scores[i])
                .thenComparingInt(i -> i < n ? 0 : 1)
                .thenComparing(i -> i < n ? catalogueIds.get(i) : newItems.get(i - n).label()));
        List<Entry> first = new ArrayList<>();
        Entry[] newEntries = new Entry[newItems.size()];
        for (int r = 0; r < total; r++) {
            int i = order[r];
            boolean isNew = i >= n;
            Entry e = new Entry(r + 1, isNew ? newItems.get(i - n).label() : catalogueIds.get(i), isNew, scores[i]);
            if (r < top) {
                first.add(e);
            }
            if (isNew) {
                newEntries[i - n] = e;
            }
        }
        return new Ranking(userId, first, List.of(newEntries), total);
    }

    /**
     * Returns the new items.
     *
     * @return the new items, in the given order
     */
    public List<NewItem> newItems() {
        return newItems;
    }

    /**
     * Returns E<sub>D</sub>'s vector of a new item.
     *
     * @param index the new item's index
     * @return a copy of its latent vector
     */
    public double[] newItemVector(int index) {
        return newVectors[index].clone();
    }

    /**
     * Returns the id of the E<sub>D</sub> that embedded the new items.
     *
     * @return the embedding map's id
     */
    public String textToLatentId() {
        return edId;
    }

    /**
     * Returns the catalogue.
     *
     * @return the item factors
     */
    public FactorMatrix catalogue() {
        return catalogue;
    }
}
