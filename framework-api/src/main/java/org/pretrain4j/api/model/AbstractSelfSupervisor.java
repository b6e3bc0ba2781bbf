package org.pretrain4j.api.model;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of self-supervised algorithms, the counterpart of mmpretrain's {@code BaseSelfSupervisor}: a backbone, an
 * optional neck and an optional head, registered as the child blocks {@code backbone}, {@code neck} and {@code head}
 * so that checkpoint keys read {@code backbone.layer1.0.conv1.weight} as in mmpretrain. A subclass implements only
 * {@link #loss}; the three modes are:
 *
 * <ul>
 *   <li>the block's own forward pass ({@code mode='tensor'}) and {@link #extractFeat}: the backbone's outputs;
 *   <li>{@link #loss} ({@code mode='loss'}): the algorithm itself;
 *   <li>{@link #predict}: the extracted features too, since a pre-training algorithm has no predictions of its own.
 *       That is what feature extraction and later linear probing consume; a runner that expects class scores (a
 *       {@code val_dataloader} with an {@code Accuracy} metric) does not apply, so self-supervised configs leave
 *       validation out.
 * </ul>
 *
 * <p>Initialisation runs the backbone on the given input shape, then the neck on the backbone's output shapes, then
 * the head via {@link #initializeHead} on the neck's (or backbone's) output shapes; override that hook when the head
 * consumes something else, e.g. reconstructed patches together with the images.
 *
 * @param <H> the head's type: a {@link Head} for classification-like pretext tasks, or any block with its own loss
 *     method (a reconstruction head, say)
 */
public abstract class AbstractSelfSupervisor<H extends Block> extends AbstractBlock implements SelfSupervisor {
    private static final byte VERSION = 1;

    private final Backbone backbone;
    private final Neck neck;
    private final H head;

    /**
     * Registers the children.
     *
     * @param backbone the feature extractor
     * @param neck the neck, or null
     * @param head the head, or null when {@link #loss} needs none
     */
    protected AbstractSelfSupervisor(Backbone backbone, Neck neck, H head) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", requireNonNull(backbone, "backbone is null"));
        this.neck = neck == null ? null : addChildBlock("neck", neck);
        this.head = head == null ? null : addChildBlock("head", head);
    }

    /**
     * The backbone.
     *
     * @return the backbone, the part kept after pre-training
     */
    public final Backbone backbone() {
        return backbone;
    }

    /**
     * The neck.
     *
     * @return the neck, or null
     */
    public final Neck neck() {
        return neck;
    }

    /**
     * The head.
     *
     * @return the head, or null
     */
    public final H head() {
        return head;
    }

    // tag::extract-feat[]
    /**
     * mmpretrain's {@code extract_feat}: the backbone's outputs for one batch, run in inference mode (no masking, no
     * batch-norm statistics updates).
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch {@code (N, C, H, W)}
     * @return the backbone's stage outputs
     */
    @Override
    public NDList extractFeat(ParameterStore parameterStore, NDList inputs) {
        return backbone.forward(parameterStore, inputs, false);
    }
    // end::extract-feat[]

    /**
     * Runs backbone and, when present, neck in training or inference mode; the usual first half of {@link #loss}.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @param training whether this is a training pass
     * @return the neck's outputs, or the backbone's when there is no neck
     */
    protected NDList neckFeatures(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDList feats = backbone.forward(parameterStore, inputs, training);
        return neck == null ? feats : neck.forward(parameterStore, feats, training);
    }

    /**
     * Runs the algorithm on a training batch and computes its losses (mmpretrain's {@code mode='loss'}).
     *
     * @param parameterStore where parameters are read from
     * @param inputs the batch's views, normalised by the data preprocessor, then its masks when the pipeline made
     *     some (see {@link SelfSupervisor} for the layout, {@link SelfSupervisor#views} and
     *     {@link SelfSupervisor#mask})
     * @param targets empty: the runner passes no labels to a self-supervised model, even when the dataset has them
     * @return the named losses
     */
    @Override
    public abstract LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets);

    /**
     * The extracted features, as {@link #extractFeat}: a pre-training algorithm predicts no classes.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @return the backbone's stage outputs
     */
    @Override
    public NDList predict(ParameterStore parameterStore, NDList inputs) {
        return extractFeat(parameterStore, inputs);
    }

    /**
     * The plain forward pass ({@code mode='tensor'}): the backbone's outputs.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @param training whether this is a training pass
     * @param params unused
     * @return the backbone's stage outputs
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return backbone.forward(parameterStore, inputs, training);
    }

    /**
     * The backbone's output shapes, matching {@link #forwardInternal}.
     *
     * @param inputShapes {@code [(N, C, H, W)]}
     * @return the backbone's stage output shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return backbone.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] shapes = backbone.getOutputShapes(inputShapes);
        if (neck != null) {
            neck.initialize(manager, dataType, shapes);
            shapes = neck.getOutputShapes(shapes);
        }
        if (head != null) {
            initializeHead(manager, dataType, inputShapes, shapes);
        }
    }

    /**
     * Initialises the head; by default on the features it is fed in {@link #neckFeatures}.
     *
     * @param manager the manager parameters are created in
     * @param dataType the parameters' data type
     * @param inputShapes the model's input shapes
     * @param featureShapes the neck's output shapes, or the backbone's when there is no neck
     */
    protected void initializeHead(NDManager manager, DataType dataType, Shape[] inputShapes, Shape[] featureShapes) {
        head.initialize(manager, dataType, featureShapes);
    }
}
