package org.pretrain4j.selfsup.beit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code BEiTV2Head}: one Linear {@code cls_head} ({@code embed_dims -> num_embed}, weights
 * {@code N(0, 0.02)}, bias 0, the head's default {@code init_cfg}) scores the visual token of each masked patch from
 * both streams of {@link BEiTV2Neck}, and the loss ({@code loss_module}, cross-entropy in mmpretrain's configs) of
 * each stream against the tokenizer's tokens gives {@code loss_1} (last layer) and {@code loss_2} (patch aggregation).
 *
 * <p>mmpretrain's {@code loss(feats, feats_cls_pt, target, mask)} is {@link #loss(ParameterStore, NDArray, NDArray,
 * NDArray, NDArray)}: only the masked patches are selected (any non-zero mask entry counts as masked) before the
 * Linear, so the loss averages over masked patches only. As a {@link Head}, the forward pass maps the two streams'
 * tokens {@code (..., embed_dims)} to logits {@code (..., num_embed)}, and {@link #loss(NDList, NDArray)} scores such
 * logits (already restricted to masked patches, {@code (M, num_embed)}) against token indices {@code (M)}.
 */
public final class BEiTV2Head extends AbstractBlock implements Head {
    private final int embedDims;
    private final Linear clsHead;
    private final Loss lossModule;

    /**
     * Creates the head.
     *
     * @param embedDims the token size
     * @param numEmbed the number of visual tokens (the tokenizer's codebook size)
     * @param loss the loss over logits and token indices
     */
    public BEiTV2Head(int embedDims, int numEmbed, Loss loss) {
        super((byte) 1);
        this.embedDims = embedDims;
        clsHead = addChildBlock("cls_head", Linear.builder().setUnits(numEmbed).build());
        TorchInit.normalWeights(this, 0.02f, false);
        lossModule = addChildBlock("loss_module", requireNonNull(loss, "loss is null"));
    }

    /**
     * mmpretrain's {@code loss(feats, feats_cls_pt, target, mask)}.
     *
     * @param parameterStore the parameter store
     * @param feats the last layer's normalised patch tokens {@code (B, L, C)}
     * @param featsClsPt the patch-aggregation stream's {@code (B, L, C)}
     * @param target the tokenizer's token indices {@code (B, L)}
     * @param mask 1 for masked patches, {@code (B, h, w)} or {@code (B, L)}
     * @return {@code loss_1} and {@code loss_2}
     * @throws Pretrain4jException if the shapes do not fit
     */
    public LossDict loss(ParameterStore parameterStore, NDArray feats, NDArray featsClsPt, NDArray target,
            NDArray mask) {
        Shape tokens = feats.getShape();
        Shape perPatch = new Shape(tokens.get(0), tokens.get(1));
        if (!target.getShape().equals(perPatch) || mask.getShape().size() != perPatch.size()) {
            throw new Pretrain4jException(BEiTV2HeadFactory.NAME + ": the tokens " + tokens + " need targets and a "
                    + "mask of " + perPatch + " patches, got " + target.getShape() + " and " + mask.getShape());
        }
        NDArray selected = mask.reshape(perPatch).neq(0);
        NDList logits = forward(parameterStore, new NDList(masked(feats, selected), masked(featsClsPt, selected)),
                true);
        return loss(logits, target.booleanMask(selected, 0));
    }

    /** The masked patches' tokens {@code (M, C)}, mmpretrain's {@code feats[mask]}. */
    private static NDArray masked(NDArray tokens, NDArray selected) {
        // The mask is spread over the channels: the engine's boolean mask needs the array's own shape.
        return tokens.booleanMask(selected.expandDims(2).broadcast(tokens.getShape()), 0)
                .reshape(-1, tokens.getShape().get(2));
    }

    /**
     * Scores both streams' logits against the same targets.
     *
     * @param predictions {@code (logits, logits_cls_pt)}, {@code (M, num_embed)} each
     * @param target token indices {@code (M)}
     * @return {@code loss_1} and {@code loss_2}
     */
    @Override
    public LossDict loss(NDList predictions, NDArray target) {
        return new LossDict().put("loss_1", lossModule.loss(predictions.get(0), target, null, null))
                .put("loss_2", lossModule.loss(predictions.get(1), target, null, null));
    }

    /**
     * The logits, unchanged.
     *
     * @param predictions {@code (logits, logits_cls_pt)}
     * @return the same
     */
    @Override
    public NDList predict(NDList predictions) {
        return predictions;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInputs(inputs.getShapes());
        return new NDList(clsHead.forward(parameterStore, new NDList(inputs.get(0)), training).singletonOrThrow(),
                clsHead.forward(parameterStore, new NDList(inputs.get(1)), training).singletonOrThrow());
    }

    private void checkInputs(Shape[] shapes) {
        if (shapes.length != 2 || shapes[0].getLastDimension() != embedDims
                || shapes[1].getLastDimension() != embedDims) {
            throw new Pretrain4jException(BEiTV2HeadFactory.NAME + " takes the two streams' tokens (..., "
                    + embedDims + "), got " + Arrays.toString(shapes));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputs(inputShapes);
        return new Shape[] {clsHead.getOutputShapes(new Shape[] {inputShapes[0]})[0],
                clsHead.getOutputShapes(new Shape[] {inputShapes[1]})[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputs(inputShapes);
        clsHead.initialize(manager, dataType, inputShapes[0]);
        Shape logits = clsHead.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        lossModule.initialize(manager, dataType, logits, new Shape(logits.get(0)));
    }
}
