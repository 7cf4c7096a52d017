package dev.eaglelm.core.llm.surrogate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Okapi BM25 index over short texts (k1 = 1.2, b = 0.75), with the tokenizer the surrogate uses:
 * lower case, letters only, words of at least three letters, English stop words removed, a plural
 * {@code -s} folded. Immutable and thread-safe after construction.
 */
public final class Bm25Index {

    /** Term-frequency saturation. */
    public static final double K1 = 1.2;
    /** Length normalisation. */
    public static final double B = 0.75;

    static final Set<String> STOP = Set.copyOf(java.util.Arrays.asList("the", "and", "for", "are", "but", "not", "you", "all", "any", "can",
            "had", "her", "was", "one", "our", "out", "his", "has", "him", "how", "its", "who", "that", "this",
            "with", "from", "they", "them", "their", "there", "then", "than", "into", "onto", "upon", "when", "what",
            "where", "which", "while", "will", "would", "could", "should", "been", "being", "have", "were", "about",
            "after", "before", "over", "under", "more", "most", "less", "also", "only", "just", "such", "some",
            "each", "every", "other", "these", "those", "through", "between", "against", "during", "without",
            "within", "both", "very", "own", "same", "she", "himself", "herself", "themselves", "itself", "your",
            "yours", "whose", "whom", "because", "until", "again", "further", "once", "here", "why", "off", "down",
            "may", "might", "must", "shall", "does", "did", "doing", "now", "even", "still", "yet", "get", "gets",
            "got", "make", "makes", "made", "take", "takes", "soon", "finds", "find", "becomes", "become"));

    private final int size;
    private final Map<String, int[]> postings; // term -> [doc, tf, doc, tf, ...]
    private final int[] lengths;
    private final double avgLength;

    /**
     * Indexes texts.
     *
     * @param texts the documents; document i is {@code texts.get(i)}
     */
    public Bm25Index(List<String> texts) {
        this.size = texts.size();
        this.lengths = new int[size];
        Map<String, List<int[]>> tmp = new HashMap<>();
        long total = 0;
        for (int d = 0; d < size; d++) {
            List<String> toks = tokens(texts.get(d));
            lengths[d] = toks.size();
            total += toks.size();
            Map<String, Integer> tf = new HashMap<>();
            toks.forEach(t -> tf.merge(t, 1, Integer::sum));
            for (Map.Entry<String, Integer> e : tf.entrySet()) {
                tmp.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new int[] {d, e.getValue()});
            }
        }
        this.avgLength = size == 0 ? 1 : Math.max(1e-9, (double) total / size);
        this.postings = new HashMap<>();
        for (Map.Entry<String, List<int[]>> e : tmp.entrySet()) {
            int[] flat = new int[e.getValue().size() * 2];
            for (int i = 0; i < e.getValue().size(); i++) {
                flat[2 * i] = e.getValue().get(i)[0];
                flat[2 * i + 1] = e.getValue().get(i)[1];
            }
            postings.put(e.getKey(), flat);
        }
    }

    /**
     * Tokenises a text the way the index does.
     *
     * @param text any text
     * @return the tokens, in order
     */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
            if (w.length() < 3 || STOP.contains(w)) {
                continue;
            }
            out.add(stem(w));
        }
        return out;
    }

    static String stem(String w) {
        if (w.length() > 4 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")
                && !w.endsWith("ies") || w.length() > 5 && w.endsWith("ies") && !w.equals("series")
                && !w.equals("species")) {
            return w.endsWith("ies") ? w.substring(0, w.length() - 3) + "y" : w.substring(0, w.length() - 1);
        }
        return w;
    }

    /**
     * Returns the number of indexed documents.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Returns the number of documents containing a (stemmed) term.
     *
     * @param term a token as {@link #tokens} makes it
     * @return the document frequency
     */
    public int documentFrequency(String term) {
        int[] p = postings.get(term);
        return p == null ? 0 : p.length / 2;
    }

    /**
     * Returns the inverse document frequency of a term (BM25's, floored at 0).
     *
     * @param term a token
     * @return idf &ge; 0
     */
    public double idf(String term) {
        int df = documentFrequency(term);
        return Math.log(1 + (size - df + 0.5) / (df + 0.5));
    }

    /**
     * Scores every document against a query.
     *
     * @param query the query text (tokenised like the documents)
     * @return one score per document, 0 for documents sharing no term
     */
    public double[] scores(String query) {
        return scoresOfTokens(tokens(query));
    }

    /**
     * Scores every document against tokens.
     *
     * @param queryTokens tokens (repeats weigh more)
     * @return one score per document
     */
    public double[] scoresOfTokens(List<String> queryTokens) {
        double[] s = new double[size];
        for (String q : queryTokens) {
            int[] p = postings.get(q);
            if (p == null) {
                continue;
            }
            double idf = idf(q);
            for (int i = 0; i < p.length; i += 2) {
                int d = p[i];
                double tf = p[i + 1];
                s[d] += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths[d] / avgLength));
            }
        }
        return s;
    }

    /**
     * Returns the indices of the best-scoring documents, best first (ties by index).
     *
     * @param scores scores from {@link #scores}
     * @param k how many
     * @return up to k indices with a positive score
     */
    public static int[] top(double[] scores, int k) {
        // partial selection: keep the k best of the positive scores in a small sorted buffer
        int[] best = new int[Math.max(0, k)];
        int n = 0;
        for (int i = 0; i < scores.length && k > 0; i++) {
            if (!(scores[i] > 0)) {
                continue;
            }
            if (n == k && !better(scores, i, best[n - 1])) {
                continue;
            }
            int j = n < k ? n++ : n - 1;
            while (j > 0 && better(scores, i, best[j - 1])) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        return Arrays.copyOf(best, n);
    }

    private static boolean better(double[] s, int a, int b) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }
}
