package dev.eaglelm.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Downloads MovieLens ml-latest-small and installs it into a directory, verifying SHA-256 checksums.
 *
 * <p>GroupLens publishes only an MD5 of the zip, and no SHA-256 of the archive was available to this project,
 * so the check is on the <em>contents</em>: the SHA-256 of every file listed in {@link #ML_LATEST_SMALL_FILES}
 * (the published GroupLens files, byte-identical copies of which were checksummed for this project) must
 * match after unpacking. An optional SHA-256 of the zip itself ({@code --sha256}, or the environment variable
 * {@code EAGLE_DATA_SHA256}) is checked too when given. Nothing is installed unless every check passes: the
 * archive is unpacked into a temporary sibling directory that is renamed into place at the end.
 */
public final class DataFetcher {

    /** The GroupLens download URL of ml-latest-small. */
    public static final String ML_LATEST_SMALL_URL = "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip";

    /** SHA-256 of the files of ml-latest-small (the GroupLens release generated 2018-09-26). */
    public static final Map<String, String> ML_LATEST_SMALL_FILES = Map.of(
            "ratings.csv", "80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8",
            "movies.csv", "c47b783f23eb304413307e1bb05335e427737da20ec8d3c0e96335567dd5f3dc",
            "links.csv", "028a4a1d17751ca9276e0e0718cfc22356350f224a996e1ec348c23274b9209d",
            "tags.csv", "68eec00a0820c2faa8863a6df7032f13d5899a4462bce9a97213905297ff3d34",
            "README.txt", "63d22ac138e80fae37021797ed8e1b9424b5239dc576a137422adf783ae3f404");

    private static final long MAX_BYTES = 64L << 20;

    private final URI url;
    private final String zipSha256;
    private final Map<String, String> fileSha256;
    private final Duration timeout;

    /**
     * Creates a fetcher.
     *
     * @param url where the zip is
     * @param zipSha256 the expected SHA-256 of the zip (hex), or null to skip that check
     * @param fileSha256 expected SHA-256 (hex) per file name inside the archive's top folder; every listed file
     *     must be present
     * @param timeout the HTTP timeout
     */
    public DataFetcher(URI url, String zipSha256, Map<String, String> fileSha256, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.zipSha256 = zipSha256 == null || zipSha256.isBlank() ? null : zipSha256.strip().toLowerCase(Locale.ROOT);
        this.fileSha256 = Map.copyOf(fileSha256);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.zipSha256 != null && !this.zipSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("zip checksum: expected 64 hex digits, got '" + zipSha256 + "'");
        }
    }

    /**
     * The fetcher for GroupLens's ml-latest-small.
     *
     * @param zipSha256 an expected SHA-256 of the zip, or null
     * @return the fetcher
     */
    public static DataFetcher mlLatestSmall(String zipSha256) {
        return new DataFetcher(URI.create(ML_LATEST_SMALL_URL), zipSha256, ML_LATEST_SMALL_FILES, Duration.ofMinutes(5));
    }

    /**
     * What was installed.
     *
     * @param directory the directory holding the files
     * @param zipSha256 the SHA-256 of the downloaded zip
     * @param files SHA-256 per installed file
     * @param bytes the size of the zip
     */
    public record Fetched(Path directory, String zipSha256, Map<String, String> files, long bytes) {

        /**
         * Copies the map.
         *
         * @param directory the installed directory
         * @param zipSha256 the zip's checksum
         * @param files checksums per file
         * @param bytes the zip's size
         */
        public Fetched {
            files = Map.copyOf(files);
        }
    }

    /**
     * Downloads the archive and installs its top folder as {@code target} (replacing an existing one only when
     * every check passed).
     *
     * @param target the directory to create, e.g. {@code ~/.cache/eaglelm/data/ml-latest-small}
     * @return what was installed
     * @throws IOException if the download fails, a checksum does not match, or a listed file is missing; the
     *     message says which
     */
    public Fetched fetch(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path zip = Files.createTempFile(parent, ".download-", ".zip");
        Path staging = Files.createTempDirectory(parent, ".unpack-");
        try {
            long bytes = download(zip);
            String zipDigest = sha256(zip);
            if (zipSha256 != null && !zipSha256.equals(zipDigest)) {
                throw new IOException("checksum mismatch for " + url + ": SHA-256 " + zipDigest + ", expected "
                        + zipSha256 + "; nothing was installed");
            }
            Map<String, String> digests = unpack(zip, staging);
            for (Map.Entry<String, String> e : fileSha256.entrySet()) {
                String got = digests.get(e.getKey());
                if (got == null) {
                    throw new IOException(url + ": the archive has no " + e.getKey() + "; nothing was installed");
                }
                if (!got.equals(e.getValue())) {
                    throw new IOException("checksum mismatch for " + e.getKey() + " in " + url + ": SHA-256 " + got
                            + ", expected " + e.getValue() + "; nothing was installed");
                }
            }
            if (Files.exists(target)) {
                deleteTree(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return new Fetched(target, zipDigest, digests, bytes);
        } finally {
            Files.deleteIfExists(zip);
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
    }

    private long download(Path zip) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage()
                    : e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName();
            throw new IOException("download of " + url + " failed (" + e.getClass().getSimpleName() + ": " + why
                    + "); check the network, or download the zip yourself and use --data", e);
        }
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("download of " + url + " failed: HTTP " + response.statusCode());
            }
            long n = 0;
            byte[] buf = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(zip)) {
                for (int r; (r = in.read(buf)) >= 0; ) {
                    n += r;
                    if (n > MAX_BYTES) {
                        throw new IOException("download of " + url + " exceeds " + MAX_BYTES + " bytes");
                    }
                    out.write(buf, 0, r);
                }
            }
            return n;
        }
    }

    /** Unpacks the files of the archive's top folder (or its root) flat into {@code dir}; returns their SHA-256. */
    private static Map<String, String> unpack(Path zip, Path dir) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().replace('\\', '/');
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.isEmpty() || base.startsWith(".") || name.split("/").length > 2 || name.contains("..")) {
                    continue; // only plain files of the top folder; never paths that climb out
                }
                MessageDigest md = newDigest();
                try (OutputStream out = Files.newOutputStream(dir.resolve(base))) {
                    DigestInputStream din = new DigestInputStream(in, md);
                    byte[] buf = new byte[1 << 16];
                    long n = 0;
                    for (int r; (r = din.read(buf)) >= 0; ) {
                        n += r;
                        if (n > MAX_BYTES) {
                            throw new IOException(base + " in the archive exceeds " + MAX_BYTES + " bytes");
                        }
                        out.write(buf, 0, r);
                    }
                }
                digests.put(base, HexFormat.of().formatHex(md.digest()));
            }
        }
        return digests;
    }

    /**
     * Returns the SHA-256 of a file, in lower-case hex.
     *
     * @param file the file
     * @return the digest
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
