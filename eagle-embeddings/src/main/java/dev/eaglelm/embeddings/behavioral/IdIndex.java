package dev.eaglelm.embeddings.behavioral;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A bijection between external ids (user or item ids as written in a ratings file) and dense indices
 * {@code 0..size()-1}, in order of first appearance. Immutable once built.
 */
public final class IdIndex {

    private final List<String> ids;
    private final Map<String, Integer> index;

    private IdIndex(List<String> ids, Map<String, Integer> index) {
        this.ids = ids;
        this.index = index;
    }

    /**
     * Creates an index over distinct ids.
     *
     * @param ids the ids in index order, distinct and non-null
     * @return the index
     * @throws IllegalArgumentException if an id repeats
     */
    public static IdIndex of(List<String> ids) {
        Map<String, Integer> index = new HashMap<>(Math.max(16, ids.size() * 2));
        List<String> copy = new ArrayList<>(ids.size());
        for (String id : ids) {
            Objects.requireNonNull(id, "id");
            if (index.putIfAbsent(id, copy.size()) != null) {
                throw new IllegalArgumentException("id index: duplicate id '" + id + "'");
            }
            copy.add(id);
        }
        return new IdIndex(Collections.unmodifiableList(copy), Collections.unmodifiableMap(index));
    }

    /**
     * Returns the number of ids.
     *
     * @return the size
     */
    public int size() {
        return ids.size();
    }

    /**
     * Returns the id at an index.
     *
     * @param i an index in {@code [0, size())}
     * @return the external id
     */
    public String id(int i) {
        return ids.get(i);
    }

    /**
     * Returns the index of an id.
     *
     * @param id an external id
     * @return its index, or -1 if the id is unknown
     */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }

    /**
     * Returns the ids in index order.
     *
     * @return an unmodifiable list
     */
    public List<String> ids() {
        return ids;
    }

    /** Grows an index while reading a file. */
    static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        int add(String id) {
            Integer i = index.get(id);
            if (i != null) {
                return i;
            }
            index.put(id, ids.size());
            ids.add(id);
            return ids.size() - 1;
        }

        IdIndex build() {
            return new IdIndex(Collections.unmodifiableList(new ArrayList<>(ids)), Collections.unmodifiableMap(
                    new HashMap<>(index)));
        }
    }

    @Override
    public String toString() {
        return "IdIndex[" + ids.size() + " ids]";
    }
}
