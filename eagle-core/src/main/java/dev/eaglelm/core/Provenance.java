package dev.eaglelm.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a run was made of: its seeds, the components and versions it used (embedding maps, LLM backends,
 * prompt templates), its configuration, the library version and the platform.
 *
 * <p>Every result that eaglelm writes carries one, so that a number can be traced to what produced it.
 * Instances are immutable; the {@code with*} methods return modified copies.
 *
 * @param seed the run seed from which every other seed is derived
 * @param seeds named derived seeds, if any were recorded
 * @param components role &rarr; identifier, e.g. {@code "environment-llm" -> "surrogate:overviews.csv"},
 *     {@code "encoder" -> "all-minilm-l6-v2-q/1.0.0-beta1"}
 * @param config configuration keys and values, e.g. {@code "eagle.trainer.klCoef" -> "0.1"}
 * @param libraryVersion the eaglelm version
 * @param java the Java runtime (vendor and version)
 * @param os the operating system and architecture
 * @param created when the record was captured
 */
public record Provenance(
        long seed,
        Map<String, Long> seeds,
        Map<String, String> components,
        Map<String, String> config,
        String libraryVersion,
        String java,
        String os,
        Instant created) {

    /**
     * Creates the record, validating its components.
     *
     * @param seed the run seed from which every other seed is derived
     * @param seeds named derived seeds, if any were recorded
     * @param components role &rarr; identifier, e.g. {@code "environment-llm" -> "surrogate:overviews.csv"}, {@code "encoder" -> "all-minilm-l6-v2-q/1.0.0-beta1"}
     * @param config configuration keys and values, e.g. {@code "eagle.trainer.klCoef" -> "0.1"}
     * @param libraryVersion the eaglelm version
     * @param java the Java runtime (vendor and version)
     * @param os the operating system and architecture
     * @param created when the record was captured /
     */
    public Provenance {
        seeds = sorted(seeds);
        components = sorted(components);
        config = sorted(config);
        Objects.requireNonNull(libraryVersion, "libraryVersion");
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(created, "created");
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(map)));
    }

    /**
     * Captures the current platform and library version for a run.
     *
     * @param seed the run seed
     * @return a record with no components or configuration yet
     */
    public static Provenance capture(long seed) {
        return new Provenance(seed, Map.of(), Map.of(), Map.of(), currentLibraryVersion(),
                System.getProperty("java.vendor", "?") + " " + System.getProperty("java.version", "?"),
                System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?"),
                Instant.now());
    }

    /**
     * Returns a copy with one more named seed.
     *
     * @param name what the seed is for
     * @param value the seed
     * @return the new record
     */
    public Provenance withSeed(String name, long value) {
        Map<String, Long> m = new TreeMap<>(seeds);
        m.put(Objects.requireNonNull(name, "name"), value);
        return new Provenance(seed, m, components, config, libraryVersion, java, os, created);
    }

    /**
     * Returns a copy with one more component.
     *
     * @param role the component's role, e.g. {@code "environment-llm"}
     * @param id the component's identifier, including its version
     * @return the new record
     */
    public Provenance withComponent(String role, String id) {
        Map<String, String> m = new TreeMap<>(components);
        m.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(id, "id"));
        return new Provenance(seed, seeds, m, config, libraryVersion, java, os, created);
    }

    /**
     * Returns a copy with more configuration entries.
     *
     * @param entries keys and values to add (replacing existing keys)
     * @return the new record
     */
    public Provenance withConfig(Map<String, String> entries) {
        Map<String, String> m = new TreeMap<>(config);
        m.putAll(entries);
        return new Provenance(seed, seeds, components, m, libraryVersion, java, os, created);
    }

    /**
     * Returns the version of the eaglelm library on the classpath.
     *
     * @return the version, e.g. {@code "0.1.0-SNAPSHOT"}
     * @throws UncheckedIOException if the version resource cannot be read
     */
    public static String currentLibraryVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the eaglelm version resource", e);
        }
    }
}
