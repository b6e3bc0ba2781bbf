package org.pretrain4j.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.SelfSupervisor;

/**
 * mmpretrain's {@code SelfSupDataPreprocessor}, the default of self-supervised models: the normalisation of
 * {@link ClsDataPreprocessor} ({@code to_rgb} flip, {@code (x - mean) / std} on the 0–255 scale) applied to every
 * view of a batch, and no labels. The model's inputs are the views in order, then, when the samples carry masks, the
 * masks as float32 {@code (N, h, w)} named {@value SelfSupervisor#MASK} (see {@link SelfSupervisor}).
 */
public final class SelfSupDataPreprocessor {
    /** The type name configs use. */
    public static final String NAME = "SelfSupDataPreprocessor";

    private final Normalization normalization;

    /**
     * Creates a preprocessor.
     *
     * @param mean per-channel mean on the 0–255 scale in RGB order, or null for no normalisation
     * @param std per-channel std, or null
     * @param toRgb whether to reverse the channel order of 3-channel input first
     */
    public SelfSupDataPreprocessor(float[] mean, float[] std, boolean toRgb) {
        this(new Normalization(mean, std, toRgb));
    }

    private SelfSupDataPreprocessor(Normalization normalization) {
        this.normalization = normalization;
    }

    /**
     * Reads a {@code data_preprocessor} section: {@code mean}, {@code std}, {@code to_rgb}, all optional. A
     * {@code num_classes} key is accepted and ignored, so that a dataset base written for classifiers (which sets it
     * for batch augments) can be shared; every other key is an error.
     *
     * @param view the section, or null for no normalisation
     * @return the preprocessor
     */
    public static SelfSupDataPreprocessor fromConfig(ConfigView view) {
        if (view == null) {
            return new SelfSupDataPreprocessor(null, null, false);
        }
        view.getString("type", NAME);
        Normalization normalization = Normalization.fromConfig(view);
        view.getInt("num_classes", -1);
        view.checkNoUnknownKeys();
        return new SelfSupDataPreprocessor(normalization);
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
     */
    public NDList inputs(HostBatch batch, NDManager manager) {
        NDList inputs = new NDList(batch.viewCount() + 1);
        inputs.add(normalization.apply(batch.pixels(),
                new Shape(batch.n(), batch.channels(), batch.height(), batch.width()), manager));
        for (HostBatch.View v : batch.extraViews()) {
            inputs.add(normalization.apply(v.pixels(), new Shape(batch.n(), v.channels(), v.height(), v.width()),
                    manager));
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
