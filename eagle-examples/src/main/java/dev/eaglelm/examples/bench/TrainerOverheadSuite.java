package dev.eaglelm.examples.bench;

import dev.eaglelm.core.ProgressListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.format.OutputFormatFactory;

/**
 * The trainer's overhead per environment step ({@link TrainerStepBenchmark}, JMH, one fork) next to the goal of
 * 1 ms per step. Runs from the eagle-examples jar, whose {@code META-INF/BenchmarkList} JMH needs.
 */
public final class TrainerOverheadSuite implements BenchSuite {

    /** Creates the suite. */
    public TrainerOverheadSuite() {
    }

    @Override
    public String name() {
        return "trainer";
    }

    @Override
    public String description() {
        return "trainer overhead per environment step (JMH TrainerStepBenchmark, |A(x)| = 10, d = 384)";
    }

    @Override
    public Optional<String> unavailable(Context context) {
        if (getClass().getClassLoader().getResource("META-INF/BenchmarkList") == null) {
            return Optional.of("JMH's META-INF/BenchmarkList is not on the class path (run from the eagle-examples"
                    + " jar, e.g. ./eagle bench)");
        }
        return Optional.empty();
    }

    @Override
    public List<BenchRow> run(Context context, ProgressListener progress) throws RunnerException {
        List<String> jvmArgs = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--enable-native-access") || a.startsWith("--sun-misc-unsafe-memory-access")) {
                jvmArgs.add(a);
            }
        }
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(TrainerStepBenchmark.class.getName() + "\\.(trainerOverheadPerStep|agentDecision)$")
                .forks(1).jvmArgsAppend(jvmArgs.toArray(String[]::new)).verbosity(VerboseMode.SILENT);
        if (context.quick()) {
            o.param("architecture", "mlp(32)").warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        }
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Collection<RunResult> results = new Runner(o.build(),
                OutputFormatFactory.createFormatInstance(sink, VerboseMode.SILENT)).run();
        List<BenchRow> rows = new ArrayList<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String arch = r.getParams().getParam("architecture");
            Result<?> p = r.getPrimaryResult();
            boolean step = method.equals("trainerOverheadPerStep");
            String value = String.format(Locale.ROOT, "%.0f ± %.0f µs", p.getScore(),
                    Double.isNaN(p.getScoreError()) ? 0.0 : p.getScoreError());
            rows.add(new BenchRow(name(), (step ? "trainer overhead per step, " : "one decision (embed + score), ")
                    + arch, value, step ? "goal: < 1 ms per step" : BenchRow.NONE,
                    step ? String.format(Locale.ROOT, "%.0f%% of the goal", p.getScore() / 10.0) : BenchRow.NONE,
                    "JMH average time, 1 fork, " + r.getParams().getMeasurement().getCount() + " × "
                            + r.getParams().getMeasurement().getTime() + " measured; ± is JMH's 99.9% interval"));
        }
        return rows;
    }
}
