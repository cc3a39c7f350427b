package dev.parley.loadtest.chart;

import dev.parley.loadtest.LoadTestException;
import dev.parley.loadtest.cli.UsageException;
import dev.parley.loadtest.report.Report;
import dev.parley.loadtest.report.Reports;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG of deliver p50 and p99 against offered rate, from the step lines of one or more ramp runs
 * (one series per file). Both axes are logarithmic: rates double, latencies span orders of magnitude.
 */
public final class RampChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 40;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};

    public record Series(String name, List<Report> steps) {
    }

    private RampChart() {
    }

    /** {@code FILE.jsonl ... --out PNG}. */
    public static void fromArgs(List<String> args) {
        List<Path> inputs = new ArrayList<>();
        Path out = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out") && i + 1 < args.size()) {
                out = Path.of(args.get(++i));
            } else {
                inputs.add(Path.of(args.get(i)));
            }
        }
        if (inputs.isEmpty() || out == null) {
            throw new UsageException("chart needs ramp output files and --out FILE.png");
        }
        List<Series> series = new ArrayList<>();
        for (Path input : inputs) {
            series.add(new Series(input.getFileName().toString().replaceFirst("\\.jsonl?$", ""), steps(input)));
        }
        write(series, out);
    }

    static List<Report> steps(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith("{"))
                    .map(Reports::read).filter(r -> r.step() != null && r.deliverP99() != null).toList();
        } catch (IOException e) {
            throw new LoadTestException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(List<Series> series, Path out) {
        System.setProperty("java.awt.headless", "true");
        List<Report> all = series.stream().flatMap(s -> s.steps().stream()).toList();
        if (all.isEmpty()) {
            throw new LoadTestException("No ramp step lines to chart");
        }
        double minRate = all.stream().mapToDouble(Report::offeredRate).min().orElseThrow();
        double maxRate = all.stream().mapToDouble(Report::offeredRate).max().orElseThrow();
        double minMs = Math.min(0.1, all.stream().mapToDouble(Report::deliverP50).min().orElseThrow());
        double maxMs = Math.max(200, all.stream().mapToDouble(Report::deliverP99).max().orElseThrow());
        Axis x = new Axis(Math.log10(minRate / 1.5), Math.log10(maxRate * 1.5), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(Math.log10(minMs), Math.log10(maxMs), HEIGHT - BOTTOM, TOP);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        grid(g, x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString("Parley ramp: deliver latency against offered rate (log-log)", LEFT, 28);
        int legend = 0;
        for (int s = 0; s < series.size(); s++) {
            Color color = COLORS[s % COLORS.length];
            List<Report> steps = series.get(s).steps();
            legend = line(g, x, y, steps, true, color, series.get(s).name() + " p99", legend);
            legend = line(g, x, y, steps, false, color, series.get(s).name() + " p50", legend);
        }
        g.dispose();
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            ImageIO.write(image, "png", out.toFile());
        } catch (IOException e) {
            throw new LoadTestException("Cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static void grid(Graphics2D g, Axis x, Axis y) {
        g.setColor(new Color(0xdddddd));
        for (double decade = Math.floor(y.min); decade <= y.max; decade++) {
            for (int m : new int[]{1, 2, 5}) {
                double v = decade + Math.log10(m);
                if (v >= y.min && v <= y.max) {
                    int py = y.at(v);
                    g.setColor(new Color(0xdddddd));
                    g.drawLine(LEFT, py, WIDTH - RIGHT, py);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label(m, (int) decade) + " ms", 8, py + 4);
                }
            }
        }
        for (double decade = Math.floor(x.min); decade <= x.max; decade++) {
            for (int m : new int[]{1, 2, 5}) {
                double v = decade + Math.log10(m);
                if (v >= x.min && v <= x.max) {
                    int px = x.at(v);
                    g.setColor(new Color(0xdddddd));
                    g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(label(m, (int) decade), px - 12, HEIGHT - BOTTOM + 18);
                }
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP);
        g.drawString("offered rate (messages/s)", WIDTH / 2 - 70, HEIGHT - 25);
    }

    private static int line(Graphics2D g, Axis x, Axis y, List<Report> steps, boolean p99, Color color, String name,
                            int legend) {
        g.setColor(color);
        g.setStroke(p99 ? new BasicStroke(2.5f) : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10, new float[]{6, 4}, 0));
        int[] px = steps.stream().mapToInt(r -> x.at(Math.log10(r.offeredRate()))).toArray();
        int[] py = steps.stream().mapToInt(r -> y.at(Math.log10(Math.max(y.floor(), p99 ? r.deliverP99() : r.deliverP50()))))
                .toArray();
        g.drawPolyline(px, py, px.length);
        for (int i = 0; i < px.length; i++) {
            g.fillOval(px[i] - 3, py[i] - 3, 7, 7);
        }
        int ly = TOP + 18 + legend * 18;
        g.drawLine(LEFT + 14, ly - 4, LEFT + 44, ly - 4);
        g.setColor(Color.BLACK);
        g.drawString(name, LEFT + 52, ly);
        return legend + 1;
    }

    /** The tick {@code m × 10^decade}, exactly (1, 2, 5, 10, 20, 50, 100, 0.2, 0.5, 1k, 2k, 5k, 10k, ...). */
    static String label(int m, int decade) {
        BigDecimal value = BigDecimal.valueOf(m).scaleByPowerOfTen(decade);
        if (value.compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return value.movePointLeft(3).stripTrailingZeros().toPlainString() + "k";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /** A logarithmic axis: {@code min}, {@code max} are log10 values mapped onto pixels {@code from}..{@code to}. */
    private record Axis(double min, double max, int from, int to) {
        int at(double log) {
            return (int) Math.round(from + (log - min) / (max - min) * (to - from));
        }

        double floor() {
            return Math.pow(10, min);
        }
    }
}
