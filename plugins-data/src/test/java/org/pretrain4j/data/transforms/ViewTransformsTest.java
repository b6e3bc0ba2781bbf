package org.pretrain4j.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.data.Image;
import org.pretrain4j.api.data.Sample;
import org.pretrain4j.api.data.Transform;
import org.pretrain4j.data.ServiceLoaderContext;

/**
 * The view-pipeline transforms of self-supervised pre-training: MultiView, RandomApply, RandomGrayscale, GaussianBlur,
 * Solarize.
 */
final class ViewTransformsTest {
    private static final Config FIXTURE = ConfigFactory.parseURL(
            ViewTransformsTest.class.getResource("/ssl_transforms.json"));

    private static <C> Transform build(ComponentFactory<C, Transform> f, String hocon) {
        ConfigView view = ConfigView.parse(hocon);
        C parsed = f.parseConfig(view);
        view.checkNoUnknownKeys();
        return f.create(parsed, ServiceLoaderContext.INSTANCE);
    }

    private static Image noise(int h, int w, int c, long seed) {
        byte[] p = new byte[h * w * c];
        new SplittableRandom(seed).nextBytes(p);
        return new Image(h, w, c, p);
    }

    private static Sample sample(Image img) {
        return new Sample(3, img, 1, null);
    }

    private static Image image(List<Integer> values, int h, int w, int c) {
        byte[] p = new byte[values.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (int) values.get(i);
        }
        return new Image(h, w, c, p);
    }

    private static final String VIEW_PIPELINE = "[{ type = RandomResizedCrop, scale = 12, crop_ratio_range = [0.2, 1.0] }, "
            + "{ type = RandomFlip, prob = 0.5 }, "
            + "{ type = RandomApply, transforms = [{ type = ColorJitter, brightness = 0.8, contrast = 0.8 }], prob = 0.8 }]";

    @Test
    void multiViewMakesIndependentViewsThatRepeatPerSeed() {
        Transform t = build(new MultiViewFactory(), "num_views = 2, transforms = [" + VIEW_PIPELINE + "]");
        Image img = noise(20, 16, 3, 1);
        byte[] before = img.pixels().clone();
        Sample a = t.apply(sample(img), new SplittableRandom(42));
        Sample b = t.apply(sample(img), new SplittableRandom(42));
        assertArrayEquals(before, img.pixels(), "the input must not change");
        assertEquals(2, a.viewCount());
        assertEquals(12, a.image().height());
        assertEquals(12, a.extraViews().get(0).width());
        for (int k = 0; k < 2; k++) {
            assertArrayEquals(a.views().get(k).pixels(), b.views().get(k).pixels(), "same seed, same view " + k);
        }
        assertEquals(3, a.index());
        assertEquals(1, a.label());
        int differing = 0;
        for (long seed = 0; seed < 20; seed++) {
            Sample s = t.apply(sample(img), new SplittableRandom(seed));
            if (!java.util.Arrays.equals(s.image().pixels(), s.extraViews().get(0).pixels())) {
                differing++;
            }
        }
        assertEquals(20, differing, "the two views of a sample are drawn independently");
        Sample other = t.apply(sample(img), new SplittableRandom(43));
        assertNotEquals(java.util.Arrays.toString(a.image().pixels()), java.util.Arrays.toString(other.image().pixels()));
    }

    @Test
    void eachViewHasItsOwnRandomStream() {
        // The second group's view must not depend on how many numbers the first group's pipeline draws.
        String second = "[{ type = RandomResizedCrop, scale = 8 }]";
        Transform cheap = build(new MultiViewFactory(), "num_views = [1, 1], transforms = [[{ type = RandomFlip }], "
                + second + "]");
        Transform costly = build(new MultiViewFactory(), "num_views = [1, 1], transforms = [[{ type = ColorJitter, "
                + "brightness = 0.4, contrast = 0.4 }, { type = RandomResizedCrop, scale = 5 }], " + second + "]");
        Image img = noise(16, 16, 1, 2);
        Sample a = cheap.apply(sample(img), new SplittableRandom(5));
        Sample b = costly.apply(sample(img), new SplittableRandom(5));
        assertEquals(16, a.image().height());
        assertEquals(5, b.image().height());
        assertArrayEquals(a.extraViews().get(0).pixels(), b.extraViews().get(0).pixels());
    }

    @Test
    void multiViewGroupsKeepTheirOrderAndSizes() {
        Transform t = build(new MultiViewFactory(), "num_views = [2, 3], transforms = [[{ type = CenterCrop, "
                + "crop_size = 10 }], [{ type = CenterCrop, crop_size = 4 }, { type = RandomFlip, prob = 0.5 }]]");
        Sample s = t.apply(sample(noise(12, 12, 1, 3)), new SplittableRandom(1));
        assertEquals(5, s.viewCount());
        int[] sides = s.views().stream().mapToInt(Image::height).toArray();
        assertArrayEquals(new int[] {10, 10, 4, 4, 4}, sides);
        DataException twice = assertThrows(DataException.class, () -> t.apply(s, new SplittableRandom(1)));
        assertTrue(twice.getMessage().contains("already has 5 views"), twice.getMessage());
    }

    @Test
    void multiViewConfigErrorsNameTheKey() {
        ConfigException counts = assertThrows(ConfigException.class, () -> build(new MultiViewFactory(),
                "num_views = [2, 2], transforms = [[{ type = RandomFlip }]]"));
        assertTrue(counts.getMessage().contains("num_views"), counts.getMessage());
        ConfigException flat = assertThrows(ConfigException.class, () -> build(new MultiViewFactory(),
                "num_views = 2, transforms = [{ type = RandomFlip }]"));
        assertTrue(flat.getMessage().contains("transforms.0") && flat.getMessage().contains("list of lists"),
                flat.getMessage());
        assertThrows(ConfigException.class, () -> build(new MultiViewFactory(),
                "num_views = 0, transforms = [[{ type = RandomFlip }]]"));
    }

    @Test
    void randomApplyAppliesAllOrNothingWithItsProbability() {
        String flip = "transforms = [{ type = RandomFlip, prob = 1.0 }, { type = RandomFlip, prob = 1.0, "
                + "direction = vertical }]";
        Image img = noise(4, 5, 1, 4);
        Sample in = sample(img);
        assertSame(in, build(new RandomApplyFactory(), flip + ", prob = 0.0").apply(in, new SplittableRandom(1)));
        Image both = build(new RandomApplyFactory(), flip + ", prob = 1.0").apply(in, new SplittableRandom(1)).image();
        assertArrayEquals(ImageOps.flip(img, true, true).pixels(), both.pixels());
        Transform p = build(new RandomApplyFactory(), "transforms = { type = RandomFlip, prob = 1.0 }, prob = 0.8");
        int applied = 0;
        for (long seed = 0; seed < 2000; seed++) {
            if (p.apply(in, new SplittableRandom(seed)) != in) {
                applied++;
            }
        }
        assertEquals(0.8, applied / 2000.0, 0.03);
        assertThrows(ConfigException.class, () -> build(new RandomApplyFactory(), "transforms = [], prob = 0.5"));
        assertThrows(ConfigException.class, () -> build(new RandomApplyFactory(), flip + ", prob = 1.5"));
    }

    /** tools/fixtures/ssl_transforms.py: mmcv's float64 weighted sum, truncated by astype('uint8'). */
    /** mmcv's solarize: {@code np.where(img < thr, img, 255 - img)}, in every channel. */
    @Test
    void solarizeInvertsPixelsAtOrAboveTheThreshold() {
        Sample in = sample(image(List.of(0, 127, 128, 200, 255, 1), 1, 2, 3));
        Image out = build(new SolarizeFactory(), "thr = 128, prob = 1.0").apply(in, new SplittableRandom(0)).image();
        assertArrayEquals(image(List.of(0, 127, 127, 55, 0, 1), 1, 2, 3).pixels(), out.pixels());
        assertEquals(3, out.channels());
        assertSame(in, build(new SolarizeFactory(), "thr = 128, prob = 0.0").apply(in, new SplittableRandom(0)));
        Transform byol = build(new SolarizeFactory(), "thr = 128, prob = 0.2");
        SplittableRandom random = new SplittableRandom(7);
        long solarized = java.util.stream.IntStream.range(0, 2000).filter(i -> byol.apply(in, random) != in).count();
        assertTrue(solarized > 320 && solarized < 480, "about 20 % of 2000: " + solarized);
        assertThrows(ConfigException.class, () -> build(new SolarizeFactory(), "prob = 0.2"));
        assertThrows(ConfigException.class, () -> build(new SolarizeFactory(), "thr = 300"));
        assertThrows(ConfigException.class, () -> build(new SolarizeFactory(), "thr = 128, prob = 2"));
    }

    @Test
    void randomGrayscaleMatchesNumpy() {
        Config g = FIXTURE.getConfig("grayscale");
        Image in = image(g.getIntList("input"), 6, 5, 3);
        String weights = "channel_weights = " + g.getDoubleList("weights");
        Image grey = build(new RandomGrayscaleFactory(), "prob = 1.0, " + weights).apply(sample(in),
                new SplittableRandom(0)).image();
        assertEquals(1, grey.channels());
        assertArrayEquals(image(g.getIntList("expected"), 6, 5, 1).pixels(), grey.pixels());
        Image kept = build(new RandomGrayscaleFactory(), "prob = 1.0, keep_channels = true, " + weights)
                .apply(sample(in), new SplittableRandom(0)).image();
        assertEquals(3, kept.channels());
        for (int p = 0; p < 30; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(grey.pixels()[p], kept.pixels()[3 * p + c]);
            }
        }
        Sample single = sample(noise(3, 3, 1, 5));
        assertSame(single, build(new RandomGrayscaleFactory(), "prob = 1.0").apply(single, new SplittableRandom(0)));
        assertThrows(DataException.class, () -> build(new RandomGrayscaleFactory(), "prob = 1.0, channel_weights = "
                + "[1, 1]").apply(sample(in), new SplittableRandom(0)));
        assertThrows(ConfigException.class, () -> build(new RandomGrayscaleFactory(), "color_format = hsv"));
    }

    /** tools/fixtures/ssl_transforms.py: Pillow 9.4's ImageFilter.GaussianBlur, bit for bit. */
    @Test
    void gaussianBlurMatchesPillow() {
        for (Config c : FIXTURE.getConfigList("gaussian_blur")) {
            int h = c.getInt("height");
            int w = c.getInt("width");
            int ch = c.getInt("channels");
            Image out = GaussianBlur.blur(image(c.getIntList("input"), h, w, ch), (float) c.getDouble("radius"));
            assertArrayEquals(image(c.getIntList("expected"), h, w, ch).pixels(), out.pixels(),
                    h + "x" + w + "x" + ch + " radius " + c.getDouble("radius"));
        }
    }

    @Test
    void gaussianBlurDrawsTheRadiusAsMmpretrain() {
        Transform t = build(new GaussianBlurFactory(), "magnitude_range = [0.1, 2.0], magnitude_std = inf, prob = 0.5");
        Image img = noise(9, 9, 3, 6);
        int blurred = 0;
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom draws = new SplittableRandom(seed);
            boolean skip = draws.nextDouble() > 0.5;
            double level = 10 * draws.nextDouble();
            Image out = t.apply(sample(img), new SplittableRandom(seed)).image();
            Image expected = skip ? img : GaussianBlur.blur(img, (float) (level / 10 * (2.0 - 0.1) + 0.1));
            assertArrayEquals(expected.pixels(), out.pixels(), "seed " + seed);
            blurred += skip ? 0 : 1;
        }
        assertTrue(blurred > 70 && blurred < 130, "blurred " + blurred + " of 200");
        Image fixed = build(new GaussianBlurFactory(), "radius = 1.5, prob = 1.0").apply(sample(img),
                new SplittableRandom(0)).image();
        assertArrayEquals(GaussianBlur.blur(img, 1.5f).pixels(), fixed.pixels());
    }

    @Test
    void gaussianBlurNeedsExactlyOneOfRadiusAndRange() {
        assertThrows(ConfigException.class, () -> build(new GaussianBlurFactory(), "prob = 0.5"));
        assertThrows(ConfigException.class, () -> build(new GaussianBlurFactory(),
                "radius = 1.0, magnitude_range = [0.1, 2.0]"));
        assertThrows(ConfigException.class, () -> build(new GaussianBlurFactory(),
                "magnitude_range = [0.1, 2.0], magnitude_std = wide"));
        assertThrows(ConfigException.class, () -> build(new GaussianBlurFactory(), "radius = -1"));
    }
}
