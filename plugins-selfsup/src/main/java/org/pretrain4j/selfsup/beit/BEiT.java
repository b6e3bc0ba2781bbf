package org.pretrain4j.selfsup.beit;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TargetGenerator;

/**
 * mmpretrain's {@code BEiT} in its v2 form (Peng et al., 2022, masked image modelling with a vector-quantised visual
 * tokenizer): the encoder ({@link BEiTPretrainViT}) sees the image with the masked patches replaced by its mask token
 * and returns the tokens of an early layer and of the last layer; the neck ({@link BEiTV2Neck}) turns them into two
 * streams of patch features; the head ({@link BEiTV2Head}) predicts each masked patch's visual token from both, and
 * the targets are the tokens of the frozen tokenizer (child {@code target_generator}, {@link VQKD}), computed outside
 * the gradient graph. Losses: {@code loss_1} (last layer) and {@code loss_2} (patch aggregation), as mmpretrain names
 * them. BEiT v1 (no neck, DALL-E tokens, {@code BEiTV1Head}) is not implemented.
 *
 * <p>Inputs of {@link #loss}: the image views {@code (N, C, H, W)} and the mask (see {@link SelfSupervisor}). The
 * first view is the encoder's; the tokenizer takes the second when there is one (mmpretrain's
 * {@code inputs[1]}, the same crop normalised by {@code TwoNormDataPreprocessor}'s second mean and std), else the
 * first. The mask is the input named {@value SelfSupervisor#MASK}, else the one input of rank 2 or 3: {@code (N, h, w)}
 * or {@code (N, h * w)}, any non-zero entry counting as masked, from a {@code BEiTMaskGenerator} whose
 * {@code input_size} is the patch grid.
 */
public final class BEiT extends AbstractSelfSupervisor<BEiTV2Head> {
    private final BEiTPretrainViT encoder;
    private final BEiTV2Neck patchAggregation;
    private final TargetGenerator targetGenerator;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the encoder, with two out indices (an early layer and the last)
     * @param neck the patch aggregation
     * @param head the token classifier and its loss
     * @param targetGenerator the tokenizer: images to token indices {@code (N, h * w)}
     */
    public BEiT(BEiTPretrainViT backbone, BEiTV2Neck neck, BEiTV2Head head, TargetGenerator targetGenerator) {
        super(backbone, requireNonNull(neck, "neck is null"), requireNonNull(head, "head is null"));
        this.encoder = backbone;
        this.patchAggregation = neck;
        this.targetGenerator = addChildBlock("target_generator",
                requireNonNull(targetGenerator, "targetGenerator is null"));
    }

    /**
     * The tokenizer.
     *
     * @return {@code target_generator}
     */
    public TargetGenerator targetGenerator() {
        return targetGenerator;
    }

    /**
     * Encodes the masked images, aggregates the early patch tokens and scores the masked patches' token predictions
     * of both streams against the tokenizer's tokens.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the views, then the mask (see the class description)
     * @param targets ignored
     * @return {@code loss_1} and {@code loss_2}
     * @throws Pretrain4jException if the inputs hold no mask or the shapes do not fit
     */
    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        Parts parts = split(inputs);
        NDArray mask = parts.mask();
        NDList latent = encoder.forwardMasked(parameterStore, parts.images(), mask, true);
        NDArray tokens = targetGenerator.forward(parameterStore, new NDList(parts.tokenizerView()), false)
                .singletonOrThrow().stopGradient();
        NDArray bias = encoder.sharedRelPosBias(parameterStore, parts.images().getManager(), true);
        NDList neckIn = bias == null ? latent : new NDList(latent.get(0), latent.get(1), bias);
        NDList feats = patchAggregation.forward(parameterStore, neckIn, true);
        return head().loss(parameterStore, feats.get(0), feats.get(1), tokens, mask);
    }

    /** The encoder's view, the tokenizer's view and the mask of a batch. */
    private record Parts(NDArray images, NDArray tokenizerView, NDArray mask) {}

    private static Parts split(NDList inputs) {
        NDList views = new NDList();
        NDArray mask = SelfSupervisor.mask(inputs);
        for (NDArray x : inputs) {
            int rank = x.getShape().dimension();
            if (rank == 4) {
                views.add(x);
            } else if (mask == null && (rank == 2 || rank == 3)) {
                mask = x;
            }
        }
        if (views.isEmpty() || mask == null) {
            throw new Pretrain4jException(BEiTFactory.NAME + " needs image views (N, C, H, W) and a mask: put a mask "
                    + "generator such as { type = BEiTMaskGenerator, input_size = <patch grid>, ... } in the train "
                    + "pipeline; got inputs " + Arrays.toString(inputs.getShapes()));
        }
        return new Parts(views.get(0), views.size() > 1 ? views.get(1) : views.get(0), mask);
    }

    /** Encoder on the first view, neck on its two token outputs, tokenizer on the second view, head per token. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape images = inputShapes[0];
        Shape tokenizerView = inputShapes.length > 1 && inputShapes[1].dimension() == 4 ? inputShapes[1] : images;
        encoder.initialize(manager, dataType, images);
        Shape[] latent = encoder.maskedOutputShapes(images);
        if (latent.length != 2) {
            throw new Pretrain4jException(BEiTFactory.NAME + " needs the backbone's out_indices to name two layers "
                    + "(an early one and the last, e.g. [-4, -1]), got " + latent.length);
        }
        patchAggregation.initialize(manager, dataType, latent);
        Shape feats = patchAggregation.getOutputShapes(latent)[0];
        targetGenerator.initialize(manager, dataType, tokenizerView);
        Shape target = targetGenerator.getOutputShapes(new Shape[] {tokenizerView})[0];
        Shape perPatch = new Shape(feats.get(0), feats.get(1));
        if (!target.equals(perPatch)) {
            throw new Pretrain4jException(BEiTFactory.NAME + ": the tokenizer gives " + target + " tokens but the "
                    + "encoder has " + perPatch + " patches; their patch grids must match");
        }
        Shape flat = new Shape(feats.get(0) * feats.get(1), feats.get(2));
        head().initialize(manager, dataType, flat, flat);
    }
}
