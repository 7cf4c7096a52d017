package dev.eaglelm.core.llm.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a tiny llama-architecture GGUF (version 3) with random F32 weights, written here from the format's
 * specification: header, metadata (architecture, dimensions, a SentencePiece-style vocabulary of 3 control
 * tokens, 256 byte tokens and a few dozen pieces), tensor table, 32-byte-aligned tensor data.
 */
final class TinyGguf {

    static final int DIM = 16;
    static final int HEADS = 2;
    static final int LAYERS = 1;
    static final int FF = 32;
    static final int CONTEXT = 128;

    private TinyGguf() {
    }

    static List<String> vocabulary() {
        List<String> v = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        for (int b = 0; b < 256; b++) {
            v.add(String.format("<0x%02X>", b));
        }
        v.add("\u2581");
        for (char c = 'a'; c <= 'z'; c++) {
            v.add(String.valueOf(c));
            v.add("\u2581" + c);
        }
        for (String w : List.of("the", "and", "once", "upon", "time", "there", "was", "cat", "dog", "sun")) {
            v.add("\u2581" + w);
        }
        return v;
    }

    static void write(Path file, long seed, String chatTemplate) throws IOException {
        List<String> vocab = vocabulary();
        int n = vocab.size();
        Map<String, Object[]> kv = new LinkedHashMap<>(); // key -> {type, value}
        kv.put("general.architecture", new Object[] {8, "llama"});
        kv.put("general.name", new Object[] {8, "tiny-random"});
        kv.put("general.alignment", new Object[] {4, 32});
        kv.put("llama.context_length", new Object[] {4, CONTEXT});
        kv.put("llama.embedding_length", new Object[] {4, DIM});
        kv.put("llama.feed_forward_length", new Object[] {4, FF});
        kv.put("llama.block_count", new Object[] {4, LAYERS});
        kv.put("llama.attention.head_count", new Object[] {4, HEADS});
        kv.put("llama.attention.head_count_kv", new Object[] {4, HEADS});
        kv.put("llama.rope.dimension_count", new Object[] {4, DIM / HEADS});
        kv.put("llama.attention.layer_norm_rms_epsilon", new Object[] {6, 1e-5f});
        kv.put("tokenizer.ggml.model", new Object[] {8, "llama"});
        kv.put("tokenizer.ggml.tokens", new Object[] {9, vocab});
        float[] scores = new float[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = i < 259 ? 0f : -(float) vocab.get(i).length() * 0.1f + 5f;
            types[i] = i == 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : 1;
        }
        kv.put("tokenizer.ggml.scores", new Object[] {9, scores});
        kv.put("tokenizer.ggml.token_type", new Object[] {9, types});
        kv.put("tokenizer.ggml.bos_token_id", new Object[] {4, 1});
        kv.put("tokenizer.ggml.eos_token_id", new Object[] {4, 2});
        kv.put("tokenizer.ggml.unknown_token_id", new Object[] {4, 0});
        if (chatTemplate != null) {
            kv.put("tokenizer.chat_template", new Object[] {8, chatTemplate});
        }
        Map<String, long[]> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", new long[] {DIM, n});
        tensors.put("output_norm.weight", new long[] {DIM});
        tensors.put("output.weight", new long[] {DIM, n});
        for (int b = 0; b < LAYERS; b++) {
            String p = "blk." + b + ".";
            tensors.put(p + "attn_q.weight", new long[] {DIM, DIM});
            tensors.put(p + "attn_k.weight", new long[] {DIM, DIM});
            tensors.put(p + "attn_v.weight", new long[] {DIM, DIM});
            tensors.put(p + "attn_output.weight", new long[] {DIM, DIM});
            tensors.put(p + "attn_norm.weight", new long[] {DIM});
            tensors.put(p + "ffn_gate.weight", new long[] {DIM, FF});
            tensors.put(p + "ffn_down.weight", new long[] {FF, DIM});
            tensors.put(p + "ffn_up.weight", new long[] {DIM, FF});
            tensors.put(p + "ffn_norm.weight", new long[] {DIM});
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        u32(head, 0x46554747);
        u32(head, 3);
        u64(head, tensors.size());
        u64(head, kv.size());
        for (Map.Entry<String, Object[]> e : kv.entrySet()) {
            str(head, e.getKey());
            int type = (Integer) e.getValue()[0];
            u32(head, type);
            Object v = e.getValue()[1];
            switch (type) {
                case 4 -> u32(head, (Integer) v);
                case 6 -> u32(head, Float.floatToIntBits((Float) v));
                case 8 -> str(head, (String) v);
                case 9 -> {
                    if (v instanceof List<?> l) {
                        u32(head, 8);
                        u64(head, l.size());
                        l.forEach(x -> str(head, (String) x));
                    } else if (v instanceof float[] f) {
                        u32(head, 6);
                        u64(head, f.length);
                        for (float x : f) {
                            u32(head, Float.floatToIntBits(x));
                        }
                    } else {
                        int[] a = (int[]) v;
                        u32(head, 5);
                        u64(head, a.length);
                        for (int x : a) {
                            u32(head, x);
                        }
                    }
                }
                default -> throw new IllegalStateException("type " + type);
            }
        }
        long offset = 0;
        List<Long> offsets = new ArrayList<>();
        for (Map.Entry<String, long[]> e : tensors.entrySet()) {
            str(head, e.getKey());
            u32(head, e.getValue().length);
            long elements = 1;
            for (long d : e.getValue()) {
                u64(head, d);
                elements *= d;
            }
            u32(head, 0); // F32
            u64(head, offset);
            offsets.add(offset);
            offset += align(elements * 4);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.toByteArray());
        while (out.size() % 32 != 0) {
            out.write(0);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (Map.Entry<String, long[]> e : tensors.entrySet()) {
            long elements = 1;
            for (long d : e.getValue()) {
                elements *= d;
            }
            boolean norm = e.getKey().endsWith("norm.weight");
            ByteBuffer buf = ByteBuffer.allocate((int) align(elements * 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < elements; i++) {
                buf.putFloat(norm ? 1f : (float) (rng.nextGaussian() * 1.0));
            }
            out.write(buf.array());
        }
        Files.write(file, out.toByteArray());
    }

    private static long align(long n) {
        return (n + 31) / 32 * 32;
    }

    private static void u32(ByteArrayOutputStream o, int v) {
        o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void u64(ByteArrayOutputStream o, long v) {
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void str(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(o, b.length);
        o.writeBytes(b);
    }
}
