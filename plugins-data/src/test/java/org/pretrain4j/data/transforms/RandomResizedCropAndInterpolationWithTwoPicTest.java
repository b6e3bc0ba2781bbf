package org.pretrain4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/**
 * {@code RandomResizedCropAndInterpolationWithTwoPic}: both pictures come from one crop, each at its own size and
 * kernel, as the sample's two views; {@code random} picks bilinear or bicubic; bad keys give config errors. Also the
 * Lanczos-4 kernel it defaults to for the second picture.
 */
final class RandomResizedCropAndInterpolationWithTwoPicTest {
    private static final RandomResizedCropAndInterpolationWithTwoPicFactory FACTORY =
            new RandomResizedCropAndInterpolationWithTwoPicFactory();
    private static final double[] SCALE = {0.2, 1.0};
    private static final double[] RATIO = {3.0 / 4.0, 4.0 / 3.0};

    private static Transform build(String hocon) {
        return FACTORY.create(FACTORY.parseConfig(ConfigView.parse(hocon)), null);
    }

    /** A 3-channel image of distinct-looking pixels. */
    private static Image noise(int h, int w) {
        byte[] p = new byte[h * w * 3];
        new SplittableRandom(42).nextBytes(p);
        return new Image(h, w, 3, p);
    }

    /** What the transform must make from {@code seed}: the crop drawn first, then the kernel when random. */
    private static Image expected(Image img, long seed, int h, int w, Interpolation kernel) {
        int[] box = RandomResizedCrop.cropBox(img.height(), img.width(), SCALE, RATIO, 10, new SplittableRandom(seed));
        return ImageOps.resize(ImageOps.crop(img, box[0], box[1], box[2], box[3]), h, w, kernel);
    }

    @Test
    void bothPicturesComeFromTheSameCropAtTheirOwnSizesAndKernels() {
        Image img = noise(40, 30);
        Transform t = build("size = [12, 10], second_size = 6, interpolation = bicubic, scale = [0.2, 1.0]");
        for (long seed = 0; seed < 10; seed++) {
            Sample out = t.apply(new Sample(3, img, 1, null), new SplittableRandom(seed));
            assertEquals(2, out.viewCount());
            Image first = out.image();
            Image second = out.extraViews().get(0);
            // size = [w, h] as mmcv.imresize reads it.
            assertEquals(10, first.height());
            assertEquals(12, first.width());
            assertEquals(6, second.height());
            assertEquals(6, second.width());
            assertArrayEquals(expected(img, seed, 10, 12, Interpolation.BICUBIC).pixels(), first.pixels());
            // The second picture's default kernel is Lanczos, and it matters: bicubic gives other pixels.
            assertArrayEquals(expected(img, seed, 6, 6, Interpolation.LANCZOS).pixels(), second.pixels());
            assertFalse(Arrays.equals(expected(img, seed, 6, 6, Interpolation.BICUBIC).pixels(),
                    second.pixels()));
            assertEquals(1, out.label());
        }
    }

    @Test
    void withoutSecondSizeOnlyTheFirstPictureIsMade() {
        Image img = noise(20, 20);
        Sample out = build("size = 8, scale = [0.2, 1.0]").apply(new Sample(0, img, 0, null), new SplittableRandom(1));
        assertEquals(1, out.viewCount());
        assertArrayEquals(expected(img, 1, 8, 8, Interpolation.BILINEAR).pixels(), out.image().pixels());
    }

    @Test
    void randomInterpolationPicksBilinearOrBicubicPerSample() {
        Image img = noise(24, 24);
        Transform t = build("size = 8, second_size = 8, interpolation = random, second_interpolation = nearest, "
                + "scale = [0.2, 1.0]");
        Set<Interpolation> used = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom replay = new SplittableRandom(seed);
            RandomResizedCrop.cropBox(24, 24, SCALE, RATIO, 10, replay);
            Interpolation kernel = replay.nextInt(2) == 0 ? Interpolation.BILINEAR : Interpolation.BICUBIC;
            used.add(kernel);
            Sample out = t.apply(new Sample(0, img, 0, null), new SplittableRandom(seed));
            assertArrayEquals(expected(img, seed, 8, 8, kernel).pixels(), out.image().pixels());
            assertArrayEquals(expected(img, seed, 8, 8, Interpolation.NEAREST).pixels(),
                    out.extraViews().get(0).pixels());
        }
        assertEquals(Set.of(Interpolation.BILINEAR, Interpolation.BICUBIC), used);
    }

    @Test
    void badConfigsAndMultiViewSamplesGiveClearErrors() {
        for (String bad : List.of("second_size = 4", "size = 0", "size = 8, second_size = [4, 4, 4]",
                "size = 8, scale = [0, 1]", "size = 8, scale = [1, 0.5]", "size = 8, ratio = [0, 1]",
                "size = 8, interpolation = area", "size = 8, second_interpolation = random")) {
            ConfigException e = assertThrows(ConfigException.class, () -> FACTORY.parseConfig(ConfigView.parse(bad)),
                    bad);
            assertTrue(e.getMessage().contains("size") || e.getMessage().contains("scale")
                    || e.getMessage().contains("ratio") || e.getMessage().contains("interpolation"), e.getMessage());
        }
        Image img = noise(8, 8);
        Sample twoViews = new Sample(0, img, 0, null).withViews(List.of(img, img));
        DataException e = assertThrows(DataException.class,
                () -> build("size = 4, second_size = 4").apply(twoViews, new SplittableRandom(0)));
        assertTrue(e.getMessage().contains("already has 2 views"), e.getMessage());
    }

    @Test
    void lanczosIsExactAtPixelCentresAndSymmetric() {
        // Shrinking 9 -> 3 puts each output on source centre 3d + 1: pixels 1, 4 and 7 exactly.
        byte[] row = {5, 17, 40, 90, 3, (byte) 250, 60, (byte) 128, 77};
        Image shrunk = ImageOps.resize(new Image(1, 9, 1, row), 1, 3, Interpolation.LANCZOS);
        assertArrayEquals(new byte[] {17, 3, (byte) 128}, shrunk.pixels());
        // Upscaling the mirrored row (200 - step) gives the mirrored result, and the step rings as Lanczos does.
        byte[] step = {50, 50, 50, (byte) 150, (byte) 150, (byte) 150};
        byte[] up = ImageOps.resize(new Image(1, 6, 1, step), 1, 12, Interpolation.LANCZOS).pixels();
        for (int i = 0; i < 12; i++) {
            assertEquals(200 - (up[i] & 0xff), up[11 - i] & 0xff, 1, "pixel " + i);
        }
        assertTrue((up[7] & 0xff) > 155 && (up[4] & 0xff) < 45, "over- and undershoot around the step");
    }
}
