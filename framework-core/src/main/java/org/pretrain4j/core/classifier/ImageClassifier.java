package org.pretrain4j.core.classifier;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Optional;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.TaskModel;

/**
 * An image classifier: {@code backbone → [neck] → [head]}. Its plain forward pass is mmpretrain's
 * {@code mode='tensor'}: the head's raw output (logits), or the features when there is no head.
 */
public final class ImageClassifier extends AbstractBlock implements TaskModel {
    private final Backbone backbone;
    private final Neck neck;
    private final Head head;

    /**
     * Assembles a classifier.
     *
     * @param backbone the feature extractor
     * @param neck the neck, or null
     * @param head the head, or null (then the model only extracts features)
     */
    public ImageClassifier(Backbone backbone, Neck neck, Head head) {
        super((byte) 1);
        this.backbone = addChildBlock("backbone", requireNonNull(backbone, "backbone is null"));
        this.neck = neck == null ? null : addChildBlock("neck", neck);
        this.head = head == null ? null : addChildBlock("head", head);
    }

    /**
     * The backbone.
     *
     * @return the backbone
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * The head.
     *
     * @return the head, or empty when the model only extracts features
     */
    public Optional<Head> head() {
        return Optional.ofNullable(head);
    }

    /**
     * Runs backbone and neck: mmpretrain's {@code extract_feat(stage='neck')}.
     *
     * @param parameterStore where parameters are read from
     * @param inputs one image batch
     * @param training whether this is a training pass
     * @return the features the head consumes
     */
    public NDList extractFeat(ParameterStore parameterStore, NDList inputs, boolean training) {
        NDList feats = backbone.forward(parameterStore, inputs, training);
        return neck == null ? feats : neck.forward(parameterStore, feats, training);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList feats = extractFeat(parameterStore, inputs, training);
        return head == null ? feats : head.forward(parameterStore, feats, training);
    }

    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        if (targets.isEmpty()) {
            throw new Pretrain4jException("ImageClassifier.loss needs class targets, got none");
        }
        NDList predictions = forward(parameterStore, inputs, true);
        return requireHead("compute a loss").loss(predictions, targets.get(0));
    }

    @Override
    public NDList predict(ParameterStore parameterStore, NDList inputs) {
        Head h = requireHead("predict");
        return h.predict(forward(parameterStore, inputs, false));
    }

    private Head requireHead(String what) {
        if (head == null) {
            throw new Pretrain4jException("this ImageClassifier has no head, so it cannot " + what
                    + "; add model.head to the config");
        }
        return head;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = backbone.getOutputShapes(inputShapes);
        if (neck != null) {
            shapes = neck.getOutputShapes(shapes);
        }
        return head == null ? shapes : head.getOutputShapes(shapes);
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
            head.initialize(manager, dataType, shapes);
        }
    }
}
