package org.pretrain4j.selfsup.beit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.djl.nn.AbstractBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;
import org.pretrain4j.backbones.beit.BEiTTransformerEncoderLayer;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.ModuleList;
import org.pretrain4j.backbones.layers.MultiheadAttention.QkvBias;
import org.pretrain4j.backbones.layers.TorchInit;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;

/**
 * mmpretrain's {@code BEiTV2Neck}: BEiT v2's patch aggregation. It takes the backbone's tokens of an early layer and
 * of the last layer, {@code (B, 1 + L, C)} each, and optionally the backbone's shared relative position bias
 * {@code (heads, 1 + L, 1 + L)}; the last layer's class token followed by the early layer's patch tokens passes
 * through {@code num_layers} further {@link BEiTTransformerEncoderLayer}s ({@code patch_aggregation.i}, numbered as
 * layers {@code early_layers + i} of the backbone for the stochastic-depth schedule), then both streams are
 * layer-normalised by {@code norm} and lose their class token. Output: {@code (x, x_cls_pt)}, {@code (B, L, C)} each.
 *
 * <p>Initialisation as mmpretrain's after {@code init_weights}: attention Linears {@code N(0, 0.02)} with zero biases
 * (the neck's default {@code init_cfg}), FFN Linears Xavier-uniform with {@code N(0, 1e-6)} biases (the layers' own
 * {@code init_weights}, which run after it). mmpretrain's {@code rescale_patch_aggregation_init_weight} runs in the
 * constructor and is overwritten by that initialisation, so it has no effect there and none here.
 */
public final class BEiTV2Neck extends AbstractBlock implements Neck {
    private final BEiTV2NeckConfig config;
    private final List<BEiTTransformerEncoderLayer> layers = new ArrayList<>();
    private final ModuleList patchAggregation = new ModuleList();
    private final LayerNorm norm;

    /**
     * Builds the neck.
     *
     * @param config the validated config
     */
    public BEiTV2Neck(BEiTV2NeckConfig config) {
        super((byte) 1);
        this.config = config;
        Arch arch = config.arch();
        float[] dpr = DropPath.linearDecay(config.dropPathRate(),
                Math.max(arch.numLayers(), config.earlyLayers() + config.numLayers()));
        for (int i = 0; i < config.numLayers(); i++) {
            BEiTTransformerEncoderLayer layer = new BEiTTransformerEncoderLayer(arch.embedDims(), arch.numHeads(),
                    arch.feedforwardChannels(), (float) config.layerScaleInitValue(), null,
                    (float) config.dropRate(), dpr[config.earlyLayers() + i], QkvBias.QV);
            TorchInit.normalWeights(layer.attn(), 0.02f, false);
            layers.add(layer);
            patchAggregation.add(layer);
        }
        addChildBlock("patch_aggregation", patchAggregation);
        norm = addChildBlock("norm", new LayerNorm(1e-6f));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInputs(inputs.getShapes());
        NDArray early = inputs.get(0);
        NDArray last = inputs.get(1);
        NDArray x = last.get(new NDIndex(":, :1")).concat(early.get(new NDIndex(":, 1:")), 1);
        for (BEiTTransformerEncoderLayer layer : layers) {
            NDList in = inputs.size() > 2 ? new NDList(x, inputs.get(2)) : new NDList(x);
            x = layer.forward(parameterStore, in, training).singletonOrThrow();
        }
        return new NDList(patchTokens(parameterStore, last, training), patchTokens(parameterStore, x, training));
    }

    private NDArray patchTokens(ParameterStore parameterStore, NDArray x, boolean training) {
        return norm.forward(parameterStore, new NDList(x), training).singletonOrThrow().get(new NDIndex(":, 1:"));
    }

    private void checkInputs(Shape[] shapes) {
        long dims = config.arch().embedDims();
        if (shapes.length < 2 || shapes.length > 3 || shapes[0].dimension() != 3 || !shapes[0].equals(shapes[1])
                || shapes[0].get(2) != dims) {
            throw new Pretrain4jException(BEiTV2NeckFactory.NAME + " takes an early and the last layer's tokens "
                    + "(B, 1 + L, " + dims + ") and optionally the shared relative position bias, got "
                    + Arrays.toString(shapes));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputs(inputShapes);
        Shape t = inputShapes[0];
        Shape out = new Shape(t.get(0), t.get(1) - 1, t.get(2));
        return new Shape[] {out, out};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        checkInputs(inputShapes);
        Shape[] perLayer = new Shape[layers.size()];
        Arrays.fill(perLayer, inputShapes[0]);
        patchAggregation.initialize(manager, dataType, perLayer);
        norm.initialize(manager, dataType, inputShapes[0]);
    }
}
