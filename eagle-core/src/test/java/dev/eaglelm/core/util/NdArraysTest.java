package dev.eaglelm.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdArraysTest {

    @Test
    void matrixRoundTripsAndNamesBadCells() {
        double[][] rows = {{1, 2}, {3, 4}, {5, 6}};
        INDArray m = NdArrays.matrix(rows);
        assertEquals(DataType.DOUBLE, m.dataType());
        assertArrayEquals(rows, NdArrays.toRows(m));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArrays.matrix(new double[][] {{1, 2}, {3, 4, 5}}));
        assertTrue(e.getMessage().contains("row 1 has 3 columns, expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NdArrays.matrix(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArrays.matrix(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> NdArrays.vector(new double[] {Double.NaN}));
    }

    @Test
    void asRowsReshapesVectorsAndChecksColumns() {
        INDArray v = Nd4j.createFromArray(1f, 2f, 3f);
        INDArray r = NdArrays.asRows(v, "v", 3);
        assertArrayEquals(new long[] {1, 3}, r.shape());
        assertEquals(DataType.DOUBLE, r.dataType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArrays.asRows(v, "v", 2));
        assertTrue(e.getMessage().startsWith("v: rows have 3 columns, expected 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NdArrays.asRows(Nd4j.zeros(2, 2, 2), "cube", -1));
    }

    @Test
    void requireFiniteFindsTheCell() {
        INDArray m = Nd4j.createFromArray(new double[][] {{0, 1}, {2, 3}, {Double.NaN, 5}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArrays.requireFinite(m, "embeddings"));
        assertEquals("embeddings: row 2, column 0: not finite: NaN", e.getMessage());
    }
}
