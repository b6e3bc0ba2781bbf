package org.pretrain4j.core.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.DataException;
import org.pretrain4j.api.config.ConfigView;

/**
 * mmpretrain's {@code ClsDataPreprocessor}: 8-bit batch to float, optional BGR-to-RGB flip ({@code to_rgb}), then
 * {@code (x - mean) / std} with mean and std on the 0–255 scale; class indices to int64, or to one-hot rows when
 * {@code to_onehot} is set (batch augments need it). Multi-label batches bring their multi-hot rows along.
 */
public final class ClsDataPreprocessor {
    private final Normalization normalization;
    private final int numClasses;

    /**
     * Creates a preprocessor.
     *
     * @param mean per-channel mean on the 0–255 scale in RGB order, or null for no normalisation
     * @param std per-channel std, or null
     * @param toRgb whether to reverse the channel order of 3-channel input first
     * @param numClasses classes for one-hot targets, or -1 when unknown
     */
    public ClsDataPreprocessor(float[] mean, float[] std, boolean toRgb, int numClasses) {
        this(new Normalization(mean, std, toRgb), numClasses);
    }

    /** A preprocessor with a normalisation already read, e.g. {@link SelfSupDataPreprocessor#forSingleImages}'s. */
    ClsDataPreprocessor(Normalization normalization, int numClasses) {
        this.normalization = normalization;
        this.numClasses = numClasses;
    }

    /**
     * Reads mmpretrain's {@code data_preprocessor} section (all keys optional).
     *
     * @param view the section, or null for no normalisation
     * @param defaultNumClasses used when the section gives no {@code num_classes}
     * @return the preprocessor
     */
    public static ClsDataPreprocessor fromConfig(ConfigView view, int defaultNumClasses) {
        if (view == null) {
            return new ClsDataPreprocessor(null, null, false, defaultNumClasses);
        }
        view.getString("type", "ClsDataPreprocessor");
        Normalization normalization = Normalization.fromConfig(view);
        int numClasses = view.getInt("num_classes", defaultNumClasses);
        view.getBoolean("to_onehot", false);
        view.checkNoUnknownKeys();
        return new ClsDataPreprocessor(normalization, numClasses);
    }

    /**
     * The number of classes for one-hot targets.
     *
     * @return the count, or -1 when unknown
     */
    public int numClasses() {
        return numClasses;
    }

    /**
     * Normalises a batch's images.
     *
     * @param batch the collated batch
     * @param manager where the tensor is created (the step's manager)
     * @return float32 {@code (N, C, H, W)}
     * @throws DataException if the batch has several views, which a classifier cannot take
     */
    public NDArray inputs(HostBatch batch, NDManager manager) {
        if (batch.viewCount() > 1) {
            throw new DataException("the pipeline makes " + batch.viewCount() + " views of each image (MultiView), "
                    + "but a classifier takes one; MultiView is for self-supervised models, which use "
                    + "SelfSupDataPreprocessor");
        }
        return normalization.apply(batch.pixels(),
                new Shape(batch.n(), batch.channels(), batch.height(), batch.width()), manager);
    }

    /**
     * The batch's targets: class indices for single-label data, the multi-hot rows for multi-label data.
     *
     * @param batch the collated batch
     * @param manager where the tensor is created
     * @return int64 {@code (N,)}, or float32 {@code (N, classes)} when the batch carries dense targets
     */
    public NDArray targets(HostBatch batch, NDManager manager) {
        if (batch.targets() != null) {
            return Uploads.floats(batch.targets(), new Shape(batch.n(), batch.targetClasses()), manager);
        }
        long[] labels = new long[batch.n()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = batch.labels()[i];
        }
        return Uploads.longs(labels, manager);
    }

    /**
     * Dense targets for batch augments: class indices become one-hot rows; dense (multi-hot) targets pass unchanged.
     *
     * @param labels int64 class indices {@code (N)}, or dense targets {@code (N, classes)}
     * @return float32 {@code (N, classes)}
     */
    public NDArray oneHot(NDArray labels) {
        if (labels.getShape().dimension() == 2) {
            return labels;
        }
        if (numClasses <= 0) {
            throw new org.pretrain4j.api.config.ConfigException("data_preprocessor.num_classes", "",
                    "batch augments need the number of classes; set data_preprocessor.num_classes");
        }
        return labels.oneHot(numClasses);
    }
}
