import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws Parley's icon — two speech bubbles on a blue rounded square — and writes every file the app and
 * the installers need: PNGs for the window and Linux, .ico for Windows and .icns for macOS (both hold
 * PNG images, which Windows Vista+ and macOS 10.7+ read, so no other tool is needed).
 *
 * <p>Run once from the repository root after changing the drawing, and commit the results:
 * {@code java installer/src/tools/MakeIcons.java}
 */
public class MakeIcons {
    private static final Color BLUE_LIGHT = new Color(0x2F81F7);
    private static final Color BLUE_DARK = new Color(0x0A4FC2);

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path desktop = Path.of("client-desktop/src/main/resources/dev/parley/desktop/app");
        Path installer = Path.of("installer/src/main/jpackage/resources");
        Files.createDirectories(desktop);
        Files.createDirectories(installer);

        Map<Integer, byte[]> pngs = new LinkedHashMap<>();
        for (int size : new int[] {16, 32, 48, 64, 128, 256, 512, 1024}) {
            pngs.put(size, png(draw(size)));
        }
        for (int size : new int[] {32, 64, 256, 512}) {
            Files.write(desktop.resolve("parley-" + size + ".png"), pngs.get(size));
        }
        // Named after the app: jpackage's Linux packages take "<name>.png" from their resource folder.
        Files.write(installer.resolve("Parley.png"), pngs.get(256));
        Files.write(installer.resolve("Parley.ico"), ico(pngs, 16, 32, 48, 64, 128, 256));
        Files.write(installer.resolve("Parley.icns"), icns(pngs));
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 512.0, size / 512.0);

        g.setPaint(new GradientPaint(40, 40, BLUE_LIGHT, 472, 472, BLUE_DARK));
        g.fill(new RoundRectangle2D.Double(32, 32, 448, 448, 200, 200));

        // The reply, behind: a translucent bubble with its tail to the right.
        g.setColor(new Color(255, 255, 255, 120));
        g.fill(bubble(196, 112, 204, 150, 56, true));

        // The message in front, with a "typing" row of dots.
        Area front = new Area(bubble(106, 196, 246, 170, 64, false));
        g.setColor(new Color(0x0A4FC2));
        g.setStroke(new BasicStroke(14));
        g.draw(front);
        g.setColor(Color.WHITE);
        g.fill(front);
        g.setColor(BLUE_DARK);
        for (int i = 0; i < 3; i++) {
            double cx = 168 + i * 61;
            g.fill(new Ellipse2D.Double(cx - 19, 281 - 19, 38, 38));
        }
        g.dispose();
        return image;
    }

    private static Area bubble(double x, double y, double w, double h, double radius, boolean tailRight) {
        Area shape = new Area(new RoundRectangle2D.Double(x, y, w, h, radius * 2, radius * 2));
        Path2D tail = new Path2D.Double();
        if (tailRight) {
            tail.moveTo(x + w - 80, y + h - 10);
            tail.lineTo(x + w + 8, y + h + 34);
            tail.lineTo(x + w - 24, y + h - 50);
        } else {
            tail.moveTo(x + 36, y + h - 40);
            tail.lineTo(x - 4, y + h + 40);
            tail.lineTo(x + 100, y + h - 6);
        }
        tail.closePath();
        shape.add(new Area(tail));
        return shape;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** ICO with PNG entries: a 6-byte header, a 16-byte entry per image, then the images. */
    private static byte[] ico(Map<Integer, byte[]> pngs, int... sizes) {
        int offset = 6 + 16 * sizes.length;
        int total = offset;
        for (int size : sizes) {
            total += pngs.get(size).length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        for (int size : sizes) {
            byte[] data = pngs.get(size);
            out.put((byte) (size >= 256 ? 0 : size)).put((byte) (size >= 256 ? 0 : size)); // 0 means 256
            out.put((byte) 0).put((byte) 0).putShort((short) 1).putShort((short) 32);
            out.putInt(data.length).putInt(offset);
            offset += data.length;
        }
        for (int size : sizes) {
            out.put(pngs.get(size));
        }
        return out.array();
    }

    /** ICNS with PNG entries (big-endian): "icns", total length, then type, length and data per image. */
    private static byte[] icns(Map<Integer, byte[]> pngs) throws IOException {
        Map<String, Integer> types = new LinkedHashMap<>();
        types.put("icp4", 16);
        types.put("icp5", 32);
        types.put("icp6", 64);
        types.put("ic07", 128);
        types.put("ic08", 256);
        types.put("ic09", 512);
        types.put("ic10", 1024);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream entries = new DataOutputStream(body);
        for (Map.Entry<String, Integer> type : types.entrySet()) {
            byte[] data = pngs.get(type.getValue());
            entries.writeBytes(type.getKey());
            entries.writeInt(8 + data.length);
            entries.write(data);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.writeBytes("icns");
        out.writeInt(8 + body.size());
        body.writeTo(out);
        return file.toByteArray();
    }
}
