package dev.eaglelm.examples.demo;

import dev.eaglelm.core.Action;
import dev.eaglelm.core.Episode;
import dev.eaglelm.core.eval.EvaluationReport;
import dev.eaglelm.core.text.TextState;
import dev.eaglelm.core.train.IterationMetrics;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The PNG plots of {@code eagle demo}, drawn with XChart (headless): {@code training.png} (mean terminal utility
 * per training iteration with a 95% CI band over a sliding window of iterations), {@code utilities.png} (the
 * distribution of episode utilities per policy) and {@code latent.png} (the first two principal components of
 * the latent space: existing movies, the target users' directions, start items and EAGLE's generated items).
 */
public final class DemoPlots {

    private static final int WINDOW = 5;

    private DemoPlots() {
    }

    static void write(Path out, List<IterationMetrics> curve, EvaluationReport report,
            List<DemoPipeline.PolicyRow> rows, INDArray existing, List<UserGap> gaps, DemoPipeline.Stack train,
            DemoPipeline.Stack eval, List<Episode<TextState, Action>> finals, String label) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            training(out.resolve("training.png"), curve, label);
            utilities(out.resolve("utilities.png"), report, rows, label);
            latent(out.resolve("latent.png"), existing, gaps, eval, finals, label);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plots into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void training(Path file, List<IterationMetrics> curve, String label) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(520).title("EAGLE training (" + label + ")")
                .xAxisTitle("iteration").yAxisTitle("mean terminal utility").build();
        int n = curve.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = curve.get(i).iteration();
            y[i] = curve.get(i).meanUtility();
        }
        for (int i = 0; i < n; i++) {
            int from = Math.max(0, i - WINDOW + 1);
            int m = i - from + 1;
            double mean = 0;
            for (int j = from; j <= i; j++) {
                mean += y[j];
            }
            mean /= m;
            double ss = 0;
            for (int j = from; j <= i; j++) {
                ss += (y[j] - mean) * (y[j] - mean);
            }
            double half = m > 1 ? 1.96 * Math.sqrt(ss / (m - 1)) / Math.sqrt(m) : 0;
            lo[i] = mean - half;
            hi[i] = mean + half;
        }
        if (n > 0) {
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int i = 0; i < n; i++) {
                px[i] = x[i];
                py[i] = hi[i];
                px[2 * n - 1 - i] = x[i];
                py[2 * n - 1 - i] = lo[i];
            }
            XYSeries band = chart.addSeries("95% CI (window of " + WINDOW + " iterations)", px, py);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setFillColor(new Color(70, 130, 180, 70));
            band.setLineColor(new Color(70, 130, 180, 70));
            band.setMarker(SeriesMarkers.NONE);
            XYSeries mean = chart.addSeries("mean utility per iteration", x, y);
            mean.setMarker(SeriesMarkers.CIRCLE);
            mean.setLineColor(new Color(25, 70, 140));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void utilities(Path file, EvaluationReport report, List<DemoPipeline.PolicyRow> rows, String label)
            throws IOException {
        BoxChart chart = new BoxChartBuilder().width(900).height(520).title("Utility per episode (" + label + ")")
                .xAxisTitle("policy").yAxisTitle("terminal utility").build();
        for (int i = 0; i < rows.size(); i++) {
            double[] r = report.results().get(i).returns();
            chart.addSeries(rows.get(i).name(), r);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void latent(Path file, INDArray existing, List<UserGap> gaps, DemoPipeline.Stack eval,
            List<Episode<TextState, Action>> finals, String label) throws IOException {
        double[][] items = existing.toDoubleMatrix();
        int d = items[0].length;
        double[] mean = new double[d];
        for (double[] r : items) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / items.length;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] r : items) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / Math.max(1, items.length - 1);
                }
            }
        }
        RealMatrix c = new Array2DRowRealMatrix(cov);
        EigenDecomposition eig = new EigenDecomposition(c);
        double[] ev = eig.getRealEigenvalues();
        int first = 0;
        int second = -1;
        for (int i = 1; i < ev.length; i++) {
            if (ev[i] > ev[first]) {
                first = i;
            }
        }
        for (int i = 0; i < ev.length; i++) {
            if (i != first && (second < 0 || ev[i] > ev[second])) {
                second = i;
            }
        }
        double[] pc1 = eig.getEigenvector(first).toArray();
        double[] pc2 = eig.getEigenvector(second < 0 ? first : second).toArray();

        XYChart chart = new XYChartBuilder().width(900).height(700)
                .title("Latent space, first two principal components (" + label + ")").xAxisTitle("PC 1")
                .yAxisTitle("PC 2").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        scatter(chart, "existing movies (E_D of their texts)", project(List.of(items), mean, pc1, pc2),
                new Color(160, 160, 160, 120), SeriesMarkers.CIRCLE);
        // the content gap of each user: the direction of z_u, drawn from the catalogue's centre at the scale of
        // the catalogue's spread
        double spread = Math.sqrt(Math.max(ev[first], 1e-12)) * 2.5;
        List<double[]> dirs = new ArrayList<>();
        for (UserGap g : gaps) {
            double[] z = g.vector();
            double norm = 0;
            for (double v : z) {
                norm += v * v;
            }
            norm = Math.sqrt(Math.max(norm, 1e-12));
            double[] p = new double[d];
            for (int j = 0; j < d; j++) {
                p[j] = mean[j] + spread * z[j] / norm;
            }
            dirs.add(p);
        }
        scatter(chart, "content gaps: target users' directions z_u", project(dirs, mean, pc1, pc2),
                new Color(200, 40, 40), SeriesMarkers.DIAMOND);
        List<double[]> starts = new ArrayList<>();
        List<double[]> ends = new ArrayList<>();
        for (Episode<TextState, Action> e : finals) {
            starts.add(eval.env.text().embed(e.start().description()).toDoubleVector());
            ends.add(eval.env.text().embed(e.finalState().description()).toDoubleVector());
        }
        scatter(chart, "start items (anchors)", project(starts, mean, pc1, pc2), new Color(30, 90, 200),
                SeriesMarkers.SQUARE);
        scatter(chart, "EAGLE's generated items", project(ends, mean, pc1, pc2), new Color(20, 150, 60),
                SeriesMarkers.TRIANGLE_UP);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void scatter(XYChart chart, String name, double[][] xy, Color color,
            org.knowm.xchart.style.markers.Marker marker) {
        if (xy[0].length == 0) {
            return;
        }
        XYSeries s = chart.addSeries(name, xy[0], xy[1]);
        s.setMarkerColor(color);
        s.setMarker(marker);
    }

    private static double[][] project(List<double[]> rows, double[] mean, double[] pc1, double[] pc2) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            for (int j = 0; j < mean.length; j++) {
                x[i] += (r[j] - mean[j]) * pc1[j];
                y[i] += (r[j] - mean[j]) * pc2[j];
            }
        }
        return new double[][] {x, y};
    }
}
