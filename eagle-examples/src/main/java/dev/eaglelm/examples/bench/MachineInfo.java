package dev.eaglelm.examples.bench;

import dev.eaglelm.core.util.NdArrays;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine a benchmark ran on, for the table's header.
 *
 * @param cpu the CPU model (from {@code /proc/cpuinfo}), or "unknown"
 * @param cores the processors available to the JVM
 * @param memory total memory (from {@code /proc/meminfo}), e.g. "7.8 GiB", or "unknown"
 * @param os the operating system, its version and architecture
 * @param jdk the Java runtime's version and vendor
 * @param nd4jBackend the ND4J backend in use
 * @param load the load average at the start (from {@code /proc/loadavg}), or "unknown"
 */
public record MachineInfo(String cpu, int cores, String memory, String os, String jdk, String nd4jBackend,
        String load) {

    /**
     * Checks the components.
     *
     * @param cpu the CPU model
     * @param cores the processor count
     * @param memory the total memory
     * @param os the operating system
     * @param jdk the Java runtime
     * @param nd4jBackend the ND4J backend
     * @param load the load average
     */
    public MachineInfo {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(nd4jBackend, "nd4jBackend");
        Objects.requireNonNull(load, "load");
    }

    /**
     * Describes this machine.
     *
     * @return the description; what cannot be read is "unknown"
     */
    public static MachineInfo detect() {
        String cpu = cpuModel(lines(Path.of("/proc/cpuinfo")));
        String memory = memTotal(lines(Path.of("/proc/meminfo")));
        List<String> loadavg = lines(Path.of("/proc/loadavg"));
        String load = loadavg.isEmpty() ? "unknown" : String.join(" ", List.of(loadavg.get(0).split("\\s+"))
                .subList(0, Math.min(3, loadavg.get(0).split("\\s+").length)));
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        String jdk = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")";
        return new MachineInfo(cpu, Runtime.getRuntime().availableProcessors(), memory, os, jdk, detectBackend(), load);
    }

    /**
     * Reads the CPU model from the lines of {@code /proc/cpuinfo}.
     *
     * @param cpuinfo its lines (may be empty)
     * @return the first {@code model name} (x86) or {@code Model}/{@code Hardware} (ARM) value, or "unknown"
     */
    static String cpuModel(List<String> cpuinfo) {
        for (String key : List.of("model name", "Model", "Hardware", "cpu model")) {
            for (String line : cpuinfo) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                    String v = line.substring(colon + 1).strip().replaceAll("\\s+", " ");
                    if (!v.isEmpty()) {
                        return v;
                    }
                }
            }
        }
        return "unknown";
    }

    /**
     * Reads the total memory from the lines of {@code /proc/meminfo}.
     *
     * @param meminfo its lines (may be empty)
     * @return e.g. "7.8 GiB", or "unknown"
     */
    static String memTotal(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] f = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    double kib = Double.parseDouble(f[0]);
                    return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
                } catch (NumberFormatException e) {
                    return "unknown";
                }
            }
        }
        return "unknown";
    }

    private static String detectBackend() {
        try {
            NdArrays.requireBackend();
            String name = Nd4j.getBackend().getClass().getSimpleName();
            if (name.contains("Cpu")) {
                return "nd4j-native (CPU, " + name + ")";
            }
            if (name.contains("Cuda") || name.contains("Cublas")) {
                return "nd4j-cuda (GPU, " + name + ")";
            }
            return name;
        } catch (RuntimeException | LinkageError e) {
            return "none (" + e.getMessage() + ")";
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Renders the description as Markdown lines.
     *
     * @return a bullet list
     */
    public String toMarkdown() {
        return "- CPU: " + cpu + ", " + cores + " processors available to the JVM\n"
                + "- memory: " + memory + "\n"
                + "- OS: " + os + "\n"
                + "- JDK: " + jdk + "\n"
                + "- ND4J backend: " + nd4jBackend + "\n"
                + "- load average at the start: " + load + "\n";
    }
}
