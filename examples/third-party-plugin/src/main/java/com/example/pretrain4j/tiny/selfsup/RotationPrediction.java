package com.example.pretrain4j.tiny.selfsup;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;

/**
 * Rotation prediction (Gidaris et al., 2018): every image of the batch is shown at 0, 90, 180 and 270 degrees, and
 * the head, a four-class classifier on the pooled backbone features, is trained to tell which rotation it sees. To
 * get that right the backbone has to recognise what is upright, so it learns about object shape without labels.
 *
 * <p>The dataset's class labels are ignored; the targets are the rotation indices {@code 0..3}.
 */
public final class RotationPrediction extends AbstractSelfSupervisor<Head> {
    /** The number of rotations, and so the number of classes the head must predict. */
    public static final int ROTATIONS = 4;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the feature extractor being pre-trained
     * @param neck turns stage outputs into feature vectors (e.g. global pooling), or null
     * @param head a classification head with {@value #ROTATIONS} classes and its loss
     */
    public RotationPrediction(Backbone backbone, Neck neck, Head head) {
        super(backbone, neck, requireHead(head));
    }

    private static Head requireHead(Head head) {
        if (head == null) {
            throw new Pretrain4jException("RotationPrediction needs a head that predicts the " + ROTATIONS
                    + " rotations");
        }
        return head;
    }

    // tag::selfsup-loss[]
    /**
     * Rotates the batch four ways, classifies the rotations and returns the head's loss.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch {@code (N, C, H, W)} with {@code H == W}
     * @param targets ignored: the rotation indices are the targets
     * @return the head's {@code loss}
     */
    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        NDArray images = inputs.get(0);
        NDArray rotated = rotations(images);
        NDArray labels = rotationLabels(images.getManager(), images.getShape().get(0));
        NDList feats = neckFeatures(parameterStore, new NDList(rotated), true);
        NDList predictions = head().forward(parameterStore, feats, true);
        return head().loss(predictions, labels);
    }
    // end::selfsup-loss[]

    /**
     * The batch at all four rotations, stacked along the batch axis: rotation {@code k} of image {@code i} is row
     * {@code k·N + i}.
     *
     * @param images {@code (N, C, H, W)} with {@code H == W}
     * @return {@code (4N, C, H, W)}
     */
    public static NDArray rotations(NDArray images) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4 || shape.get(2) != shape.get(3)) {
            throw new Pretrain4jException("RotationPrediction needs square image batches (N, C, H, H) so that "
                    + "rotated images stack; got " + shape + ". Crop or resize the images to a square.");
        }
        int[] spatial = {2, 3};
        NDList views = new NDList(ROTATIONS);
        views.add(images);
        for (int k = 1; k < ROTATIONS; k++) {
            views.add(images.rotate90(k, spatial));
        }
        return NDArrays.concat(views, 0);
    }

    /**
     * The targets matching {@link #rotations}: {@code N} zeros, {@code N} ones, {@code N} twos, {@code N} threes.
     *
     * @param manager where the labels are created
     * @param batch the batch size {@code N}
     * @return int64 labels {@code (4N)}
     */
    public static NDArray rotationLabels(NDManager manager, long batch) {
        return manager.arange(0, ROTATIONS, 1, DataType.INT64).reshape(ROTATIONS, 1)
                .repeat(1, batch).reshape(-1);
    }

    /** Checks, once, that the head really predicts four classes; a wrong num_classes would fail obscurely later. */
    @Override
    protected void initializeHead(NDManager manager, DataType dataType, Shape[] inputShapes, Shape[] featureShapes) {
        super.initializeHead(manager, dataType, inputShapes, featureShapes);
        Shape out = head().getOutputShapes(featureShapes)[0];
        if (out.getLastDimension() != ROTATIONS) {
            throw new Pretrain4jException(RotationPredictionFactory.NAME + ": the head must predict " + ROTATIONS
                    + " rotations (num_classes = " + ROTATIONS + "), but it outputs " + out);
        }
    }
}
