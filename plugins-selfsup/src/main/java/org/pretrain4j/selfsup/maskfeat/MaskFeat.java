package org.pretrain4j.selfsup.maskfeat;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.AbstractSelfSupervisor;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.selfsup.mim.MIMHead;

/**
 * mmpretrain's {@code MaskFeat} (Wei et al., 2022, masked feature prediction): the encoder ({@link MaskFeatViT})
 * sees the image with the masked patches replaced by a mask token, a neck applied to every token (mmpretrain's
 * configs: a {@code LinearNeck} without norm) predicts each patch's target features, and the head
 * ({@link MIMHead}) scores the predictions of the masked patches against the targets of the target generator
 * (child {@code target_generator}, {@link HOGGenerator} in mmpretrain's configs), computed from the same image
 * outside the gradient graph. The class token's prediction is dropped.
 *
 * <p>Inputs of {@link #loss}: the normalised image batch {@code (N, C, H, W)} first, and the mask from the data
 * pipeline's mask generator ({@code BEiTMaskGenerator} with {@code input_size} equal to the patch grid), an
 * {@code (N, h, w)} (or {@code (N, h * w)}) array of 0/1 with 1 for a masked patch: the input named {@code mask} if
 * one is, else the second input. As mmpretrain's {@code mask.bool()}, any non-zero entry counts as masked.
 */
public final class MaskFeat extends AbstractSelfSupervisor<MIMHead> {
    /** The name the data preprocessor gives the mask among the inputs. */
    static final String MASK = "mask";

    private final MaskFeatViT encoder;
    private final TargetGenerator targetGenerator;

    /**
     * Assembles the algorithm.
     *
     * @param backbone the encoder
     * @param neck maps each token {@code (N, C)} to the target features {@code (N, D)}
     * @param head the masked-patch loss
     * @param targetGenerator computes the targets {@code (B, h * w, D)} from the images
     */
    public MaskFeat(MaskFeatViT backbone, Neck neck, MIMHead head, TargetGenerator targetGenerator) {
        super(backbone, requireNonNull(neck, "neck is null"), requireNonNull(head, "head is null"));
        this.encoder = backbone;
        this.targetGenerator = addChildBlock("target_generator",
                requireNonNull(targetGenerator, "targetGenerator is null"));
    }

    /**
     * The target generator.
     *
     * @return {@code target_generator}
     */
    public TargetGenerator targetGenerator() {
        return targetGenerator;
    }

    /**
     * The encoder's plain forward pass on the first input, without mask.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the image batch first
     * @return the encoder's outputs
     */
    @Override
    public NDList extractFeat(ParameterStore parameterStore, NDList inputs) {
        return encoder.forward(parameterStore, new NDList(inputs.get(0)), false);
    }

    /**
     * Encodes the masked images, predicts every token's features and scores the masked patches' predictions.
     *
     * @param parameterStore where parameters are read from
     * @param inputs the image batch, then the mask (see the class description)
     * @param targets ignored
     * @return {@code loss}
     * @throws Pretrain4jException if the inputs hold no mask
     */
    @Override
    public LossDict loss(ParameterStore parameterStore, NDList inputs, NDList targets) {
        NDArray images = inputs.get(0);
        long batch = images.getShape().get(0);
        NDArray mask = mask(inputs).reshape(batch, -1).neq(0).toType(DataType.FLOAT32, false);
        NDArray latent = encoder.forwardMasked(parameterStore, images, mask, true);
        Shape tokens = latent.getShape();
        NDArray prediction = neck().forward(parameterStore,
                new NDList(latent.reshape(tokens.get(0) * tokens.get(1), tokens.get(2))), true)
                .singletonOrThrow().reshape(tokens.get(0), tokens.get(1), -1);
        NDArray target = targetGenerator.forward(parameterStore, new NDList(images), false).singletonOrThrow();
        return new LossDict().put("loss", head().loss(prediction.get(":, 1:"), target, mask));
    }

    /** The input named {@value #MASK}, else the second one. */
    private static NDArray mask(NDList inputs) {
        for (NDArray x : inputs) {
            if (MASK.equals(x.getName())) {
                return x;
            }
        }
        if (inputs.size() < 2) {
            throw new Pretrain4jException(MaskFeatFactory.NAME + " needs a mask with the images: put a mask "
                    + "generator such as { type = BEiTMaskGenerator, input_size = <patch grid>, ... } in the train "
                    + "pipeline");
        }
        return inputs.get(1);
    }

    /** Neck per token, head on the patch tokens' predictions against the generator's targets. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape images = inputShapes[0];
        encoder.initialize(manager, dataType, images);
        Shape tokens = encoder.getOutputShapes(new Shape[] {images})[0];
        if (tokens.dimension() != 3) {
            throw new Pretrain4jException(MaskFeatFactory.NAME + " needs the encoder's out_type = raw, got outputs "
                    + tokens);
        }
        Shape flat = new Shape(tokens.get(0) * tokens.get(1), tokens.get(2));
        neck().initialize(manager, dataType, flat);
        long features = neck().getOutputShapes(new Shape[] {flat})[0].getLastDimension();
        Shape prediction = new Shape(tokens.get(0), tokens.get(1) - 1, features);
        targetGenerator.initialize(manager, dataType, images);
        Shape target = targetGenerator.getOutputShapes(new Shape[] {images})[0];
        if (!target.equals(prediction)) {
            throw new Pretrain4jException(MaskFeatFactory.NAME + ": the neck predicts " + prediction + " for the "
                    + "patches but the target generator gives " + target + "; its patch grid must be the encoder's "
                    + "and the neck's out_channels its feature size");
        }
        head().initialize(manager, dataType, prediction, target, new Shape(tokens.get(0), tokens.get(1) - 1));
    }
}
