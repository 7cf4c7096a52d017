package dev.eaglelm.core.llm.gguf;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the header of a GGUF file (llama.cpp's model format) without loading the model, to check the file
 * before handing it to native code and to learn what the model is.
 *
 * <p>Checks: the file exists and is readable; it starts with the magic {@code GGUF} and a known version
 * (2 or 3); its metadata and tensor table parse; and it is long enough to hold every tensor the table
 * lists (a truncated download fails here, with a clear message, instead of deep inside llama.cpp).
 *
 * <p>Metadata values are kept for scalars and strings; arrays are summarised by their length
 * ({@code "[array of 49152]"}), except that nothing else is needed by eaglelm.
 *
 * @param path the file
 * @param version the GGUF version
 * @param tensorCount the number of tensors
 * @param metadata key &rarr; value (scalars as {@link Number}, {@link Boolean} or {@link String}; arrays as a
 *     summary string)
 * @param dataEnd the byte offset where the last tensor's data ends, as the header describes it (0 when a
 *     tensor type's size is unknown to this reader)
 * @param fileSize the file's size in bytes
 */
public record GgufFile(Path path, int version, long tensorCount, Map<String, Object> metadata, long dataEnd,
        long fileSize) {

    /** The magic number of GGUF files: the bytes {@code G G U F} read as a little-endian int. */
    public static final int MAGIC = 0x46554747;

    /**
     * Creates the record, validating its components.
     *
     * @param path the file
     * @param version the GGUF version
     * @param tensorCount the number of tensors
     * @param metadata the metadata
     * @param dataEnd where the tensor data ends
     * @param fileSize the file size
     */
    public GgufFile {
        Objects.requireNonNull(path, "path");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Returns the model architecture, e.g. {@code "llama"}.
     *
     * @return {@code general.architecture}, or empty
     */
    public Optional<String> architecture() {
        return Optional.ofNullable(metadata.get("general.architecture")).map(Object::toString);
    }

    /**
     * Returns the model's chat template (Jinja), when it has one.
     *
     * @return {@code tokenizer.chat_template}, or empty
     */
    public Optional<String> chatTemplate() {
        Object t = metadata.get("tokenizer.chat_template");
        return t instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /**
     * Returns the model's training context length.
     *
     * @return {@code <arch>.context_length}, or empty
     */
    public Optional<Integer> contextLength() {
        return architecture().map(a -> metadata.get(a + ".context_length"))
                .filter(Number.class::isInstance).map(n -> ((Number) n).intValue());
    }

    /**
     * Reads and checks a file's header.
     *
     * @param path the file
     * @return what the header says
     * @throws IllegalArgumentException if the file is missing, unreadable, not GGUF, malformed or truncated;
     *     the message names the path and what is wrong
     */
    public static GgufFile inspect(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("GGUF model " + p + ": no such file");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException("GGUF model " + p + ": not a readable file");
        }
        long size;
        try {
            size = Files.size(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("GGUF model " + p + ": cannot read its size: " + e.getMessage(), e);
        }
        try (Reader r = new Reader(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
            int magic;
            try {
                magic = r.i32();
            } catch (EOFException e) {
                throw new IllegalArgumentException("GGUF model " + p + ": not a GGUF file (only " + size + " bytes)");
            }
            if (magic != MAGIC) {
                throw new IllegalArgumentException("GGUF model " + p + ": not a GGUF file (it does not start with"
                        + " the bytes 'GGUF')");
            }
            int version = r.i32();
            if (version < 2 || version > 3) {
                throw new IllegalArgumentException("GGUF model " + p + ": GGUF version " + version
                        + " is not supported (2 or 3)");
            }
            long tensors = r.u64("tensor count", 1L << 24);
            long kvs = r.u64("metadata count", 1L << 24);
            Map<String, Object> meta = new LinkedHashMap<>();
            for (long i = 0; i < kvs; i++) {
                String key = r.string();
                int type = r.i32();
                meta.put(key, r.value(type, key));
            }
            long alignment = meta.get("general.alignment") instanceof Number n ? n.longValue() : 32;
            if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
                throw new IllegalArgumentException("GGUF model " + p + ": general.alignment " + alignment
                        + " is not a power of two");
            }
            long maxEnd = 0;
            boolean allKnown = true;
            for (long i = 0; i < tensors; i++) {
                String name = r.string();
                int dims = r.i32();
                if (dims < 1 || dims > 8) {
                    throw new IllegalArgumentException("GGUF model " + p + ": tensor " + name + " has " + dims
                            + " dimensions");
                }
                long elements = 1;
                for (int d = 0; d < dims; d++) {
                    elements = Math.multiplyExact(elements, r.u64("dimension of " + name, 1L << 40));
                }
                int type = r.i32();
                long offset = r.u64("offset of " + name, Long.MAX_VALUE / 2);
                long bytes = tensorBytes(type, elements);
                if (bytes < 0) {
                    allKnown = false;
                    maxEnd = Math.max(maxEnd, offset + 1);
                } else {
                    maxEnd = Math.max(maxEnd, offset + bytes);
                }
            }
            long headerEnd = r.position();
            long dataStart = (headerEnd + alignment - 1) / alignment * alignment;
            long end = dataStart + maxEnd;
            if (size < end) {
                throw new IllegalArgumentException("GGUF model " + p + ": truncated: its header describes "
                        + tensors + " tensors ending at byte " + end + ", but the file has " + size + " bytes");
            }
            return new GgufFile(p, version, tensors, meta, allKnown ? end : 0, size);
        } catch (EOFException e) {
            throw new IllegalArgumentException("GGUF model " + p + ": truncated: the file ends inside its header ("
                    + size + " bytes)", e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("GGUF model " + p + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("GGUF model " + p + ": cannot read it: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("GGUF model " + p + ": malformed header (sizes overflow)", e);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith("GGUF model ")) {
                throw e;
            }
            throw new IllegalArgumentException("GGUF model " + p + ": malformed header: " + e.getMessage(), e);
        }
    }

    /** Bytes of a tensor of a ggml type, or -1 for a type this reader does not know. */
    static long tensorBytes(int type, long elements) {
        long[] blockAndBytes = switch (type) {
            case 0 -> new long[] {1, 4};      // F32
            case 1, 30 -> new long[] {1, 2};  // F16, BF16
            case 2 -> new long[] {32, 18};    // Q4_0
            case 3 -> new long[] {32, 20};    // Q4_1
            case 6 -> new long[] {32, 22};    // Q5_0
            case 7 -> new long[] {32, 24};    // Q5_1
            case 8 -> new long[] {32, 34};    // Q8_0
            case 10 -> new long[] {256, 84};  // Q2_K
            case 11 -> new long[] {256, 110}; // Q3_K
            case 12 -> new long[] {256, 144}; // Q4_K
            case 13 -> new long[] {256, 176}; // Q5_K
            case 14 -> new long[] {256, 210}; // Q6_K
            case 24 -> new long[] {1, 1};     // I8
            case 25 -> new long[] {1, 2};     // I16
            case 26 -> new long[] {1, 4};     // I32
            case 27, 28 -> new long[] {1, 8}; // I64, F64
            default -> null;
        };
        if (blockAndBytes == null || elements % blockAndBytes[0] != 0) {
            return -1;
        }
        return elements / blockAndBytes[0] * blockAndBytes[1];
    }

    /** Little-endian reads with a position counter and sanity limits. */
    private static final class Reader implements AutoCloseable {
        private final InputStream in;
        private long position;

        Reader(InputStream in) {
            this.in = in;
        }

        long position() {
            return position;
        }

        private int u8() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            position++;
            return b;
        }

        int i32() throws IOException {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }

        long i64() throws IOException {
            return (i32() & 0xFFFFFFFFL) | ((long) i32()) << 32;
        }

        long u64(String what, long max) throws IOException {
            long v = i64();
            if (v < 0 || v > max) {
                throw new IllegalArgumentException("implausible " + what + ": " + Long.toUnsignedString(v));
            }
            return v;
        }

        void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    u8();
                    left--;
                } else {
                    left -= s;
                    position += s;
                }
            }
        }

        String string() throws IOException {
            long len = u64("string length", 1L << 28);
            byte[] b = in.readNBytes((int) len);
            if (b.length != len) {
                throw new EOFException();
            }
            position += len;
            return new String(b, StandardCharsets.UTF_8);
        }

        Object value(int type, String key) throws IOException {
            return switch (type) {
                case 0 -> u8();
                case 1 -> (byte) u8();
                case 2 -> u8() | u8() << 8;
                case 3 -> (short) (u8() | u8() << 8);
                case 4 -> i32() & 0xFFFFFFFFL;
                case 5 -> i32();
                case 6 -> Float.intBitsToFloat(i32());
                case 7 -> u8() != 0;
                case 8 -> string();
                case 9 -> array(key);
                case 10, 11 -> i64();
                case 12 -> Double.longBitsToDouble(i64());
                default -> throw new IllegalArgumentException("metadata " + key + " has unknown type " + type);
            };
        }

        private String array(String key) throws IOException {
            int elem = i32();
            long n = u64("array length of " + key, 1L << 32);
            long width = switch (elem) {
                case 0, 1, 7 -> 1;
                case 2, 3 -> 2;
                case 4, 5, 6 -> 4;
                case 10, 11, 12 -> 8;
                default -> -1;
            };
            if (width > 0) {
                skip(n * width);
            } else if (elem == 8) {
                for (long i = 0; i < n; i++) {
                    skip(u64("string length", 1L << 28));
                }
            } else {
                throw new IllegalArgumentException("metadata " + key + " is an array of unsupported type " + elem);
            }
            return "[array of " + n + "]";
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
