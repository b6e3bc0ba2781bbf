package org.pretrain4j.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * mmpretrain's {@code SelfSupDataPreprocessor}, the default of self-supervised models: the normalisation of
 * {@link ClsDataPreprocessor} ({@code to_rgb} flip, {@code (x - mean) / std} on the 0–255 scale) applied to every
 * view of a batch, and no labels. The model's inputs are the views in order, then, when the samples carry masks, the
 * masks as float32 {@code (N, h, w)} named {@value SelfSupervisor#MASK} (see {@link SelfSupervisor}).
 *
 * <p>Also mmpretrain's {@code TwoNormDataPreprocessor} ({@value #TWO_NORM_NAME}, BEiT and CAE): exactly two views,
 * the first normalised by {@code mean} and {@code std}, the second (the tokenizer's picture, see
 * {@code RandomResizedCropAndInterpolationWithTwoPic}) by its own {@code second_mean} and {@code second_std};
 * {@code to_rgb} applies to both.
 */
public final class SelfSupDataPreprocessor {
    /** The type name configs use. */
    public static final String NAME = "SelfSupDataPreprocessor";
    /** The type name of the two-normalisation variant. */
    public static final String TWO_NORM_NAME = "TwoNormDataPreprocessor";

    private final Normalization normalization;
    /** The second view's normalisation ({@value #TWO_NORM_NAME}), or null when every view shares the first. */
    private final Normalization second;

    /**
     * Creates a preprocessor.
     *
     * @param mean per-channel mean on the 0–255 scale in RGB order, or null for no normalisation
     * @param std per-channel std, or null
     * @param toRgb whether to reverse the channel order of 3-channel input first
     */
    public SelfSupDataPreprocessor(float[] mean, float[] std, boolean toRgb) {
        this(new Normalization(mean, std, toRgb), null);
    }

    /**
     * Creates a {@value #TWO_NORM_NAME}.
     *
     * @param mean the first view's per-channel mean on the 0–255 scale in RGB order
     * @param std the first view's per-channel std
     * @param secondMean the second view's mean
     * @param secondStd the second view's std
     * @param toRgb whether to reverse the channel order of 3-channel input first
     * @return the preprocessor
     */
    public static SelfSupDataPreprocessor twoNorm(float[] mean, float[] std, float[] secondMean, float[] secondStd,
            boolean toRgb) {
        return new SelfSupDataPreprocessor(new Normalization(mean, std, toRgb),
                new Normalization(secondMean, secondStd, toRgb));
    }

    private SelfSupDataPreprocessor(Normalization normalization, Normalization second) {
        this.normalization = normalization;
        this.second = second;
    }

    /**
     * Reads a {@code data_preprocessor} section: {@code mean}, {@code std}, {@code to_rgb}, all optional, and for
     * {@code type = }{@value #TWO_NORM_NAME} the required {@code second_mean} and {@code second_std} (then
     * {@code mean} and {@code std} are required too). A {@code num_classes} key is accepted and ignored, so that a
     * dataset base written for classifiers (which sets it for batch augments) can be shared; every other key is an
     * error.
     *
     * @param view the section, or null for no normalisation
     * @return the preprocessor
     */
    public static SelfSupDataPreprocessor fromConfig(ConfigView view) {
        if (view == null) {
            return new SelfSupDataPreprocessor(null, null, false);
        }
        String type = view.getEnum("type", NAME, NAME, TWO_NORM_NAME);
        Normalization normalization = Normalization.fromConfig(view);
        Normalization secondNorm = null;
        if (type.equals(TWO_NORM_NAME)) {
            secondNorm = Normalization.fromConfig(view, "second_mean", "second_std", view.getBoolean("to_rgb", false));
            if (!secondNorm.normalizes() || !normalization.normalizes()) {
                throw view.error(secondNorm.normalizes() ? "mean" : "second_mean", TWO_NORM_NAME + " normalises the "
                        + "first view by mean and std and the second by second_mean and second_std; give all four");
            }
        }
        view.getInt("num_classes", -1);
        view.checkNoUnknownKeys();
        return new SelfSupDataPreprocessor(normalization, secondNorm);
    }

    /**
     * The same normalisation for single images, the way a pre-trained backbone is evaluated (feature extraction,
     * k-NN): one view per image and no targets.
     *
     * @return a classifier preprocessor with this normalisation and an unknown class count
     */
    public ClsDataPreprocessor forSingleImages() {
        return new ClsDataPreprocessor(normalization, -1);
    }

    /**
     * The model's inputs for a batch.
     *
     * @param batch the collated batch
     * @param manager where the tensors are created (the step's manager)
     * @return each view normalised to float32 {@code (N, C, H, W)}, then the masks when the batch has them
     * @throws DataException if this is a {@value #TWO_NORM_NAME} and the batch has not exactly two views
     */
    public NDList inputs(HostBatch batch, NDManager manager) {
        if (second != null && batch.viewCount() != 2) {
            throw new DataException(TWO_NORM_NAME + " normalises two views of each image, but the pipeline makes "
                    + batch.viewCount() + "; make the second with RandomResizedCropAndInterpolationWithTwoPic and its "
                    + "second_size");
        }
        NDList inputs = new NDList(batch.viewCount() + 1);
        inputs.add(normalization.apply(batch.pixels(),
                new Shape(batch.n(), batch.channels(), batch.height(), batch.width()), manager));
        for (HostBatch.View v : batch.extraViews()) {
            inputs.add((second != null ? second : normalization).apply(v.pixels(),
                    new Shape(batch.n(), v.channels(), v.height(), v.width()), manager));
        }
        HostBatch.Masks masks = batch.masks();
        if (masks != null) {
            NDArray m;
            try (NDArray raw = Uploads.bytes(masks.values(), new Shape(batch.n(), masks.height(), masks.width()),
                    DataType.UINT8, manager)) {
                m = raw.toType(DataType.FLOAT32, false);
            }
            m.setName(SelfSupervisor.MASK);
            inputs.add(m);
        }
        return inputs;
    }
}
