package dev.eaglelm.core.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.Provenance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A training checkpoint: policy and value parameters, both optimisers' state, the iteration counter and
 * the counters that feed metrics and warnings; with a JSON header that records the configuration and
 * what the run was made of.
 *
 * <p><b>RNG state.</b> The trainer draws every random number from streams derived from (run seed,
 * iteration, episode index) with {@link dev.eaglelm.core.Seeds}: counter-based randomness. Its RNG state is
 * therefore exactly (seed, next iteration), both stored here; nothing else is needed to continue
 * bit-identically.
 *
 * <p><b>Format</b> (version 1): the 8 ASCII bytes {@code EAGLECK1}; the header length (int) and the header
 * (UTF-8 JSON); the parameter and optimiser arrays as big-endian IEEE doubles (bit-exact), each preceded by
 * its length; the counters; a CRC-32 of everything before it. {@link #write} writes to a temporary file in
 * the same directory, forces it to disk and renames it over the target atomically, so a crash leaves
 * either the old or the new checkpoint, never a torn one.
 */
public final class Checkpoint {

    /** The file name the trainer uses inside its checkpoint directory. */
    public static final String FILE_NAME = "checkpoint.bin";

    private static final byte[] MAGIC = "EAGLECK1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    final int iteration;
    final long seed;
    final String fingerprint;
    final Map<String, String> header;
    final double[] theta;
    final double[] phi;
    final double[] policyM;
    final double[] policyV;
    final long policySteps;
    final double[] valueM;
    final double[] valueV;
    final long valueSteps;
    final long episodes;
    final long environmentSteps;
    final double[] klWindow;

    Checkpoint(int iteration, long seed, String fingerprint, Map<String, String> header, double[] theta,
            double[] phi, Adam policy, Adam value, long episodes, long environmentSteps, double[] klWindow) {
        this(iteration, seed, fingerprint, header, theta.clone(), phi.clone(), policy.firstMoments(),
                policy.secondMoments(), policy.steps(), value.firstMoments(), value.secondMoments(), value.steps(),
                episodes, environmentSteps, klWindow.clone());
    }

    private Checkpoint(int iteration, long seed, String fingerprint, Map<String, String> header, double[] theta,
            double[] phi, double[] policyM, double[] policyV, long policySteps, double[] valueM, double[] valueV,
            long valueSteps, long episodes, long environmentSteps, double[] klWindow) {
        this.iteration = iteration;
        this.seed = seed;
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.header = Map.copyOf(header);
        this.theta = theta;
        this.phi = phi;
        this.policyM = policyM;
        this.policyV = policyV;
        this.policySteps = policySteps;
        this.valueM = valueM;
        this.valueV = valueV;
        this.valueSteps = valueSteps;
        this.episodes = episodes;
        this.environmentSteps = environmentSteps;
        this.klWindow = klWindow;
    }

    /**
     * Returns the number of iterations the checkpoint holds.
     *
     * @return the iterations done
     */
    public int iteration() {
        return iteration;
    }

    /**
     * Returns the run seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the fingerprint of the configuration, network and reference that a resume must match.
     *
     * @return the fingerprint text
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Returns the header's descriptive entries: configuration keys, the architecture, the embedding view,
     * the reference policy, the environment, the library version and the creation time.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> header() {
        return header;
    }

    /**
     * Returns the policy parameters &theta;.
     *
     * @return a copy
     */
    public double[] policyParameters() {
        return theta.clone();
    }

    /**
     * Returns the value parameters &phi;.
     *
     * @return a copy
     */
    public double[] valueParameters() {
        return phi.clone();
    }

    /**
     * Writes the checkpoint atomically: temporary file, {@code fsync}, atomic rename.
     *
     * @param file the target file; its directory is created if needed
     * @throws UncheckedIOException if writing fails (the previous checkpoint, if any, is left intact)
     */
    public void write(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] bytes = encode();
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", 1);
        h.put("iteration", iteration);
        h.put("seed", seed);
        h.put("fingerprint", fingerprint);
        h.put("info", new java.util.TreeMap<>(header));
        byte[] json = JSON.writeValueAsBytes(h);
        out.writeInt(json.length);
        out.write(json);
        writeArray(out, theta);
        writeArray(out, phi);
        writeArray(out, policyM);
        writeArray(out, policyV);
        out.writeLong(policySteps);
        writeArray(out, valueM);
        writeArray(out, valueV);
        out.writeLong(valueSteps);
        out.writeLong(episodes);
        out.writeLong(environmentSteps);
        writeArray(out, klWindow);
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /**
     * Reads a checkpoint.
     *
     * @param file the file
     * @return the checkpoint
     * @throws IllegalArgumentException if the file is not a checkpoint, is of an unknown version, or is
     *     corrupt (bad checksum or truncated); the message names the file
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("checkpoint " + file + ": not an eaglelm checkpoint (bad magic)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException("checkpoint " + file + ": corrupt (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length,
                bytes.length - MAGIC.length - 8))) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<?, ?> h = JSON.readValue(json, Map.class);
            Object format = h.get("format");
            if (!(format instanceof Number n) || n.intValue() != 1) {
                throw new IllegalArgumentException("checkpoint " + file + ": unknown format " + format);
            }
            Map<String, String> info = new LinkedHashMap<>();
            if (h.get("info") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> info.put(String.valueOf(k), String.valueOf(v)));
            }
            int iteration = ((Number) h.get("iteration")).intValue();
            long seed = ((Number) h.get("seed")).longValue();
            String fingerprint = String.valueOf(h.get("fingerprint"));
            double[] theta = readArray(in);
            double[] phi = readArray(in);
            double[] pm = readArray(in);
            double[] pv = readArray(in);
            long ps = in.readLong();
            double[] vm = readArray(in);
            double[] vv = readArray(in);
            long vs = in.readLong();
            long episodes = in.readLong();
            long envSteps = in.readLong();
            double[] kl = readArray(in);
            return new Checkpoint(iteration, seed, fingerprint, info, theta, phi, pm, pv, ps, vm, vv, vs, episodes,
                    envSteps, kl);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": unreadable header: " + e.getOriginalMessage(),
                    e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("checkpoint " + file + ": truncated or malformed: " + e, e);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("bad array length " + n);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Double.longBitsToDouble(in.readLong());
        }
        return a;
    }

    static Map<String, String> describe(Map<String, String> entries) {
        Map<String, String> m = new LinkedHashMap<>(entries);
        m.put("libraryVersion", Provenance.currentLibraryVersion());
        m.put("created", Instant.now().toString());
        return m;
    }

    @Override
    public String toString() {
        return "Checkpoint[iteration=" + iteration + ", seed=" + seed + ", " + theta.length + " + " + phi.length
                + " parameters]";
    }
}
