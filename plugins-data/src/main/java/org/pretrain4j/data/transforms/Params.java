package org.pretrain4j.data.transforms;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.data.transforms.ImageOps.Interpolation;

/** Config readers and documentation shared by several transforms, so each key is parsed one way everywhere. */
final class Params {
    /** Documentation of {@code interpolation}. */
    static final ParamDoc INTERPOLATION_DOC = ParamDoc.optional("interpolation", "string", "\"bilinear\"",
            "Resize kernel: nearest, bilinear, bicubic or lanczos (OpenCV conventions; see ImageOps).");
    /** Documentation of {@code backend}. */
    static final ParamDoc BACKEND_DOC = ParamDoc.optional("backend", "string", "\"cv2\"",
            "cv2 or pillow; accepted for config portability. Resizing always follows OpenCV's conventions, so "
                    + "pillow's anti-aliased shrinking is not reproduced.");

    private Params() {}

    /**
     * Reads a size given as one integer (square) or a two-element list.
     *
     * @param config the config
     * @param key the key, required
     * @return the two values in the order written (a single value twice)
     */
    static int[] pair(ConfigView config, String key) {
        if (!config.has(key)) {
            throw config.error(key, "missing required key '" + key + "' (expected an integer or a list of two)");
        }
        List<Integer> values = config.getIntList(key, List.of());
        if (values.size() != 1 && values.size() != 2) {
            throw config.error(key, "expected an integer or a list of two integers, got " + values);
        }
        int a = values.get(0);
        int b = values.get(values.size() - 1);
        if (a <= 0 || b <= 0) {
            throw config.error(key, "expected positive sizes, got " + values);
        }
        return new int[] {a, b};
    }

    /**
     * Reads a {@code [min, max]} range.
     *
     * @param config the config
     * @param key the key
     * @param min the default minimum
     * @param max the default maximum
     * @return the range
     */
    static double[] range(ConfigView config, String key, double min, double max) {
        List<Double> values = config.getDoubleList(key, List.of(min, max));
        if (values.size() != 2 || values.get(0) > values.get(1)) {
            throw config.error(key, "expected [min, max] with min <= max, got " + values);
        }
        return new double[] {values.get(0), values.get(1)};
    }

    /**
     * Reads {@code interpolation}.
     *
     * @param config the config
     * @return the kernel
     */
    static Interpolation interpolation(ConfigView config) {
        return interpolation(config, "interpolation", Interpolation.BILINEAR);
    }

    /**
     * Reads a resize kernel by its mmcv name.
     *
     * @param config the config
     * @param key the key
     * @param fallback the kernel when the key is absent
     * @return the kernel
     */
    static Interpolation interpolation(ConfigView config, String key, Interpolation fallback) {
        String[] names = Arrays.stream(Interpolation.values()).map(Interpolation::key)
                .toArray(String[]::new);
        String s = config.getEnum(key, fallback.key(), names);
        return Interpolation.valueOf(s.toUpperCase(Locale.ROOT));
    }

    /**
     * Reads {@code backend}.
     *
     * @param config the config
     * @return {@code cv2} or {@code pillow}
     */
    static String backend(ConfigView config) {
        return config.getEnum("backend", "cv2", "cv2", "pillow");
    }

    /**
     * Draws uniformly from {@code [lo, hi)}, as {@code numpy.random.uniform}.
     *
     * @param random the source
     * @param lo the lower bound
     * @param hi the upper bound
     * @return the draw
     */
    static double uniform(java.util.random.RandomGenerator random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    /**
     * Picks the value of a per-channel list for one channel; a one-element list applies to every channel.
     *
     * @param values the list
     * @param channel the channel
     * @return the value
     */
    static double perChannel(double[] values, int channel) {
        return values[values.length == 1 ? 0 : Math.min(channel, values.length - 1)];
    }
}
