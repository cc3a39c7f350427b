package dev.parley.desktop.core;

import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.protocol.Limits;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a picture file into a group picture the server takes: the middle square, at most 512 px,
 * as PNG (when it has transparency and stays small enough) or JPEG, at most 256 KiB. Slow for big
 * photos: call it off the FX thread.
 */
public final class PictureEncoder {
    /** Shown at 72 px at most; 512 leaves room for high-density screens and keeps files small. */
    public static final int MAX_SIDE = 512;
    private static final float[] JPEG_QUALITIES = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};

    private PictureEncoder() {
    }

    /** Reads and encodes {@code file}; a {@link ClientException} when it is not a picture this app can read. */
    public static GroupPicture encode(Path file) {
        BufferedImage source;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ClientException("not_a_picture", "There is no file " + file.getFileName());
            }
            source = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ClientException("not_a_picture", "Could not read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        if (source == null) {
            throw new ClientException("not_a_picture", file.getFileName()
                    + " is not a picture Parley can read (use PNG, JPEG, GIF or BMP)");
        }
        return encode(source);
    }

    public static GroupPicture encode(BufferedImage source) {
        BufferedImage square = squareCrop(source);
        int side = Math.min(MAX_SIDE, square.getWidth());
        boolean alpha = source.getColorModel().hasAlpha();
        while (side >= 16) {
            BufferedImage scaled = scale(square, side, alpha);
            if (alpha) {
                byte[] png = write(scaled, "png", 0);
                if (png.length <= Limits.MAX_AVATAR_BYTES) {
                    return new GroupPicture(png, GroupPicture.PNG);
                }
            }
            BufferedImage opaque = alpha ? flatten(scaled) : scaled;
            for (float quality : JPEG_QUALITIES) {
                byte[] jpeg = write(opaque, "jpeg", quality);
                if (jpeg.length <= Limits.MAX_AVATAR_BYTES) {
                    return new GroupPicture(jpeg, GroupPicture.JPEG);
                }
            }
            side = side * 3 / 4;
        }
        throw new ClientException("picture_too_large", "This picture cannot be made small enough for a group picture");
    }

    private static BufferedImage squareCrop(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        int x = (image.getWidth() - side) / 2;
        int y = (image.getHeight() - side) / 2;
        return image.getSubimage(x, y, side, side);
    }

    /** Halves step by step, then scales the rest of the way: one bicubic step from a big photo aliases. */
    private static BufferedImage scale(BufferedImage square, int side, boolean alpha) {
        BufferedImage current = square;
        int size = square.getWidth();
        do {
            size = Math.max(side, size / 2);
            current = draw(current, size, alpha);
        } while (size > side);
        return current;
    }

    private static BufferedImage draw(BufferedImage image, int side, boolean alpha) {
        BufferedImage out = new BufferedImage(side, side, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** JPEG has no transparency: what was see-through becomes white. */
    private static BufferedImage flatten(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static byte[] write(BufferedImage image, String format, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality > 0) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a picture in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
