package org.pretrain4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.transforms.ImageOps.Border;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

final class TransformsTest {
    private static <C> Transform build(ComponentFactory<C, Transform> f, String hocon) {
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    /** A 1-channel image whose pixel values are 1, 2, 3, ... row by row. */
    private static Image ramp(int h, int w) {
        byte[] p = new byte[h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i + 1);
        }
        return new Image(h, w, 1, p);
    }

    private static Image noise(int h, int w, int c, long seed) {
        byte[] p = new byte[h * w * c];
        new SplittableRandom(seed).nextBytes(p);
        return new Image(h, w, c, p);
    }

    private static Image run(Transform t, Image img, long seed) {
        byte[] before = img.pixels().clone();
        Image out = t.apply(new Sample(0, img, 0, null), new SplittableRandom(seed)).image();
        assertArrayEquals(before, img.pixels(), "the input must not change");
        return out;
    }

    private static int[] values(Image img) {
        int[] v = new int[img.pixels().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = img.pixels()[i] & 0xff;
        }
        return v;
    }

    @Test
    void paddingModesMatchHandComputedRows() {
        Image row = new Image(1, 4, 1, new byte[] {1, 2, 3, 4});
        int[] zero = {9};
        assertArrayEquals(new int[] {9, 9, 1, 2, 3, 4, 9, 9},
                values(ImageOps.pad(row, 2, 0, 2, 0, Border.CONSTANT, zero)));
        assertArrayEquals(new int[] {1, 1, 1, 2, 3, 4, 4, 4}, values(ImageOps.pad(row, 2, 0, 2, 0, Border.EDGE, zero)));
        // The examples of mmpretrain's RandomCrop docstring.
        assertArrayEquals(new int[] {3, 2, 1, 2, 3, 4, 3, 2},
                values(ImageOps.pad(row, 2, 0, 2, 0, Border.REFLECT, zero)));
        assertArrayEquals(new int[] {2, 1, 1, 2, 3, 4, 4, 3},
                values(ImageOps.pad(row, 2, 0, 2, 0, Border.SYMMETRIC, zero)));
        // Wider than the image: reflection repeats.
        assertArrayEquals(new int[] {2, 3, 2, 1, 2, 3, 2, 1},
                values(ImageOps.pad(new Image(1, 3, 1, new byte[] {1, 2, 3}), 3, 0, 2, 0, Border.REFLECT, zero)));
    }

    @Test
    void randomCropPadsAndCrops() {
        // padding = 1 with pad_val 0, crop back to 3x3: the crop is a window of the zero-bordered image.
        Transform t = build(new RandomCropFactory(), "crop_size = 3, padding = 1");
        Image in = ramp(3, 3);
        Image out = run(t, in, 7);
        assertEquals(3, out.height());
        assertEquals(3, out.width());
        Image padded = ImageOps.pad(in, 1, 1, 1, 1, Border.CONSTANT, new int[] {0});
        boolean found = false;
        for (int top = 0; top <= 2 && !found; top++) {
            for (int left = 0; left <= 2 && !found; left++) {
                found = Arrays.equals(ImageOps.crop(padded, top, left, 3, 3).pixels(), out.pixels());
            }
        }
        assertTrue(found);
        assertArrayEquals(out.pixels(), run(t, in, 7).pixels());
        // pad_if_needed with reflect: a 2x2 image padded to 4x4 gives exactly the reflected image.
        Transform reflect = build(new RandomCropFactory(), "crop_size = [4, 4], pad_if_needed = true, "
                + "padding_mode = reflect");
        assertArrayEquals(new int[] {4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1}, values(run(reflect, ramp(2, 2), 1)));
        Transform symmetric = build(new RandomCropFactory(), "crop_size = [4, 4], pad_if_needed = true, "
                + "padding_mode = symmetric");
        assertArrayEquals(new int[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                values(run(symmetric, ramp(2, 2), 1)));
        // Smaller than the crop without padding: cropped to its own size, as mmpretrain.
        assertEquals(2, run(build(new RandomCropFactory(), "crop_size = [5, 2]"), ramp(2, 3), 1).height());
        // [h, w] order and per-channel pad values.
        Image rgb = run(build(new RandomCropFactory(), "crop_size = [2, 5], padding = [1, 0], pad_val = [7, 8, 9]"),
                noise(2, 3, 3, 1), 3);
        assertEquals(2, rgb.height());
        assertEquals(5, rgb.width());
        assertEquals(8, rgb.get(0, 0, 1));
        assertThrows(ConfigException.class, () -> build(new RandomCropFactory(), "crop_size = [1, 2, 3]"));
    }

    @Test
    void flipsOnATinyImage() {
        Image in = ramp(2, 3);
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, values(run(build(new RandomFlipFactory(), "prob = 1.0"), in, 1)));
        assertArrayEquals(new int[] {4, 5, 6, 1, 2, 3},
                values(run(build(new RandomFlipFactory(), "prob = 1.0, direction = vertical"), in, 1)));
        assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1},
                values(run(build(new RandomFlipFactory(), "prob = 1.0, direction = diagonal"), in, 1)));
        Sample s = new Sample(0, in, 0, null);
        assertSame(s, build(new RandomFlipFactory(), "prob = 0.0").apply(s, new SplittableRandom(1)));
        // prob 0.5: both outcomes occur, and a seed fixes the outcome.
        Transform half = build(new RandomFlipFactory(), "");
        int flipped = 0;
        for (int seed = 0; seed < 200; seed++) {
            Image out = run(half, in, seed);
            assertArrayEquals(out.pixels(), run(half, in, seed).pixels());
            flipped += out.pixels()[0] == 3 ? 1 : 0;
        }
        assertTrue(flipped > 60 && flipped < 140, "flipped " + flipped);
        assertThrows(ConfigException.class,
                () -> build(new RandomFlipFactory(), "prob = [0.5, 0.6], direction = [horizontal, vertical]"));
        assertThrows(ConfigException.class, () -> build(new RandomFlipFactory(), "direction = sideways"));
    }

    @Test
    void resizeEdgeSizes() {
        Image img = noise(30, 40, 3, 1);
        assertShape(24, 32, run(build(new ResizeEdgeFactory(), "scale = 24"), img, 0));
        assertShape(18, 24, run(build(new ResizeEdgeFactory(), "scale = 24, edge = long"), img, 0));
        assertShape(37, 50, run(build(new ResizeEdgeFactory(), "scale = 50, edge = width, interpolation = bicubic"),
                img, 0));
        assertShape(7, 9, run(build(new ResizeEdgeFactory(), "scale = 7, edge = height, interpolation = nearest"),
                img, 0));
    }

    @Test
    void resizeFollowsOpenCvConventions() {
        // Upscaling [0, 100] by 2 with half-pixel centres: 0, 25, 75, 100 (edges replicated).
        Image row = new Image(1, 2, 1, new byte[] {0, 100});
        assertArrayEquals(new int[] {0, 25, 75, 100}, values(ImageOps.resize(row, 1, 4, Interpolation.BILINEAR)));
        // Nearest takes floor(dst * scale): 0, 0, 1, 1.
        assertArrayEquals(new int[] {0, 0, 100, 100}, values(ImageOps.resize(row, 1, 4, Interpolation.NEAREST)));
        // A constant image stays constant under every kernel.
        Image flat = new Image(5, 7, 3, filled(5 * 7 * 3, 77));
        for (Interpolation k : Interpolation.values()) {
            assertTrue(Arrays.stream(values(ImageOps.resize(flat, 9, 4, k))).allMatch(v -> v == 77), k.key());
        }
        // Halving by 2 averages 2x2 blocks.
        Image block = new Image(2, 2, 1, new byte[] {10, 20, 30, 40});
        assertArrayEquals(new int[] {25}, values(ImageOps.resize(block, 1, 1, Interpolation.BILINEAR)));
    }

    @Test
    void centerCropUsesWidthHeightAndHalfEvenRounding() {
        Image out = run(build(new CenterCropFactory(), "crop_size = [2, 1]"), ramp(4, 5), 0);
        assertShape(1, 2, out);
        // Offsets round((4 - 1) / 2) = 2 (half to even) and round((5 - 2) / 2) = 2.
        assertArrayEquals(new int[] {13, 14}, values(out));
        assertShape(3, 3, run(build(new CenterCropFactory(), "crop_size = 3"), ramp(3, 5), 0));
        assertShape(3, 5, run(build(new CenterCropFactory(), "crop_size = 8"), ramp(3, 5), 0));
    }

    @Test
    void randomResizedCropShapesDeterminismAndFallback() {
        Transform t = build(new RandomResizedCropFactory(), "scale = [12, 10]");
        Image img = noise(40, 30, 3, 3);
        Image a = run(t, img, 42);
        assertShape(12, 10, a);
        assertArrayEquals(a.pixels(), run(t, img, 42).pixels());
        assertNotEquals(Arrays.toString(a.pixels()), Arrays.toString(run(t, img, 43).pixels()));
        // No attempts: centre crop to the widest allowed aspect ratio of a wide image.
        RandomResizedCrop fallback = (RandomResizedCrop) build(new RandomResizedCropFactory(),
                "scale = 8, max_attempts = 0, aspect_ratio_range = [1.0, 2.0]");
        assertArrayEquals(new int[] {0, 20, 10, 20}, fallback.cropBox(10, 60, new SplittableRandom(0)));
        assertArrayEquals(new int[] {10, 0, 20, 20}, fallback.cropBox(40, 20, new SplittableRandom(0)));
    }

    @Test
    void colorJitterWithZerosIsIdentityAndOtherwiseSeeded() {
        Image img = noise(6, 5, 3, 9);
        Sample s = new Sample(0, img, 0, null);
        assertSame(s, build(new ColorJitterFactory(), "").apply(s, new SplittableRandom(1)));
        Transform t = build(new ColorJitterFactory(), "brightness = 0.5, contrast = 0.5, saturation = 0.5, hue = 0.2");
        Image a = run(t, img, 5);
        assertShape(6, 5, a);
        assertArrayEquals(a.pixels(), run(t, img, 5).pixels());
        assertNotEquals(Arrays.toString(img.pixels()), Arrays.toString(a.pixels()));
        // Grey images: brightness applies, saturation and hue do not.
        Image grey = ramp(3, 3);
        assertArrayEquals(grey.pixels(), run(build(new ColorJitterFactory(), "saturation = 0.9, hue = 0.4"), grey, 2)
                .pixels());
        // Brightness exactly 0.5 halves values with truncation, as Pillow.
        Image half = run(build(new ColorJitterFactory(), "brightness = [0.5, 0.5]"), ramp(1, 3), 0);
        assertArrayEquals(new int[] {0, 1, 1}, values(half));
        // A hue shift leaves grey pixels grey.
        Image greyRgb = new Image(1, 1, 3, new byte[] {50, 50, 50});
        assertArrayEquals(greyRgb.pixels(), run(build(new ColorJitterFactory(), "hue = 0.5"), greyRgb, 1).pixels());
    }

    @Test
    void randomErasingChangesPixelsWithProbOne() {
        Image img = new Image(20, 20, 3, filled(20 * 20 * 3, 0));
        Transform t = build(new RandomErasingFactory(), "erase_prob = 1.0");
        Image out = run(t, img, 11);
        long erased = Arrays.stream(values(out)).filter(v -> v == 128).count();
        assertTrue(erased > 0 && erased % 3 == 0, "erased " + erased);
        assertTrue(Arrays.stream(values(out)).allMatch(v -> v == 0 || v == 128));
        assertArrayEquals(out.pixels(), run(t, img, 11).pixels());
        Image rand = run(build(new RandomErasingFactory(), "erase_prob = 1.0, mode = rand, fill_std = 10"), img, 3);
        assertTrue(Arrays.stream(values(rand)).anyMatch(v -> v != 0));
        Sample s = new Sample(0, img, 0, null);
        assertSame(s, build(new RandomErasingFactory(), "erase_prob = 0.0").apply(s, new SplittableRandom(0)));
        assertThrows(ConfigException.class,
                () -> build(new RandomErasingFactory(), "min_area_ratio = 0.5, max_area_ratio = 0.1"));
    }

    @Test
    void loadImageFromFileGreyAndPackInputsNoOp() throws Exception {
        java.awt.image.BufferedImage bi = new java.awt.image.BufferedImage(2, 1,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        bi.setRGB(0, 0, 0xff0000);
        bi.setRGB(1, 0, 0x0000ff);
        assertArrayEquals(new int[] {76, 29}, values(LoadImageFromFile.convert(bi, true)));
        assertArrayEquals(new int[] {0, 0, 255, 255, 0, 0}, values(LoadImageFromFile.convert(bi, false)));
        java.awt.image.BufferedImage g = new java.awt.image.BufferedImage(1, 1,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(0, 0, 0, 100);
        assertArrayEquals(new int[] {100, 100, 100}, values(LoadImageFromFile.convert(g, false)));
        Sample s = new Sample(0, ramp(2, 2), 0, null);
        assertSame(s, build(new PackInputsFactory(), "meta_keys = [img_path]").apply(s, new SplittableRandom(0)));
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static void assertShape(int h, int w, Image img) {
        assertEquals(h + "x" + w, img.height() + "x" + img.width());
    }
}
