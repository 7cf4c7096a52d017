package dev.eaglelm.embeddings.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.embeddings.behavioral.FactorMatrix.CsvLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class FactorMatrixTest {

    @TempDir
    Path tmp;

    Path write(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsIdFirstCsvAndScoresByDotProduct() throws Exception {
        FactorMatrix m = FactorMatrix.readCsv(write("items.csv", "a,1,0\n\nb, 0.5 ,2\n\"c,d\",-1,1\n"));
        assertEquals(List.of("a", "b", "c,d"), m.ids());
        assertEquals(2, m.dimension());
        assertArrayEquals(new double[] {0.5, 2}, m.vector("b"));
        // user (2, 1): a -> 2, b -> 3, c,d -> -1
        assertArrayEquals(new double[] {2, 3, -1}, m.scores(new double[] {2, 1}), 0);
        INDArray rows = m.embedAll(List.of("c,d", "a"));
        assertArrayEquals(new double[][] {{-1, 1}, {1, 0}}, rows.toDoubleMatrix());
        assertTrue(m.id().startsWith("factors:items.csv/d2/"), m.id());
    }

    @Test
    void readsFilesWithoutIdsAndWithHeaders() throws Exception {
        FactorMatrix noId = FactorMatrix.readCsv(write("n.csv", "1,2,3\n4,5,6\n"), CsvLayout.NO_ID);
        assertEquals(List.of("0", "1"), noId.ids());
        assertArrayEquals(new double[] {4, 5, 6}, noId.vector("1"));
        FactorMatrix header = FactorMatrix.readCsv(write("h.csv", "\uFEFFitem,f1,f2\nx,1,2\n"),
                CsvLayout.ID_FIRST.withHeader());
        assertEquals(List.of("x"), header.ids());
        FactorMatrix both = FactorMatrix.readCsv(write("b.csv", "f1,f2\n7,8\n"), CsvLayout.NO_ID.withHeader());
        assertArrayEquals(new double[] {7, 8}, both.vector("0"));
    }

    @Test
    void badFilesNameLineAndColumn() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("bad.csv", "a,1,2\nb,1,abc\n")));
        assertTrue(e.getMessage().endsWith("bad.csv: line 2, column 3: not a number: 'abc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("ragged.csv", "a,1,2\nb,1,2,3\n")));
        assertTrue(e.getMessage().contains("line 2 has 4 columns, expected 3 (an id and 2 factors"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("dup.csv", "a,1\nb,2\na,3\n")));
        assertTrue(e.getMessage().contains("line 3, column 1: duplicate id 'a' (first on line 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("nan.csv", "a,1,NaN\n")));
        assertTrue(e.getMessage().contains("line 1, column 3: not finite: 'NaN'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("hdr.csv", "id,f1\na,1\n")));
        assertTrue(e.getMessage().contains("line 1, column 2: not a number: 'f1'")
                && e.getMessage().contains("withHeader()"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("ids.csv", "a,1\n"), CsvLayout.NO_ID));
        assertTrue(e.getMessage().contains("line 1, column 1: not a number: 'a'")
                && e.getMessage().contains("ID_FIRST"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FactorMatrix.readCsv(write("empty.csv", "\n\n")));
        assertTrue(e.getMessage().endsWith("empty.csv: no factor rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FactorMatrix.readCsv(tmp.resolve("missing.csv")));
        assertTrue(e.getMessage().endsWith("missing.csv: no such file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FactorMatrix.readCsv(write("q.csv", "\"a,1\n")));
        assertTrue(e.getMessage().contains("line 1, column 1: unterminated quote"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("q2.csv", "a,1,2\nb,\"1,2\nc,3,4\n")));
        assertTrue(e.getMessage().endsWith("q2.csv: line 2, column 2: unterminated quote"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.readCsv(write("q3.csv", "a,1,2\n\"b\"x,3,4\n")));
        assertTrue(e.getMessage().contains("q3.csv: line 2, column 1: malformed field"), e.getMessage());
    }

    @Test
    void arraysAreCheckedAndCopied() {
        float[][] rows = {{1f, 2f}, {3f, 4f}};
        FactorMatrix m = FactorMatrix.of(List.of("x", "y"), rows);
        rows[0][0] = 99f;
        assertArrayEquals(new double[] {1, 2}, m.vector("x"));
        assertEquals(List.of("0", "1"), FactorMatrix.of(new float[][] {{1f}, {2f}}).ids());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.of(List.of("x", "y"), new double[][] {{1, 2}, {3, Double.NaN}}));
        assertEquals("factor matrix: row 1 (id 'y'), column 1: not finite: NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.of(List.of("x", "y"), new double[][] {{1, 2}, {3}}));
        assertEquals("factor matrix: row 1 (id 'y') has 1 columns, expected 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FactorMatrix.of(List.of("x", "x"), new double[][] {{1}, {3}}));
        assertEquals("factor matrix: row 1: duplicate id 'x' (first in row 0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FactorMatrix.of(List.of("x"), new double[][] {{1}, {3}}));
        assertEquals("factor matrix: 1 ids for 2 rows", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.embedAll(List.of("x", "nope")));
        assertTrue(e.getMessage().endsWith("unknown id 'nope' at index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.scores(new double[] {1}));
        assertTrue(e.getMessage().endsWith("user vector has 1 elements, the factors 2"), e.getMessage());
    }

    @Test
    void idChangesWithValuesAndName() {
        FactorMatrix a = FactorMatrix.of(List.of("x"), new double[][] {{1, 2}});
        FactorMatrix b = FactorMatrix.of(List.of("x"), new double[][] {{1, 2.5}});
        assertNotEquals(a.id(), b.id());
        assertEquals(a.id(), FactorMatrix.of(List.of("x"), new double[][] {{1, 2}}).id());
        assertTrue(a.named("shop-als/2026-11-01").id().startsWith("factors:shop-als/2026-11-01/d2/"));
    }

    @Test
    void readsWhatFactorModelWrites() throws Exception {
        RatingMatrix ratings = RatingMatrix.readCsv(write("r.csv",
                "u1,i1,5\nu1,i2,3\nu2,i1,4\nu2,i3,1\nu3,i2,2\nu3,i3,5\n"));
        FactorModel model = new AlsTrainer(AlsConfig.explicit().withRank(2).withIterations(3))
                .fit(ratings, ProgressListener.NONE);
        Path items = tmp.resolve("items.csv");
        Path users = tmp.resolve("users.csv");
        model.writeCsv(items, false);
        model.writeCsv(users, true);
        FactorMatrix q = FactorMatrix.readCsv(items);
        FactorMatrix p = FactorMatrix.readCsv(users);
        assertEquals(model.latentDimension(), q.dimension());
        double[] scores = q.scores(p.vector("u2"));
        for (String item : List.of("i1", "i2", "i3")) {
            // the CSV holds floats: agreement to float precision
            assertEquals(model.predict(model.users().indexOf("u2"), model.items().indexOf(item)),
                    scores[q.indexOf(item)], 1e-4);
        }
    }
}
