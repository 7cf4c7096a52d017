package dev.eaglelm.core.llm.surrogate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Completion;
import dev.eaglelm.core.CompletionRequest;
import dev.eaglelm.core.LanguageModel;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.core.testkit.HashingEmbedding;
import dev.eaglelm.core.testkit.TestCorpora;
import dev.eaglelm.core.text.ActionGenerator;
import dev.eaglelm.core.text.EditCategory;
import dev.eaglelm.core.text.GeneratedActions;
import dev.eaglelm.core.text.TextState;
import dev.eaglelm.core.text.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurrogateRewriterTest {

    static final String TOY = "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz"
            + " Lightyear onto the scene. Afraid of losing his place in Andy's heart, Woody plots against Buzz.";

    @TempDir
    Path dir;

    static CompletionRequest edit(String description, String instruction, double temperature, Long seed) {
        CompletionRequest.Builder b = CompletionRequest.builder().system("rewrite")
                .user(UntrustedText.quote("description", description) + "\n\n" + UntrustedText.quote("edit", instruction)
                        + "\n\nApply the edit.")
                .temperature(temperature).maxTokens(400);
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }

    @Test
    void theSameRequestAndSeedGiveTheSameTextAndOtherSeedsVary() {
        SurrogateRewriter a = new SurrogateRewriter(TestCorpora.corpus(), 11, 6);
        SurrogateRewriter b = new SurrogateRewriter(TestCorpora.corpus(), 11, 6);
        SurrogateRewriter c = new SurrogateRewriter(TestCorpora.corpus(), 12, 6);
        int differs = 0;
        List<String> themes = TestCorpora.corpus().themes().subList(0, Math.min(20, TestCorpora.corpus().themes().size()));
        for (String theme : themes) {
            CompletionRequest r = edit(TOY, "Add a subplot about " + TestCorpora.corpus().surface(theme) + ".", 1.0, null);
            Completion x = a.complete(r);
            assertEquals(x.text(), a.complete(r).text(), "same instance, same request");
            assertEquals(x.text(), b.complete(r).text(), "same seed, same request");
            if (!x.text().equals(c.complete(r).text())) {
                differs++;
            }
            assertNotEquals(TOY, x.text(), "the edit changed the text");
        }
        assertTrue(differs > 0, "another seed samples other sentences at temperature 1");
        // at temperature 0 the seed does not matter: the best match is taken
        CompletionRequest greedy = edit(TOY, "Add a heist.", 0.0, 5L);
        assertEquals(a.complete(greedy).text(), c.complete(greedy).text());
    }

    @Test
    void anEditTowardsAThemeMovesTheEmbeddingTowardsThatThemesSentences() {
        SurrogateCorpus corpus = TestCorpora.corpus();
        SurrogateRewriter rewriter = new SurrogateRewriter(corpus, 3, 6);
        HashingEmbedding e = new HashingEmbedding(256);
        List<String> themes = corpus.themes().stream().limit(30).toList();
        List<Set<String>> tokenised = corpus.sentences().stream().map(x -> Set.copyOf(Bm25Index.tokens(x))).toList();
        int towards = 0;
        double meanGain = 0;
        for (String theme : themes) {
            List<String> themeSentences = new ArrayList<>();
            for (int i = 0; i < tokenised.size(); i++) {
                if (tokenised.get(i).contains(theme)) {
                    themeSentences.add(corpus.sentences().get(i));
                }
            }
            double[] centroid = new double[e.dimension()];
            for (String s : themeSentences) {
                double[] v = e.vector(s);
                for (int i = 0; i < v.length; i++) {
                    centroid[i] += v[i] / themeSentences.size();
                }
            }
            String after = rewriter.complete(edit(TOY, "Explore the theme of " + corpus.surface(theme) + " more deeply.",
                    0.7, 1L)).text();
            double gain = HashingEmbedding.cosine(e.vector(after), centroid)
                    - HashingEmbedding.cosine(e.vector(TOY), centroid);
            meanGain += gain / themes.size();
            if (gain > 0) {
                towards++;
            }
            // and the move is non-trivial: the text changed by a whole sentence
            assertTrue(after.length() > TOY.length() + 20, after);
        }
        assertTrue(themes.size() >= 10, "themes: " + themes);
        assertTrue(towards >= themes.size() - 2, towards + " of " + themes.size() + " edits moved towards their theme");
        assertTrue(meanGain > 0.05, "mean cosine gain " + meanGain);
    }

    @Test
    void removalInstructionsDeleteTheMatchingSentenceAndLongTextsSubstitute() {
        SurrogateRewriter r = new SurrogateRewriter(TestCorpora.corpus(), 0, 2);
        String out = r.rewrite(TOY, "Remove the birthday scene.", 0, new SplittableRandom(1));
        assertEquals("Afraid of losing his place in Andy's heart, Woody plots against Buzz.", out);
        // at the sentence cap (2) an addition substitutes for the least related sentence: still 2 sentences
        String sub = r.rewrite(TOY, "Add a heist.", 0, new SplittableRandom(1));
        assertEquals(2, SurrogateCorpus.splitSentences(sub).size(), sub);
        assertTrue(sub.startsWith("Led by Woody"), sub);
    }

    @Test
    void actionGenerationYieldsAllFiveCategoriesLabelledSurrogate() {
        LanguageModel llm = new SurrogateRewriter(TestCorpora.corpus(), 0, 6);
        ActionGenerator g = ActionGenerator.builder().model(llm).build(); // 10 + 10 per category: 50 + 50
        GeneratedActions out = g.generate(TextState.start(TOY, "Loves heist thrillers, detectives and jazz."));
        Map<String, Set<String>> byKind = out.actions().stream().collect(Collectors.groupingBy(
                a -> a.origin().substring(0, a.origin().indexOf('/')),
                Collectors.mapping(Action::category, Collectors.toSet())));
        Set<String> five = EditCategory.MOVIELENS.stream().map(EditCategory::label).collect(Collectors.toSet());
        assertEquals(five, byKind.get("generic"));
        assertEquals(five, byKind.get("personalised"));
        assertTrue(out.actions().size() >= 90, out.report().summary());
        assertEquals(100, out.report().requested());
        assertEquals(10, out.report().calls());
        for (Action a : out.actions()) {
            assertTrue(a.origin().contains("/surrogate:"), a.origin());
            assertTrue(a.text().endsWith("."), a.text());
        }
        assertEquals(out.actions().size(), out.actions().stream().map(Action::text).distinct().count());
        assertEquals(out.actions(), g.generate(TextState.start(TOY, "Loves heist thrillers, detectives and jazz."))
                .actions(), "deterministic");
        // without a context: generic actions only
        assertTrue(g.generate(TextState.start(TOY, "")).actions().stream()
                .allMatch(a -> a.origin().startsWith("generic/")));
    }

    @Test
    void everyOutputIsLabelledSurrogateAndSpecsWork() throws Exception {
        Path shared = TestCorpora.sharedMovielens();
        Path source = shared;
        if (source == null) {
            source = dir.resolve("overviews.csv");
            Files.writeString(source, "movieId,title,genres,overview\n1,A,Comedy,\"A pirate, a parrot and a"
                    + " map walk into a bar. The pirate wants the treasure.\"\n2,B,Horror,\"A vampire opens a bakery."
                    + " Nobody buys the bread after sunset.\"\n", StandardCharsets.UTF_8);
        }
        try (LanguageModel llm = LanguageModels.open("surrogate:" + source + "?seed=4")) {
            Completion c = llm.complete(CompletionRequest.builder().user("a treasure map").build());
            assertTrue(c.backend().startsWith("surrogate:"), c.backend());
            assertTrue(llm.id().contains("seed=4"), llm.id());
            assertTrue(!c.text().isBlank());
        }
    }

    @Test
    void badCorporaGiveClearErrors() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurrogateCorpus.load(dir.resolve("missing.csv")));
        assertTrue(e.getMessage().contains("missing.csv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SurrogateCorpus.load(dir));
        assertTrue(e.getMessage().contains("has no overviews.csv"), e.getMessage());
        Path noColumn = dir.resolve("x.csv");
        Files.writeString(noColumn, "id,title\n1,Alpha\n");
        e = assertThrows(IllegalArgumentException.class, () -> SurrogateCorpus.load(noColumn));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("overview"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LanguageModels.open("surrogate:"));
        assertTrue(e.getMessage().contains("name the corpus"), e.getMessage());
    }

    @Test
    void bm25RanksTheMatchingDocumentFirst() {
        Bm25Index idx = new Bm25Index(List.of("The pirate sails the sea.", "A vampire bites at night.",
                "Pirates and vampires argue about the sea at night."));
        double[] s = idx.scores("vampire night");
        assertEquals(1, Bm25Index.top(s, 1)[0]);
        assertEquals(0.0, s[0]);
        assertTrue(s[2] > 0 && s[2] < s[1], "the longer, mixed document scores lower: " + s[2] + " vs " + s[1]);
        assertEquals(List.of("pirate", "sail", "sea"), Bm25Index.tokens("The pirates sails the sea"));
        List<String> none = new ArrayList<>(Bm25Index.tokens("the and of"));
        assertTrue(none.isEmpty());
    }
}
