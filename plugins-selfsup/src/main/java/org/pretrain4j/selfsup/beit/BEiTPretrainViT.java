package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.backbones.beit.BEiTTransformerEncoderLayer;
import org.pretrain4j.backbones.beit.BEiTViT;
import org.pretrain4j.backbones.beit.BEiTViTConfig;
import org.pretrain4j.backbones.layers.TorchInit;

/**
 * mmpretrain's {@code BEiTPretrainViT}: a {@link BEiTViT} (class token, {@code qv_bias}; by default a shared relative
 * position bias, no absolute position embedding, LayerScale 0.1, {@code final_norm}, {@code out_type = raw}) with a
 * learned {@code mask_token} for masked image modelling.
 *
 * <ul>
 *   <li>The block's own forward pass is the plain {@link BEiTViT} forward (mmpretrain's {@code forward(x, None)}),
 *       used for feature extraction.</li>
 *   <li>{@link #forwardMasked}: patch embedding, {@code x * (1 - w) + mask_token * w} with the 0/1 mask {@code w},
 *       class token, {@code pos_embed} if any, dropout, the layers with the shared bias; returns the raw tokens
 *       {@code (B, 1 + h * w, C)} of every layer in {@code out_indices} (BEiT v2: an early layer and the last), the
 *       last one after {@code ln1} when {@code final_norm}.</li>
 * </ul>
 *
 * <p>Initialisation as mmpretrain's BEiT configs give it ({@code init_cfg}: TruncNormal std 0.02 on Linear and
 * Conv2d, biases 0, LayerNorm 1/0) followed by the code's own steps: the layers' FFN Linears Xavier-uniform with
 * {@code N(0, 1e-6)} biases, {@code cls_token} and {@code mask_token} {@code N(0, 0.02)}, and layer {@code i}'s
 * {@code attn.proj.weight} and {@code ffn.layers.1.weight} divided by {@code sqrt(2 (i + 1))}
 * ({@code rescale_init_weight}).
 */
public final class BEiTPretrainViT extends BEiTViT {
    private static final NormalInitializer STD_002 = new NormalInitializer(0.02f);

    private final Parameter maskToken;

    /**
     * Builds the encoder.
     *
     * @param config the validated config, with a class token
     * @throws IllegalArgumentException if the config has no class token
     */
    public BEiTPretrainViT(BEiTViTConfig config) {
        super(config);
        if (!config.withClsToken()) {
            throw new IllegalArgumentException("BEiTPretrainViT always has a class token");
        }
        int dims = config.common().arch().embedDims();
        maskToken = addParameter(token("mask_token", dims, 1, STD_002));
        clsToken().setInitializer(STD_002);
        TorchInit.normalWeights(this, 0.02f, true);
        List<BEiTTransformerEncoderLayer> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            BEiTTransformerEncoderLayer layer = layers.get(i);
            double divisor = Math.sqrt(2.0 * (i + 1));
            layer.attn().proj().setInitializer(TorchInit.divided(STD_002, divisor), Parameter.Type.WEIGHT);
            List<Linear> ffn = layer.ffn().linears();
            ffn.get(0).setInitializer(TorchInit.xavierUniform(), Parameter.Type.WEIGHT);
            ffn.get(1).setInitializer(TorchInit.divided(TorchInit.xavierUniform(), divisor), Parameter.Type.WEIGHT);
            for (Linear fc : ffn) {
                fc.setInitializer(new NormalInitializer(1e-6f), Parameter.Type.BIAS);
            }
        }
    }

    /**
     * The pre-training forward pass: masked patches replaced by the mask token, then the encoder.
     *
     * @param parameterStore the parameter store
     * @param images {@code (B, C, H, W)}
     * @param mask 0/1 per patch, 1 = masked: {@code (B, h, w)} or {@code (B, h * w)}
     * @param training whether this is a training pass
     * @return the raw tokens {@code (B, 1 + h * w, C)} of the layers in {@code out_indices}, shallowest first
     * @throws Pretrain4jException if the mask does not match the patch grid
     */
    public NDList forwardMasked(ParameterStore parameterStore, NDArray images, NDArray mask, boolean training) {
        Shape shape = images.getShape();
        long[] grid = grid(shape);
        long patches = grid[0] * grid[1];
        if (mask.getShape().size() != shape.get(0) * patches || mask.getShape().get(0) != shape.get(0)) {
            throw new Pretrain4jException(BEiTPretrainViTFactory.NAME + ": the mask " + mask.getShape() + " does not "
                    + "fit the " + Arrays.toString(grid) + " patch grid of images " + shape + "; the mask "
                    + "generator's input_size must be the patch grid");
        }
        NDArray x = embedPatches(parameterStore, images, training);
        NDArray w = mask.reshape(shape.get(0), patches, 1).toType(x.getDataType(), false);
        NDArray token = parameterStore.getValue(maskToken, x.getDevice(), training);
        x = x.mul(w.neg().add(1)).add(w.mul(token));
        x = prepareTokens(parameterStore, x, grid, training);
        NDArray bias = sharedRelPosBias(parameterStore, x.getManager(), training);
        NDList outputs = new NDList();
        for (int i = 0; i < layers().size(); i++) {
            x = layer(parameterStore, i, x, bias, training);
            if (isReturned(i)) {
                outputs.add(x);
            }
        }
        return outputs;
    }

    /**
     * The shapes {@link #forwardMasked} gives.
     *
     * @param images {@code (B, C, H, W)}
     * @return one {@code (B, 1 + h * w, C)} per out index
     */
    public Shape[] maskedOutputShapes(Shape images) {
        Shape[] shapes = new Shape[config().common().outIndices().size()];
        Arrays.fill(shapes, tokenShape(images));
        return shapes;
    }
}
