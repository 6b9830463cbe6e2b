import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Grouped bar chart of the benchmark medians, JDK only (java.awt in headless mode, no plotting library on the
 * reference machine): {@code java bench/charts/Chart.java MEDIANS.tsv OUT.png "title"}. The input has one line
 * per measurement, {@code layout mode path qps p99_ms cpu_us} (what bench/sysbench/peers.sh writes to
 * RESULTS.tsv). Two panels, QPS and p99: one group of bars per layout and ps-mode, one bar colour per path.
 */
public final class Chart {

    static final Color[] COLOURS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
            new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860)};
    static final int WIDTH = 1180, PANEL = 330, TOP = 60, LEFT = 80, RIGHT = 250;

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>(); // group -> path -> {qps, p99}
        Set<String> paths = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || f[3].equals("NA")) {
                continue;
            }
            String group = f[0] + " / " + f[1];
            paths.add(f[2]);
            groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
                    .put(f[2], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
        }
        String title = args.length > 2 ? args[2] : "";
        BufferedImage img = new BufferedImage(WIDTH, TOP + 2 * PANEL + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 28);
        List<String> pathList = new ArrayList<>(paths);
        panel(g, groups, pathList, 0, "QPS (median)", "%.0f", TOP);
        panel(g, groups, pathList, 1, "p99 latency, ms (median)", "%.2f", TOP + PANEL + 20);
        // legend
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int i = 0; i < pathList.size(); i++) {
            int y = TOP + 20 + i * 22;
            g.setColor(COLOURS[i % COLOURS.length]);
            g.fillRect(WIDTH - RIGHT + 20, y - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(legend(pathList.get(i)), WIDTH - RIGHT + 40, y);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.DARK_GRAY);
        g.drawString("no bar: the run failed (kingshard drops the connection with server-side prepared statements)",
                LEFT, img.getHeight() - 12);
        g.dispose();
        ImageIO.write(img, "png", new File(args[1]));
    }

    /** peers.sh's path names, spelled out. */
    static String legend(String path) {
        return switch (path) {
            case "shardgate" -> "shardgate, multiplexing on";
            case "shardgate-nomux" -> "shardgate, multiplexing off";
            default -> path;
        };
    }

    static void panel(Graphics2D g, Map<String, Map<String, double[]>> groups, List<String> paths, int metric,
                      String label, String format, int top) {
        int bottom = top + PANEL - 50, plotWidth = WIDTH - LEFT - RIGHT;
        double max = groups.values().stream().flatMap(m -> m.values().stream()).mapToDouble(v -> v[metric])
                .max().orElse(1) * 1.15;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(label, LEFT, top + 5);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 4; t++) { // grid lines and axis labels
            int y = bottom - (bottom - top - 20) * t / 4;
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            String v = String.format(format, max * t / 4);
            g.drawString(v, LEFT - 8 - g.getFontMetrics().stringWidth(v), y + 4);
        }
        int groupWidth = plotWidth / Math.max(1, groups.size());
        int bar = Math.max(6, (groupWidth - 30) / Math.max(1, paths.size()));
        int gi = 0;
        for (var group : groups.entrySet()) {
            int x0 = LEFT + gi * groupWidth + 15;
            for (int pi = 0; pi < paths.size(); pi++) {
                double[] v = group.getValue().get(paths.get(pi));
                if (v == null) {
                    continue;
                }
                int h = (int) ((bottom - top - 20) * v[metric] / max);
                int x = x0 + pi * bar;
                g.setColor(COLOURS[pi % COLOURS.length]);
                g.fillRect(x, bottom - h, bar - 4, h);
                g.setColor(Color.BLACK);
                String text = String.format(format, v[metric]);
                int w = g.getFontMetrics().stringWidth(text);
                g.drawString(text, x + (bar - 4 - w) / 2, bottom - h - 3);
            }
            g.setColor(Color.BLACK);
            String name = group.getKey();
            g.drawString(name, x0 + (groupWidth - 30 - g.getFontMetrics().stringWidth(name)) / 2, bottom + 16);
            gi++;
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(LEFT, bottom, LEFT + plotWidth, bottom);
    }
}
