package org.pretrain4j.core.retriever;

import org.pretrain4j.core.build.ComponentChain;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.TaskModel;

/**
 * mmpretrain's {@code ImageToImageRetriever}: an {@code image_encoder} turns images into vectors, which are matched
 * against a gallery (the {@code prototype}) by a similarity; an optional {@code head} (e.g. {@code ArcFaceClsHead})
 * trains the encoder.
 *
 * <ul>
 *   <li>forward ({@code mode='tensor'}): the encoder's outputs;
 *   <li>{@link #loss}: the head's loss on the encoder's outputs;
 *   <li>{@link #predict}: {@code (scores (N, gallery), indices (N, k))}: every gallery item's similarity, and the
 *       {@code topk} best gallery rows, best first ({@code topk = -1}: all).
 * </ul>
 *
 * <p>The gallery is encoded once and cached. A dataloader prototype is encoded again after any training-mode forward
 * pass (its vectors depend on the weights), so validation during training always searches a fresh gallery; call
 * {@link #resetPrototype()} after changing the weights by other means.
 */
public final class ImageToImageRetriever extends AbstractBlock implements TaskModel {
    private final Block encoder;
    private final Head head;
    private final Similarity similarity;
    private final int topk;
    private final Prototype prototype;
    private PrototypeEncoder loaderEncoder;
    private NDManager manager;
    private Gallery gallery;
    private boolean stale = true;

    /**
     * Assembles a retriever.
     *
     * @param encoder image batch to features, e.g. an {@link ComponentChain} of a backbone and a pooling neck
     * @param head the training head, or null (then the model cannot compute a loss)
     * @param similarity how queries are scored against the gallery
     * @param topk how many gallery rows {@link #predict} returns per query, or -1 for all
     * @param prototype where the gallery comes from
     */
    public ImageToImageRetriever(Block encoder, Head head, Similarity similarity, int topk, Prototype prototype) {
        super((byte) 1);
        this.encoder = addChildBlock("image_encoder", requireNonNull(encoder, "encoder is null"));
        this.head = head == null ? null : addChildBlock("head", head);
        this.similarity = requireNonNull(similarity, "similarity is null");
        if (topk != -1 && topk < 1) {
            throw new IllegalArgumentException("topk must be -1 (all) or positive, got " + topk);
        }
        this.topk = topk;
        this.prototype = requireNonNull(prototype, "prototype is null");
    }

    /**
     * The image encoder.
     *
     * @return the block under {@code image_encoder}
     */
    public Block imageEncoder() {
        return encoder;
    }

    /**
     * The training head.
     *
     * @return the head, or empty
     */
    public Optional<Head> head() {
        return Optional.ofNullable(head);
    }

    /**
     * The similarity the gallery is searched with.
     *
     * @return the similarity
     */
    public Similarity similarity() {
        return similarity;
    }

    /**
     * Where the gallery comes from.
     *
     * @return the prototype
     */
    public Prototype prototype() {
        return prototype;
    }

    /**
     * Supplies the encoder of a dataloader prototype; the runner calls this once it can build data loaders.
     *
     * @param prototypeEncoder encodes the prototype's images
     */
    public void bindPrototypeEncoder(PrototypeEncoder prototypeEncoder) {
        this.loaderEncoder = requireNonNull(prototypeEncoder, "prototypeEncoder is null");
        stale = true;
    }

    /**
     * Forgets the cached gallery so that the next search prepares it again: mmpretrain's
     * {@code PrepareProtoBeforeValLoopHook}, for weights changed other than by a training forward pass (e.g. a
     * checkpoint loaded after the first search).
     */
    public void resetPrototype() {
        stale = true;
    }

    /**
     * The gallery, prepared on first use and again after the weights may have changed.
     *
     * @return the gallery, owned by this model
     * @throws Pretrain4jException if the model is not initialised, or a dataloader prototype has no encoder bound
     */
    public Gallery gallery() {
        if (gallery != null && !stale) {
            return gallery;
        }
        if (manager == null) {
            throw new Pretrain4jException("initialize the ImageToImageRetriever before searching its gallery");
        }
        Features vectors = loadPrototype();
        if (gallery != null) {
            gallery.close();
        }
        gallery = new Gallery(vectors, similarity, manager);
        stale = false;
        return gallery;
    }

    private Features loadPrototype() {
        if (prototype instanceof Prototype.Inline inline) {
            return inline.features();
        }
        if (prototype instanceof Prototype.File file) {
            return Features.read(file.path());
        }
        if (loaderEncoder == null) {
            throw new Pretrain4jException("model.prototype is a dataloader config, which a runner encodes: run the "
                    + "model through pretrain4j (test, train, retrieve) or call bindPrototypeEncoder first");
        }
        return loaderEncoder.encode(this);
    }

    /**
     * Encodes images into the vectors the gallery is searched with: the encoder's last output, in inference mode.
     *
     * @param parameterStore where parameters are read from
     * @param images one preprocessed image batch {@code (N, C, H, W)}
     * @return {@code (N, dim)}
     * @throws Pretrain4jException if the encoder does not end in vectors
     */
    public NDArray features(ParameterStore parameterStore, NDArray images) {
        NDList out = encoder.forward(parameterStore, new NDList(images), false);
        NDArray last = out.get(out.size() - 1);
        if (last.getShape().dimension() != 2) {
            throw new Pretrain4jException("the image_encoder ends in shape " + last.getShape() + ", but retrieval "
                    + "needs vectors (N, dim): end image_encoder with a pooling neck, e.g. { type = "
                    + "GlobalAveragePooling }");
        }
        return last;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training && prototype instanceof Prototype.Loader) {
            stale = true;
        }
        return encoder.forward(parameterStore, inputs, training);
    }

    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        if (head == null) {
            throw new Pretrain4jException("this ImageToImageRetriever has no head, so it cannot compute a loss; add "
                    + "model.head to the config, e.g. { type = ArcFaceClsHead, ... }");
        }
        if (targets.isEmpty()) {
            throw new Pretrain4jException("ImageToImageRetriever.loss needs class targets, got none");
        }
        NDList feats = forward(parameterStore, inputs, true);
        return head.loss(head.forward(parameterStore, feats, true), targets.get(0));
    }

    @Override
    public NDList predict(ParameterStore parameterStore, NDList inputs) {
        Gallery g = gallery();
        NDArray scores = g.scores(features(parameterStore, inputs.singletonOrThrow()));
        int k = topk == -1 ? g.size() : Math.min(topk, g.size());
        return new NDList(scores, scores.topK(k, 1, true, true).get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return encoder.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager parent, DataType dataType, Shape... inputShapes) {
        this.manager = parent;
        encoder.initialize(parent, dataType, inputShapes);
        if (head != null) {
            head.initialize(parent, dataType, encoder.getOutputShapes(inputShapes));
        }
    }
}
