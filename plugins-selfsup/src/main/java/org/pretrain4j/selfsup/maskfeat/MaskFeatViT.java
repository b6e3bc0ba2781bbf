package org.pretrain4j.selfsup.maskfeat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Arrays;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.backbones.layers.TorchInit;
import org.pretrain4j.backbones.vit.VisionTransformer;
import org.pretrain4j.backbones.vit.VisionTransformerConfig;

/**
 * mmpretrain's {@code MaskFeatViT}: a {@link VisionTransformer} with a learned {@code mask_token} that takes the
 * place of the masked patches in pre-training.
 *
 * <ul>
 *   <li>The block's own forward pass is the plain ViT forward (mmpretrain's {@code forward(x, mask=None)}) for
 *       feature extraction; {@code out_type} defaults to {@code raw}.</li>
 *   <li>{@link #forwardMasked}: patch embedding, {@code x * (1 - w) + mask_token * w} with the 0/1 mask {@code w},
 *       then the class token, the position embedding, dropout, the layers and {@code ln1}.</li>
 * </ul>
 *
 * <p>Initialisation as mmpretrain's {@code init_weights}: {@code cls_token}, {@code mask_token}, {@code pos_embed}
 * and the weights of every Linear and Conv2d layer {@code N(0, 0.02)} (its {@code trunc_normal_} cuts at +-2, i.e.
 * nowhere), Linear biases 0, LayerNorms 1 and 0; the patch projection's bias keeps PyTorch's default.
 */
public final class MaskFeatViT extends VisionTransformer {
    private static final NormalInitializer STD_002 = new NormalInitializer(0.02f);

    private final Parameter maskToken;

    /**
     * Builds the encoder.
     *
     * @param config the validated config, with a class token
     * @throws IllegalArgumentException if the config has no class token
     */
    public MaskFeatViT(VisionTransformerConfig config) {
        super(config);
        if (!config.withClsToken()) {
            throw new IllegalArgumentException("MaskFeatViT always has a class token");
        }
        maskToken = addParameter(token("mask_token", new Shape(1, 1, config.arch().embedDims()), STD_002));
        clsToken().setInitializer(STD_002);
        // mmpretrain's _init_weights over every module: N(0, 0.02) Linear and Conv2d weights, zero Linear bias.
        TorchInit.normalWeights(this, 0.02f, false);
    }

    /**
     * The pre-training forward pass: masked patches replaced by the mask token, then the ViT.
     *
     * @param parameterStore the parameter store
     * @param images {@code (B, C, H, W)}
     * @param mask 0/1 per patch, 1 = masked: {@code (B, h, w)} or {@code (B, h * w)}
     * @param training whether this is a training pass
     * @return the last layer's normalised tokens {@code (B, 1 + h * w, C)}, class token first
     * @throws Pretrain4jException if the mask does not match the patch grid
     */
    public NDArray forwardMasked(ParameterStore parameterStore, NDArray images, NDArray mask, boolean training) {
        Shape shape = images.getShape();
        long[] grid = patchEmbed().gridSize(shape.get(2), shape.get(3));
        long patches = grid[0] * grid[1];
        Shape perPatch = new Shape(shape.get(0), patches);
        if (mask.getShape().size() != perPatch.size() || mask.getShape().get(0) != shape.get(0)) {
            throw new Pretrain4jException(MaskFeatViTFactory.NAME + ": the mask " + mask.getShape() + " does not fit "
                    + "the " + Arrays.toString(grid) + " patch grid of images " + shape + "; the mask generator's "
                    + "input_size must be the patch grid");
        }
        NDArray x = embedPatches(parameterStore, images, training);
        NDArray w = mask.reshape(shape.get(0), patches, 1).toType(x.getDataType(), false);
        NDArray token = parameterStore.getValue(maskToken, x.getDevice(), training);
        x = x.mul(w.neg().add(1)).add(w.mul(token));
        return encode(parameterStore, prepareTokens(parameterStore, x, grid, training), training);
    }
}
