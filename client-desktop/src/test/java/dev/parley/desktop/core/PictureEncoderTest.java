package dev.parley.desktop.core;

import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.protocol.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group pictures are made to fit what the server takes: a square of at most 512 px, at most 256 KiB. */
public class PictureEncoderTest {
    @TempDir
    Path dir;

    /** Noise is the worst case for compression: a photo this big and busy must still fit. */
    public static BufferedImage noisyPhoto(int width, int height, long seed) {
        System.out.println("noisyPhoto seed " + seed);
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    @Test
    void aBigPhotoBecomesASquareJpegOfAtMost512PixelsThatFitsTheLimit() throws IOException {
        Path file = dir.resolve("photo.png");
        ImageIO.write(noisyPhoto(3000, 2000, 42), "png", file.toFile());

        GroupPicture picture = PictureEncoder.encode(file);

        assertThat(picture.contentType()).isEqualTo(GroupPicture.JPEG);
        assertThat(picture.size()).isLessThanOrEqualTo(Limits.MAX_AVATAR_BYTES);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(picture.image()));
        assertThat(decoded.getWidth()).isEqualTo(decoded.getHeight()).isLessThanOrEqualTo(PictureEncoder.MAX_SIDE);
    }

    @Test
    void aSmallPictureWithTransparencyStaysAPngOfItsOwnSizeCroppedToTheMiddle() throws IOException {
        BufferedImage logo = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        logo.setRGB(100, 50, 0xFFFF0000);
        Path file = dir.resolve("logo.png");
        ImageIO.write(logo, "png", file.toFile());

        GroupPicture picture = PictureEncoder.encode(file);

        assertThat(picture.contentType()).isEqualTo(GroupPicture.PNG);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(picture.image()));
        assertThat(decoded.getWidth()).isEqualTo(100);
        assertThat(decoded.getHeight()).isEqualTo(100);
        assertThat(decoded.getRGB(0, 0) >>> 24).as("transparent stays transparent").isZero();
        assertThat(decoded.getRGB(50, 50)).as("the middle of the picture is kept").isEqualTo(0xFFFF0000);
    }

    @Test
    void aFileThatIsNotAPictureIsRefusedInWords() throws IOException {
        Path file = dir.resolve("notes.png");
        Files.writeString(file, "not a picture at all");

        assertThatThrownBy(() -> PictureEncoder.encode(file)).isInstanceOf(ClientException.class)
                .hasMessageContaining("notes.png is not a picture");
    }
}
