package org.pretrain4j.heads.cls;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;

/**
 * mmpretrain's {@code ClsHead}: the last feature of the input {@code NDList} already holds the class scores, so the
 * forward pass returns it unchanged. Subclasses such as {@link LinearClsHead} put layers in between by overriding
 * {@link #classify}, {@link #classifiedShape} and {@link #initializeClassifier}; the loss, accuracy and prediction
 * logic stays here.
 *
 * <ul>
 *   <li>{@link #loss}: {@code loss(logits, target, avg_factor = N)} under the key {@code loss}, plus
 *       {@code accuracy_top-k} (percent) when {@code cal_acc} is set. Class indices become one-hot rows when the
 *       loss needs dense targets.
 *   <li>{@link #predict}: softmax scores {@code (N, C)} and arg-max labels {@code (N)} as int64.
 * </ul>
 *
 * <p>The loss is a child block named {@code loss}, so whatever parameters or buffers it has are part of the tree.
 */
public class ClsHead extends AbstractBlock implements Head {
    private static final byte VERSION = 1;

    private final Loss loss;
    private final List<Integer> topk;
    private final boolean calAcc;

    /**
     * Creates the head.
     *
     * @param loss the loss
     * @param topk the k values of the logged accuracies, each at least 1
     * @param calAcc whether {@link #loss} also reports accuracies
     */
    public ClsHead(Loss loss, List<Integer> topk, boolean calAcc) {
        super(VERSION);
        this.loss = addChildBlock("loss", requireNonNull(loss, "loss is null"));
        this.topk = List.copyOf(requireNonNull(topk, "topk is null"));
        if (this.topk.isEmpty() || this.topk.stream().anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("topk must hold integers >= 1, got " + topk);
        }
        this.calAcc = calAcc;
    }

    /**
     * Creates a head with {@code topk = [1]} and no accuracy.
     *
     * @param loss the loss
     */
    public ClsHead(Loss loss) {
        this(loss, List.of(1), false);
    }

    /**
     * The loss block.
     *
     * @return the loss
     */
    public Loss lossBlock() {
        return loss;
    }

    /**
     * The k values of the logged accuracies.
     *
     * @return the k values
     */
    public List<Integer> topk() {
        return topk;
    }

    /**
     * Whether {@link #loss} also reports accuracies.
     *
     * @return the {@code cal_acc} flag
     */
    public boolean calAcc() {
        return calAcc;
    }

    /**
     * Picks the features the head works on: the last element, the deepest stage (mmpretrain's {@code pre_logits}).
     *
     * @param features the neck's or backbone's outputs
     * @return the last one
     */
    protected NDArray preLogits(NDList features) {
        if (features.isEmpty()) {
            throw new Pretrain4jException(getClass().getSimpleName() + " got no features");
        }
        return features.get(features.size() - 1);
    }

    /**
     * Turns pre-logits into class scores; the identity here.
     *
     * @param parameterStore where parameters are read from
     * @param preLogits the features from {@link #preLogits}
     * @param training whether this is a training pass
     * @return the logits {@code (N, C)}
     */
    protected NDArray classify(ParameterStore parameterStore, NDArray preLogits, boolean training) {
        return preLogits;
    }

    /**
     * The shape {@link #classify} returns for pre-logits of the given shape; the same shape here.
     *
     * @param preLogitsShape the shape of the last feature
     * @return the logits shape
     */
    protected Shape classifiedShape(Shape preLogitsShape) {
        return preLogitsShape;
    }

    /**
     * Initialises the layers {@link #classify} uses; nothing here.
     *
     * @param manager the manager parameters are created in
     * @param dataType the parameters' data type
     * @param preLogitsShape the shape of the last feature
     */
    protected void initializeClassifier(NDManager manager, DataType dataType, Shape preLogitsShape) {}

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(classify(parameterStore, preLogits(inputs), training));
    }

    /**
     * One output: the logits shape of the last input.
     *
     * @param inputShapes the feature shapes
     * @return {@code [logits shape]}
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {classifiedShape(lastShape(inputShapes))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape preLogits = lastShape(inputShapes);
        initializeClassifier(manager, dataType, preLogits);
        Shape logits = classifiedShape(preLogits);
        // The loss sees (logits, target): the target is one-hot for dense losses, class indices otherwise.
        Shape target = loss.needsDenseTarget() ? logits : new Shape(logits.get(0));
        loss.initialize(manager, dataType, logits, target);
    }

    private Shape lastShape(Shape[] inputShapes) {
        if (inputShapes.length == 0) {
            throw new Pretrain4jException(getClass().getSimpleName() + " got no feature shapes");
        }
        return inputShapes[inputShapes.length - 1];
    }

    /**
     * Computes the loss with {@code avg_factor = N}, and the accuracies when {@code cal_acc} is set.
     *
     * @param predictions what the training forward pass returned: {@code (logits)}
     * @param target class indices {@code (N)} or dense scores {@code (N, C)}
     * @return {@code loss}, then {@code accuracy_top-k} for each k when {@code cal_acc} is set
     * @throws Pretrain4jException if accuracies are asked for with dense targets (e.g. after mixup)
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        NDArray logits = logits(predictions);
        requireNonNull(target, "target is null");
        long batch = logits.getShape().get(0);
        boolean indices = target.getShape().dimension() == 1;
        NDArray lossTarget = target;
        if (indices && loss.needsDenseTarget()) {
            int classes = Math.toIntExact(logits.getShape().getLastDimension());
            lossTarget = target.toType(DataType.INT64, false).oneHot(classes, logits.getDataType());
        }
        LossDict dict = new LossDict().put("loss", loss.loss(logits, lossTarget, null, (float) batch));
        if (calAcc) {
            if (!indices) {
                throw new Pretrain4jException("cal_acc needs class-index targets; with batch augmentation such as "
                        + "mixup the training accuracy is meaningless, so set cal_acc = false");
            }
            addAccuracies(dict, logits, target, batch);
        }
        return dict;
    }

    /** mmpretrain's {@code Accuracy.calculate}: share of samples whose label is among the top k scores, in percent. */
    private void addAccuracies(LossDict dict, NDArray logits, NDArray target, long batch) {
        long classes = logits.getShape().getLastDimension();
        int maxk = (int) Math.min(Collections.max(topk), classes);
        // No gradient: accuracies are logged, never optimised.
        NDArray top = logits.stopGradient().topK(maxk, -1, true, true).get(1);
        NDArray hits = top.eq(target.toType(DataType.INT64, false).reshape(-1, 1)).toType(DataType.FLOAT32, false);
        for (int k : topk) {
            int kk = Math.min(k, maxk);
            dict.put("accuracy_top-" + k, hits.get(new NDIndex(":, :{}", kk)).sum().mul(100f / batch));
        }
    }

    /**
     * Softmax scores and arg-max labels.
     *
     * @param predictions what the inference forward pass returned: {@code (logits)}
     * @return {@code (scores (N, C), labels (N) int64)}
     */
    @Override
    public NDList predict(NDList predictions) {
        NDArray scores = logits(predictions).softmax(-1);
        NDArray labels = scores.argMax(-1).toType(DataType.INT64, false);
        return new NDList(scores, labels);
    }

    private static NDArray logits(NDList predictions) {
        requireNonNull(predictions, "predictions is null");
        if (predictions.isEmpty()) {
            throw new Pretrain4jException("a classification head needs the logits its forward pass returned");
        }
        return predictions.get(0);
    }
}
