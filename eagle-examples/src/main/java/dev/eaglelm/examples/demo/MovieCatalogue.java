package dev.eaglelm.examples.demo;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The movies of a MovieLens-layout data set: title and genres from {@code movies.csv}, and the plot text from
 * {@code overviews.csv} when present (else a text built from title and genres).
 *
 * @param movies the movies by MovieLens id, in file order
 * @param hasOverviews whether the texts are plot overviews
 */
public record MovieCatalogue(Map<String, Movie> movies, boolean hasOverviews) {

    /**
     * Copies the map.
     *
     * @param movies the movies by id
     * @param hasOverviews whether texts are overviews
     */
    public MovieCatalogue {
        movies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(movies));
    }

    /**
     * One movie.
     *
     * @param id the MovieLens id
     * @param title the title
     * @param genres the genres, {@code |}-separated
     * @param text the plot overview, or "title. genres." when there is none
     */
    public record Movie(String id, String title, String genres, String text) {
    }

    /**
     * Reads the catalogue.
     *
     * @param data the located data
     * @return the catalogue
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException if a file lacks a needed column; the message names the file
     */
    public static MovieCatalogue read(DataLocator.Located data) {
        Map<String, Movie> movies = new LinkedHashMap<>();
        for (String[] r : rows(data.ratingsDir().resolve("movies.csv"), "movieId", "title", "genres")) {
            String genres = r[2].replace('|', ',').replace("(no genres listed)", "");
            movies.put(r[0], new Movie(r[0], r[1], r[2], r[1] + ". " + genres + "."));
        }
        boolean overviews = false;
        if (data.overviews() != null) {
            for (String[] r : rows(data.overviews(), "movieId", "overview")) {
                Movie m = movies.get(r[0]);
                if (m != null && !r[1].isBlank()) {
                    movies.put(r[0], new Movie(m.id(), m.title(), m.genres(), r[1].strip()));
                    overviews = true;
                }
            }
        }
        return new MovieCatalogue(movies, overviews);
    }

    /** Reads the named columns of a CSV file with a header row. */
    private static List<String[]> rows(Path file, String... columns) {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> out = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(file.toFile())) {
            if (!it.hasNext()) {
                throw new IllegalArgumentException(file + ": empty file");
            }
            String[] header = it.next();
            int[] idx = new int[columns.length];
            for (int c = 0; c < columns.length; c++) {
                idx[c] = -1;
                for (int h = 0; h < header.length; h++) {
                    if (header[h].strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT)
                            .equals(columns[c].toLowerCase(Locale.ROOT))) {
                        idx[c] = h;
                    }
                }
                if (idx[c] < 0) {
                    throw new IllegalArgumentException(file + ": no column '" + columns[c] + "' in the header");
                }
            }
            long line = 1;
            while (it.hasNext()) {
                line++;
                String[] r = it.next();
                String[] picked = new String[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    if (idx[c] >= r.length) {
                        throw new IllegalArgumentException(file + ", row " + line + ": missing column '" + columns[c] + "'");
                    }
                    picked[c] = r[idx[c]];
                }
                out.add(picked);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read it: " + e.getMessage(), e);
        }
        return out;
    }
}
