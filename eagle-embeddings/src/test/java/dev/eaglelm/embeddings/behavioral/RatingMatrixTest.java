package dev.eaglelm.embeddings.behavioral;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eaglelm.embeddings.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingMatrixTest {

    @TempDir
    Path tmp;

    Path write(String content) throws Exception {
        Path f = tmp.resolve("r" + content.hashCode() + ".csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsMovieLensRatings() {
        RatingMatrix m = RatingMatrix.readCsv(TestData.movielens().resolve("ml-latest-small/ratings.csv"));
        assertEquals(610, m.users().size());
        assertEquals(9724, m.items().size());
        assertEquals(100836, m.size());
        int user1 = m.users().indexOf("1");
        int toyStory = m.items().indexOf("1");
        assertEquals(4.0f, m.get(user1, toyStory)); // first data row: 1,1,4.0,964982703
        assertEquals(3.5016, m.mean(), 1e-4);
    }

    @Test
    void readsGenericFilesWithAndWithoutHeader() throws Exception {
        RatingMatrix a = RatingMatrix.readCsv(write("alice,matrix,5\nbob,matrix,3\nalice,heat,4\n"));
        assertEquals(2, a.users().size());
        assertEquals(2, a.items().size());
        assertEquals(4.0f, a.get(a.users().indexOf("alice"), a.items().indexOf("heat")));
        assertTrue(Float.isNaN(a.get(a.users().indexOf("bob"), a.items().indexOf("heat"))));
        RatingMatrix b = RatingMatrix.readCsv(write("ts,item,user,score\n9,matrix,alice,5\n9,heat,bob,2.5\n"));
        assertEquals(2.5f, b.get(b.users().indexOf("bob"), b.items().indexOf("heat")));
        assertArrayEquals(new int[] {b.items().indexOf("matrix")}, b.itemsOf(b.users().indexOf("alice")));
    }

    @Test
    void badFilesNameLineAndColumn() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatingMatrix.readCsv(write("userId,movieId,rating\n1,2,4\n1,3,abc\n")));
        assertTrue(e.getMessage().endsWith("line 3, column 3 (rating): not a number: 'abc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("u,i,3\nu2,i2\n")));
        assertTrue(e.getMessage().contains("line 2: expected at least 3 comma-separated columns, found 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("u,i,NaN\n")));
        assertTrue(e.getMessage().contains("line 1, column 3 (rating): not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write(",i,3\n")));
        assertTrue(e.getMessage().contains("line 1, column 1 (user): empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("")));
        assertTrue(e.getMessage().contains("no ratings (the file is empty)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("user,item,rating\n")));
        assertTrue(e.getMessage().contains("only a header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("a,b,c,d\n1,2,3,4\n")));
        assertTrue(e.getMessage().contains("line 1: not a ratings header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(write("u,i,3\nu,i,4\n")));
        assertTrue(e.getMessage().contains("user 'u' rated item 'i' more than once"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RatingMatrix.readCsv(tmp.resolve("missing.csv")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void splitIsSeededDisjointAndComplete() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < 30; u++) {
            for (int i = 0; i < 20; i++) {
                if ((u * 7 + i * 3) % 4 != 0) {
                    sb.append(u).append(',').append("item").append(i).append(',').append((u + i) % 5 + 1).append('\n');
                }
            }
        }
        RatingMatrix m = RatingMatrix.readCsv(write(sb.toString()));
        RatingMatrix.Split s = m.split(0.2, 7);
        assertEquals(Math.round(0.2 * m.size()), s.heldOut().size());
        assertEquals(m.size(), s.train().size() + s.heldOut().size());
        Set<Long> train = new HashSet<>();
        for (int u = 0; u < m.users().size(); u++) {
            for (int i : s.train().itemsOf(u)) {
                train.add((long) u << 32 | i);
                assertEquals(m.get(u, i), s.train().get(u, i));
            }
            for (int i : s.heldOut().itemsOf(u)) {
                assertTrue(!train.contains((long) u << 32 | i));
                assertEquals(m.get(u, i), s.heldOut().get(u, i));
            }
        }
        RatingMatrix.Split again = m.split(0.2, 7);
        RatingMatrix.Split other = m.split(0.2, 8);
        for (int u = 0; u < m.users().size(); u++) {
            assertArrayEquals(s.heldOut().itemsOf(u), again.heldOut().itemsOf(u));
        }
        boolean differs = false;
        for (int u = 0; u < m.users().size(); u++) {
            differs |= !java.util.Arrays.equals(s.heldOut().itemsOf(u), other.heldOut().itemsOf(u));
        }
        assertTrue(differs, "another seed gives another split");
        assertThrows(IllegalArgumentException.class, () -> m.split(1.0, 1));
        assertNotEquals(0, m.split(0.0, 1).train().size());
    }
}
