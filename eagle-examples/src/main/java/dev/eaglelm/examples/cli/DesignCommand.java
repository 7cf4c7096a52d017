package dev.eaglelm.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eaglelm.core.ProgressListener;
import dev.eaglelm.core.util.NdArrays;
import dev.eaglelm.optdesign.Convergence;
import dev.eaglelm.optdesign.Criterion;
import dev.eaglelm.optdesign.DesignResult;
import dev.eaglelm.optdesign.OptimalDesign;
import dev.eaglelm.optdesign.Solver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code eagle design}: a certified continuous G- or D-optimal design over the rows of a CSV file.
 *
 * <p>Input: n rows of d comma-separated decimal numbers, no header (blank lines are skipped). Output on stdout:
 * one JSON object with {@code criterion}, {@code n}, {@code d}, {@code maxLeverage}, {@code logDet},
 * {@code iterations}, {@code seconds} (the solver's own time: no JVM start-up, file reading or validation),
 * {@code support} (0-based indices of the rows with positive weight, negligible weights pruned),
 * {@code converged}, {@code kwGap}, {@code certificate}, {@code tolerance}, {@code ridge}, {@code solver}.
 * {@code --output} writes one weight per input row, in input order. Bad input ends with one {@code error:} line
 * naming the problem with its 0-based row and column (and the file line), exit code 2.
 */
@Command(name = "design", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compute a certified G- or D-optimal continuous design over the rows of a CSV file (n rows, d columns,"
                    + " no header) and print one JSON object: max leverage (<= (1+tol)*d certifies optimality),"
                    + " log det, iterations, solver seconds and the support."
        })
public final class DesignCommand implements Callable<Integer> {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "X.csv", description = "The points: n rows of d numbers.")
    Path input;

    @Option(names = "--criterion", required = true, paramLabel = "G|D", description = "G or D (the same design with ridge 0).")
    String criterion;

    @Option(names = "--tol", defaultValue = "1e-4", paramLabel = "T",
            description = "Stop when max leverage <= (1+T)*d (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--ridge", defaultValue = "0", paramLabel = "R",
            description = "Ridge: M = sum w x x^T + R*I (default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--output", paramLabel = "w.csv", description = "Write the weight of each input row, one per line.")
    Path output;

    @Option(names = "--solver", defaultValue = "frank-wolfe", paramLabel = "frank-wolfe|multiplicative",
            description = "Algorithm (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--max-iterations", defaultValue = "1000000", paramLabel = "N",
            description = "Iteration cap; the run then reports converged=false (default: ${DEFAULT-VALUE}).")
    long maxIterations;

    /** Creates the command (picocli instantiates it). */
    public DesignCommand() {
    }

    @Override
    public Integer call() throws JsonProcessingException {
        Criterion c;
        try {
            c = Criterion.parse(criterion);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--criterion must be G or D, got '" + criterion + "'");
        }
        if (!(tol > 0) || !Double.isFinite(tol)) {
            throw CliException.usage("--tol must be a positive number, got " + tol);
        }
        if (!(ridge >= 0) || !Double.isFinite(ridge)) {
            throw CliException.usage("--ridge must be >= 0, got " + ridge);
        }
        if (maxIterations < 1) {
            throw CliException.usage("--max-iterations must be >= 1, got " + maxIterations);
        }
        Solver s = switch (solver.toLowerCase(Locale.ROOT)) {
            case "frank-wolfe", "fw" -> Solver.FRANK_WOLFE;
            case "multiplicative" -> Solver.MULTIPLICATIVE;
            default -> throw CliException.usage("--solver must be frank-wolfe or multiplicative, got '" + solver + "'");
        };
        double[][] x = readMatrix(input);
        int n = x.length;
        int d = x[0].length;
        if ((double) n * d * d >= 5e7) {
            NdArrays.requireBackend(); // load ND4J (used for batch leverages) outside the timed solve
            NdArrays.matrix(new double[][] {{1}}).mmul(NdArrays.matrix(new double[][] {{1}}));
        }
        ProgressListener progress = new ConsoleProgress(spec.commandLine().getErr(),
                ConsoleProgress.Mode.fromSystemProperty());
        DesignResult r;
        try {
            r = OptimalDesign.builder().criterion(c).solver(s).ridge(ridge)
                    .convergence(Convergence.defaults().withTolerance(tol).withMaxIterations(maxIterations))
                    .progress(progress).build().solve(x);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(input + ": " + e.getMessage());
        }
        if (output != null) {
            writeWeights(output, r.weights());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("criterion", c.name());
        json.put("n", n);
        json.put("d", d);
        json.put("maxLeverage", r.maxLeverage());
        json.put("logDet", r.logDet());
        json.put("iterations", r.iterations());
        json.put("seconds", r.seconds());
        json.put("support", r.support());
        json.put("converged", r.converged());
        json.put("kwGap", r.kwGap());
        json.put("certificate", ridge == 0
                ? "maxLeverage <= (1+tol)*d: " + r.converged()
                : "maxLeverage <= (1+tol)*sum_i w_i l_i (ridge > 0; sum_i w_i l_i = " + r.traceWeightedLeverage() + "): "
                        + r.converged());
        json.put("gEfficiencyLowerBound", r.gEfficiencyLowerBound());
        json.put("tolerance", tol);
        json.put("ridge", ridge);
        json.put("solver", s.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writeValueAsString(json));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Reads n rows of d decimal numbers; blank lines are skipped.
     *
     * @throws CliException naming the file, the 0-based row and column, and the file line
     */
    static double[][] readMatrix(Path file) {
        List<double[]> rows = new ArrayList<>();
        int d = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                int row = rows.size();
                String[] cells = line.split(",", -1);
                if (d < 0) {
                    d = cells.length;
                } else if (cells.length != d) {
                    throw CliException.usage(file + ": row " + row + " (line " + lineNo + ") has " + cells.length
                            + " columns, expected " + d + " as in row 0 (ragged rows)");
                }
                double[] v = new double[d];
                for (int j = 0; j < d; j++) {
                    String cell = cells[j].strip();
                    String where = file + ": row " + row + ", column " + j + " (0-based; line " + lineNo + ")";
                    if (cell.isEmpty()) {
                        throw CliException.usage(where + ": empty cell");
                    }
                    if (NON_FINITE.matcher(cell).matches()) {
                        throw CliException.usage(where + ": not finite: '" + cell + "'");
                    }
                    if (!DECIMAL.matcher(cell).matches()) {
                        throw CliException.usage(where + ": not a number: '" + abbreviate(cell) + "'");
                    }
                    double x = Double.parseDouble(cell);
                    if (!Double.isFinite(x)) {
                        throw CliException.usage(where + ": not finite (overflows a double): '" + cell + "'");
                    }
                    v[j] = x;
                }
                rows.add(v);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw CliException.usage("no such file: " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw CliException.usage(file + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), ExitCodes.FAILED);
        }
        if (rows.isEmpty()) {
            throw CliException.usage(file + ": empty file: no rows");
        }
        return rows.toArray(new double[0][]);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static void writeWeights(Path file, double[] w) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (double v : w) {
                out.write(Double.toString(v));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
