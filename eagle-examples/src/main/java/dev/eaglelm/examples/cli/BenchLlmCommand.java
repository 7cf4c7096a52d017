package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eaglelm.core.llm.BackendSpec;
import dev.eaglelm.core.llm.LanguageModels;
import dev.eaglelm.examples.bench.BenchTargets;
import dev.eaglelm.examples.bench.LlmThroughput;
import dev.eaglelm.examples.bench.StubChatServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle bench llm}: throughput of LLM backends at several concurrency levels (tokens/s, calls/s, p50/p95
 * latency), several backends measured interleaved, with bare baselines ({@code bare-llamacpp:},
 * {@code bare-http:}) and an optional loopback stub server for client-overhead runs.
 */
@Command(name = "llm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure LLM backends: tok/s, calls/s and p50/p95 latency at each concurrency level (fixed"
                + " seeded prompts, greedy, warm-up excluded). Repeat --backend to compare settings; they are measured"
                + " interleaved.",
            "Bench-only baselines: bare-llamacpp:<model.gguf>[?threads=N&parallel=N&api=generate|complete]"
                + " (java-llama.cpp directly), bare-http:<base-url>?model=NAME (java.net.http directly).",
            "With --stub-server, STUB in a spec is replaced by the URL of a loopback stub that answers at once"
                + " (measures client overhead, not an LLM)."})
public final class BenchLlmCommand implements Callable<Integer> {

    /** Spec parameters that choose a throughput setting; a spec without them runs the backend's defaults. */
    static final Set<String> TUNING = Set.of("threads", "parallel", "concurrency");

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", required = true, paramLabel = "SPEC",
            description = "Backend spec to measure (repeatable): gguf:, openai:, llama-server:, surrogate:, ...")
    List<String> backends;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "8",
            description = "Measured calls per backend, concurrency level and round (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128",
            description = "Tokens to generate per call (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--concurrency", paramLabel = "C", split = ",", defaultValue = "1,2,4",
            description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "1",
            description = "Repeat the whole sweep R times; the table shows medians (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Prompt seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = "--stub-server", description = "Start a loopback OpenAI-compatible stub; STUB in specs is its URL.")
    boolean stubServer;

    @Option(names = "--stub-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "The stub's delay per completion (default: ${DEFAULT-VALUE}).")
    long stubDelayMillis;

    /** Creates the command (picocli instantiates it). */
    public BenchLlmCommand() {
    }

    @Override
    public Integer call() throws Exception {
        LlmThroughput.Config config;
        try {
            config = new LlmThroughput.Config(requests, maxTokens, concurrency, rounds, seed);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<LlmThroughput.Target> targets = new ArrayList<>();
        Map<String, Boolean> defaults = new LinkedHashMap<>();
        StubChatServer stub = null;
        try {
            if (stubServer) {
                stub = new StubChatServer(stubDelayMillis);
                err.println("stub server: " + stub.baseUrl() + " (answers without generating: measures client overhead)");
            }
            for (String s : backends) {
                String resolved = stub == null ? s : s.replace("STUB", stub.baseUrl());
                BackendSpec parsed = BackendSpec.parse(resolved);
                if (defaults.containsKey(parsed.toString())) {
                    throw CliException.usage("--backend " + s + " is given twice");
                }
                LlmThroughput.Target t = BenchTargets.isBare(parsed) ? BenchTargets.bare(parsed)
                        : BenchTargets.of(parsed.toString(), LanguageModels.open(parsed));
                targets.add(t);
                defaults.put(t.name(), !BenchTargets.isBare(parsed)
                        && parsed.params().keySet().stream().noneMatch(TUNING::contains));
                err.println("backend " + t.name() + ": " + t.setting()
                        + (defaults.get(t.name()) ? "  [the backend's default setting]" : ""));
            }
            ConsoleProgress progress = new ConsoleProgress(err, ConsoleProgress.Mode.fromSystemProperty());
            List<LlmThroughput.Measurement> ms = LlmThroughput.run(targets, config, progress);
            List<LlmThroughput.Summary> summary = LlmThroughput.summarize(ms);
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            String machine = Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
                    + ", Java " + System.getProperty("java.version") + String.format(Locale.ROOT,
                    ", load average %.2f before, %.2f after", loadBefore, loadAfter);
            if (json) {
                printJson(out, config, targets, defaults, ms, summary, machine, loadBefore, loadAfter);
            } else {
                printTable(out, targets, defaults, summary, machine, config);
            }
            out.flush();
        } finally {
            for (LlmThroughput.Target t : targets) {
                try {
                    t.close();
                } catch (RuntimeException e) {
                    err.println("warning: closing " + t.name() + ": " + e.getMessage());
                }
            }
            if (stub != null) {
                stub.close();
            }
        }
        return ExitCodes.OK;
    }

    /** Best tokens/s at each concurrency level, over all targets. */
    private static Map<Integer, Double> best(List<LlmThroughput.Summary> summary) {
        Map<Integer, Double> best = new LinkedHashMap<>();
        for (LlmThroughput.Summary s : summary) {
            best.merge(s.concurrency(), s.tokensPerSecond(), Math::max);
        }
        return best;
    }

    private static void printTable(PrintWriter out, List<LlmThroughput.Target> targets, Map<String, Boolean> defaults,
            List<LlmThroughput.Summary> summary, String machine, LlmThroughput.Config config) {
        Map<Integer, Double> best = best(summary);
        out.println("# eagle bench llm: " + config.requests() + " calls per block, max " + config.maxTokens()
                + " tokens, greedy, " + config.rounds() + (config.rounds() == 1 ? " round" : " rounds (medians)")
                + "; " + machine);
        int w = Math.max(8, targets.stream().mapToInt(t -> t.name().length()).max().orElse(8));
        out.printf(Locale.ROOT, "%-" + w + "s  %4s  %8s  %18s  %7s  %8s  %8s  %6s  %5s%n", "backend", "conc", "tok/s",
                "(min-max)", "calls/s", "p50 ms", "p95 ms", "tok/c", "vs best");
        for (LlmThroughput.Summary s : summary) {
            out.printf(Locale.ROOT, "%-" + w + "s  %4d  %8.1f  %18s  %7.2f  %8.0f  %8.0f  %6.1f  %5.2f%n", s.target(),
                    s.concurrency(), s.tokensPerSecond(), String.format(Locale.ROOT, "(%.1f-%.1f)",
                    s.minTokensPerSecond(), s.maxTokensPerSecond()), s.callsPerSecond(), s.p50Millis(), s.p95Millis(),
                    s.tokensPerCall(), s.tokensPerSecond() / best.get(s.concurrency()));
        }
        for (LlmThroughput.Target t : targets) {
            out.println((defaults.get(t.name()) ? "default setting: " : "setting: ") + t.name() + " = " + t.setting());
        }
        LlmThroughput.Summary top = summary.stream().max((a, b) -> Double.compare(a.tokensPerSecond(),
                b.tokensPerSecond())).orElseThrow();
        out.printf(Locale.ROOT, "best: %s at concurrency %d, %.1f tok/s%n", top.target(), top.concurrency(),
                top.tokensPerSecond());
    }

    private static void printJson(PrintWriter out, LlmThroughput.Config config, List<LlmThroughput.Target> targets,
            Map<String, Boolean> defaults, List<LlmThroughput.Measurement> ms, List<LlmThroughput.Summary> summary,
            String machine, double loadBefore, double loadAfter) throws IOException {
        Map<Integer, Double> best = best(summary);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", "bench llm");
        root.put("config", config);
        root.put("machine", machine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("loadAverageBefore", loadBefore);
        root.put("loadAverageAfter", loadAfter);
        List<Map<String, Object>> bs = new ArrayList<>();
        for (LlmThroughput.Target t : targets) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("backend", t.name());
            b.put("setting", t.setting());
            b.put("defaultSetting", defaults.get(t.name()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (LlmThroughput.Summary s : summary) {
                if (s.target().equals(t.name())) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("concurrency", s.concurrency());
                    r.put("tokensPerSecond", s.tokensPerSecond());
                    r.put("minTokensPerSecond", s.minTokensPerSecond());
                    r.put("maxTokensPerSecond", s.maxTokensPerSecond());
                    r.put("callsPerSecond", s.callsPerSecond());
                    r.put("p50Millis", s.p50Millis());
                    r.put("p95Millis", s.p95Millis());
                    r.put("tokensPerCall", s.tokensPerCall());
                    r.put("relativeToBest", s.tokensPerSecond() / best.get(s.concurrency()));
                    r.put("rounds", ms.stream().filter(m -> m.target().equals(t.name())
                            && m.concurrency() == s.concurrency()).toList());
                    rows.add(r);
                }
            }
            b.put("results", rows);
            bs.add(b);
        }
        root.put("backends", bs);
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    }
}
