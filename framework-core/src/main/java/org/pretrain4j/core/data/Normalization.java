package org.pretrain4j.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/**
 * The image part of mmengine's {@code ImgDataPreprocessor}, which both data preprocessors share: 8-bit NCHW batch to
 * float, optional BGR-to-RGB flip of 3-channel input ({@code to_rgb}), then {@code (x - mean) / std} with mean and
 * std on the 0–255 scale.
 */
final class Normalization {
    private final float[] mean;
    private final float[] std;
    private final boolean toRgb;
    /** The config key of the mean, named in errors ({@code mean}, or {@code second_mean} for a second view). */
    private final String meanKey;

    /**
     * Creates a normalisation.
     *
     * @param mean per-channel mean on the 0–255 scale in RGB order, or null for no normalisation
     * @param std per-channel std, or null
     * @param toRgb whether to reverse the channel order of 3-channel input first
     */
    Normalization(float[] mean, float[] std, boolean toRgb) {
        this(mean, std, toRgb, "mean");
    }

    private Normalization(float[] mean, float[] std, boolean toRgb, String meanKey) {
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
        this.toRgb = toRgb;
        this.meanKey = meanKey;
    }

    /**
     * Reads {@code mean}, {@code std} and {@code to_rgb}.
     *
     * @param view the preprocessor's section
     * @return the normalisation
     * @throws ConfigException if only one of mean and std is given, their lengths differ or a std is not positive
     */
    static Normalization fromConfig(ConfigView view) {
        return fromConfig(view, "mean", "std", view.getBoolean("to_rgb", false));
    }

    /**
     * Reads a mean and std under the given keys, e.g. {@code TwoNormDataPreprocessor}'s {@code second_mean} and
     * {@code second_std}.
     *
     * @param view the preprocessor's section
     * @param meanKey the mean's key
     * @param stdKey the std's key
     * @param toRgb whether to reverse the channel order of 3-channel input first
     * @return the normalisation; none when both keys are absent
     * @throws ConfigException if only one of mean and std is given, their lengths differ or a std is not positive
     */
    static Normalization fromConfig(ConfigView view, String meanKey, String stdKey, boolean toRgb) {
        List<Double> mean = view.getDoubleList(meanKey, null);
        List<Double> std = view.getDoubleList(stdKey, null);
        if ((mean == null) != (std == null) || mean != null && mean.size() != std.size()) {
            throw view.error(mean == null ? meanKey : stdKey, meanKey + " and " + stdKey + " must be given together, "
                    + "with one value per channel");
        }
        if (std != null && std.stream().anyMatch(s -> s <= 0)) {
            throw view.error(stdKey, "expected positive values, got " + std);
        }
        return new Normalization(toArray(mean), toArray(std), toRgb, meanKey);
    }

    /**
     * Tells whether this normalisation subtracts and divides at all.
     *
     * @return true when a mean and std were given
     */
    boolean normalizes() {
        return mean != null;
    }

    private static float[] toArray(List<Double> values) {
        if (values == null) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    /**
     * Normalises one stacked view.
     *
     * @param pixels {@code n * channels * height * width} unsigned bytes, NCHW
     * @param shape {@code (n, channels, height, width)}
     * @param manager where the tensor is created (the step's manager)
     * @return float32 {@code (N, C, H, W)}
     * @throws ConfigException if the mean has another number of channels than the images
     */
    NDArray apply(byte[] pixels, Shape shape, NDManager manager) {
        long channels = shape.get(1);
        NDArray x;
        try (NDArray raw = Uploads.bytes(pixels, shape, DataType.UINT8, manager)) {
            x = raw.toType(DataType.FLOAT32, false);
        }
        if (toRgb && channels == 3) {
            x = x.flip(1);
        }
        if (mean != null) {
            if (mean.length != channels) {
                throw new ConfigException("data_preprocessor." + meanKey, "",
                        "has " + mean.length + " values but the images have " + channels + " channels");
            }
            Shape perChannel = new Shape(1, mean.length, 1, 1);
            x = x.sub(Uploads.floats(mean, perChannel, manager)).div(Uploads.floats(std, perChannel, manager));
        }
        return x;
    }
}
