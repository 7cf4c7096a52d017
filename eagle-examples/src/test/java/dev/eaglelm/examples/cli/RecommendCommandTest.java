package dev.eaglelm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.behavioral.FactorMatrix;
import dev.eaglelm.embeddings.latent.TextToLatentEncoder;
import dev.eaglelm.embeddings.text.SentenceEncoder;
import dev.eaglelm.examples.recommender.NewItemRanker;
import dev.eaglelm.examples.recommender.NewItemRanker.NewItem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendCommandTest {

    record Result(int code, String out, String err) {
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void quietProgress() {
        System.setProperty("eagle.progress", "none");
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EagleCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    Path write(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    static final String TEXTS = "movieId,title,genres,overview\n"
            + "1,Star Run,Sci-Fi|Action,\"A crew of smugglers races across the galaxy, chased by an empire.\"\n"
            + "2,Harbour Love,Romance,A widowed baker falls in love with a fisherman in a small harbour town.\n"
            + "3,Laugh Track,Comedy,A failing stand-up comedian tries to save his family's pizza restaurant.\n"
            + "4,Night Shift,Horror,A night nurse hears voices from the empty ward of an old hospital.\n";

    @Test
    void ranksCatalogueAndNewItemsByDotProduct() throws Exception {
        Path items = write("items.csv", "1,1.0,0.0\n2,0.0,1.0\n3,0.5,0.5\n4,-1.0,-0.2\n");
        Path users = write("users.csv", "u1,1.0,0.5\nu2,0.0,1.0\n");
        Path texts = write("texts.csv", TEXTS);
        String newText = "Two rival bakers fall in love during a seaside festival.";
        Result r = run("recommend", "--item-factors", items.toString(), "--user-factors", users.toString(),
                "--item-texts", texts.toString(), "--new-item", newText, "--user", "u2", "--top", "5");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("catalogue: 4 items from "), lines.get(0));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("user u2: top 5 of 5")).findFirst()
                .orElseThrow());

        // the expected ranking, computed independently: catalogue scores u2 . q_i, the new item through E_D
        double newScore;
        try (SentenceEncoder encoder = SentenceEncoder.miniLm()) {
            FactorMatrix q = FactorMatrix.readCsv(items);
            TextToLatentEncoder ed = NewItemRanker.fitTextToLatent(encoder, q, Map.of(
                    "1", "Star Run. Sci-Fi, Action. A crew of smugglers races across the galaxy, chased by an empire.",
                    "2", "Harbour Love. Romance. A widowed baker falls in love with a fisherman in a small harbour town.",
                    "3", "Laugh Track. Comedy. A failing stand-up comedian tries to save his family's pizza restaurant.",
                    "4", "Night Shift. Horror. A night nurse hears voices from the empty ward of an old hospital."),
                    3.0, ProgressListener.NONE);
            double[] z = NewItemRanker.of(q, ed, List.of(new NewItem("new-1", newText))).newItemVector(0);
            newScore = z[1]; // u2 = (0, 1)
        }
        // catalogue: 2 -> 1.0, 3 -> 0.5, 1 -> 0.0, 4 -> -0.2
        String[] expectedOrder = {"2", "3", "1", "4"};
        double[] expectedScores = {1.0, 0.5, 0.0, -0.2};
        int newRank = 1;
        for (double s : expectedScores) {
            if (s > newScore || (s == newScore)) {
                newRank++;
            }
        }
        List<String> rows = lines.subList(header + 2, header + 7);
        int c = 0;
        for (int rank = 1; rank <= 5; rank++) {
            String row = rows.get(rank - 1).strip();
            assertTrue(row.startsWith(rank + " "), row);
            if (rank == newRank) {
                assertTrue(row.contains(" new ") && row.contains("new-1"), row);
                assertTrue(row.contains(String.format(Locale.ROOT, "%.4f", newScore)), row + " vs " + newScore);
            } else {
                assertTrue(row.contains(" cat ") && row.contains(expectedOrder[c] + "  "), row);
                assertTrue(row.contains(String.format(Locale.ROOT, "%.4f", expectedScores[c])), row);
                c++;
            }
        }
        assertTrue(r.out().contains("Harbour Love"), "titles from the texts file are shown");
    }

    @Test
    void badInputsGiveOneErrorLine() throws Exception {
        Path items = write("items.csv", "1,1.0,0.0\n2,0.0,abc\n");
        Path users = write("users.csv", "u1,1.0,0.5\n");
        Path texts = write("texts.csv", TEXTS);
        Result r = run("recommend", "--item-factors", items.toString(), "--user-factors", users.toString(),
                "--item-texts", texts.toString(), "--new-item", "x");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("items.csv: line 2, column 3: not a number: 'abc'"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path good = write("good.csv", "1,1.0,0.0\n2,0.0,1.0\n");
        Path users3 = write("users3.csv", "u1,1.0,0.5,2\n");
        r = run("recommend", "--item-factors", good.toString(), "--user-factors", users3.toString(),
                "--item-texts", texts.toString(), "--new-item", "x");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("has 3 factors per user but") && r.err().contains("has 2 per item"), r.err());

        r = run("recommend", "--item-factors", good.toString(), "--user-factors", users.toString(),
                "--item-texts", texts.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("no new items"), r.err());

        r = run("recommend", "--item-factors", good.toString(), "--user-factors", users.toString(),
                "--item-texts", texts.toString(), "--new-item", "x", "--user", "nobody");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--user nobody: no such user"), r.err());
    }
}
