package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Scalars;

/**
 * mmpretrain's {@code ArcFaceClsHead} (ArcFace, and Sub-center ArcFace with {@code num_subcenters > 1}): the logits
 * are {@code scale * cos(theta)}, the cosines between normalised features and normalised class centres
 * ({@code norm_product.weight}, its classifier layer). For the loss, the target class's cosine becomes {@code cos(theta + m)} with that
 * class's margin {@code m}; where {@code theta + m} would pass pi the curve continues as
 * {@code cos(theta) - m sin(m)} (threshold {@code cos(theta) > -cos(m)}), or, with {@code easy_margin}, the margin
 * applies only where {@code cos(theta) > 0}.
 *
 * <p>The forward pass returns {@code (scale * cosine, cosine)}: predictions use the first (mmpretrain's inference
 * logits), the loss adds the margin to the second. The margin needs class indices, so dense targets from batch
 * mixing are rejected.
 */
public final class ArcFaceClsHead extends ClsHead {
    private final int numClasses;
    private final float scale;
    private final float[] margins;
    private final float[] sinmM;
    private final float[] threshold;
    private final boolean easyMargin;

    /**
     * Creates the head from its typed config and a loss already built.
     *
     * @param config the typed config
     * @param loss the loss built from {@code config.loss()}
     */
    public ArcFaceClsHead(ArcFaceClsHeadConfig config, Loss loss) {
        // mmpretrain's ArcFaceClsHead takes no topk or cal_acc: its loss term is the loss alone.
        super(loss, new SingleLabel(List.of(1), false));
        requireNonNull(config, "config is null");
        this.numClasses = config.numClasses();
        this.scale = (float) config.scale();
        this.easyMargin = config.easyMargin();
        this.margins = new float[numClasses];
        this.sinmM = new float[numClasses];
        this.threshold = new float[numClasses];
        for (int c = 0; c < numClasses; c++) {
            float m = config.margins().get(c).floatValue();
            margins[c] = m;
            // mmpretrain computes these in float32 from the float32 margin: sin(pi - m) * m and cos(pi - m).
            sinmM[c] = (float) (Math.sin(Math.PI - m) * m);
            threshold[c] = (float) Math.cos(Math.PI - m);
        }
        setClassifier("norm_product", new NormProduct(config.inChannels(), numClasses, config.numSubcenters()),
                config.inChannels(), numClasses);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray cosine = super.forwardInternal(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(cosine.mul(Scalars.of(cosine, scale)), cosine);
    }

    /**
     * Two outputs of the logits' shape: the scaled cosines and the cosines.
     *
     * @param inputShapes the feature shapes
     * @return {@code [(N, classes), (N, classes)]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape logits = super.getOutputShapes(inputShapes)[0];
        return new Shape[] {logits, logits};
    }

    /**
     * Computes the loss on the margin-adjusted logits, with {@code avg_factor = N}.
     *
     * @param predictions what the training forward pass returned: {@code (scale * cosine, cosine)}
     * @param target class indices {@code (N)}
     * @return {@code loss}
     * @throws Pretrain4jException for dense targets, or predictions without the cosines
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        requireNonNull(predictions, "predictions is null");
        requireNonNull(target, "target is null");
        if (predictions.size() != 2) {
            throw new Pretrain4jException(ArcFaceClsHeadFactory.NAME + ".loss needs its forward pass's two outputs "
                    + "(scaled cosines, cosines), got " + predictions.size());
        }
        if (target.getShape().dimension() != 1) {
            throw new Pretrain4jException(ArcFaceClsHeadFactory.NAME + " adds its margin at the target class and "
                    + "needs class indices; batch augments that mix labels (Mixup, CutMix) do not fit it");
        }
        return super.loss(new NDList(marginLogits(predictions.get(1), target)), target);
    }

    /** mmpretrain's {@code _get_logit_with_margin}, times the scale. */
    private NDArray marginLogits(NDArray cosine, NDArray target) {
        NDManager m = cosine.getManager();
        NDArray margin = m.create(margins);
        NDArray phi = cosine.acos().add(margin).cos();
        if (easyMargin) {
            phi = NDArrays.where(cosine.gt(0f), phi, cosine);
        } else {
            phi = NDArrays.where(cosine.gt(m.create(threshold)), phi, cosine.sub(m.create(sinmM)));
        }
        NDArray oneHot = target.toType(DataType.INT64, false).oneHot(numClasses, cosine.getDataType());
        return cosine.add(oneHot.mul(phi.sub(cosine))).mul(Scalars.of(cosine, scale));
    }
}
