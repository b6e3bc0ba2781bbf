package org.pretrain4j.backbones.beit;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.LayerDepth;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.ModuleList;
import org.pretrain4j.backbones.layers.PatchEmbed;
import org.pretrain4j.backbones.layers.PositionEmbedding;
import org.pretrain4j.backbones.layers.RelativePositionBias;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;
import org.pretrain4j.backbones.vit.VisionTransformerFactory.Common;
import org.pretrain4j.backbones.vit.ViTOutput;

/**
 * mmpretrain's {@code BEiTViT}: a ViT whose layers are {@link BEiTTransformerEncoderLayer}s (query/value biases,
 * LayerScale {@code gamma_1}/{@code gamma_2}) and whose positions come from a relative position bias, per layer
 * ({@code use_rel_pos_bias}, the default) or shared ({@code use_shared_rel_pos_bias}, key
 * {@code rel_pos_bias.relative_position_bias_table}), and optionally an absolute {@code pos_embed}
 * ({@code use_abs_pos_emb}, resized on the fly for another grid). Forward: patch embedding, class token,
 * {@code pos_embed}, dropout, the layers, {@code ln1} after the last when {@code final_norm} (default false here);
 * the outputs at {@code out_indices} are formatted by {@code out_type} (default {@code avg_featmap}, which adds
 * {@code ln2}).
 *
 * <p>Initialisation as mmpretrain's without {@code init_cfg}: {@code cls_token} zero, {@code pos_embed}
 * {@code N(0, 0.02)}, per-layer relative tables {@code N(0, 0.02)}, the shared table zero, {@code q_bias}/{@code v_bias}
 * zero, attention Linears and patch projection PyTorch's defaults, FFN Linears Xavier-uniform. Norms use eps 1e-6.
 * Layer-wise learning-rate decay sees it as mmpretrain's {@code get_layer_depth} (embeddings 0, {@code layers.i}
 * {@code i + 1}, the rest last). mmpretrain's load-time resizing of relative position tables and {@code pos_embed} from
 * checkpoints of another grid is not implemented: such a checkpoint gives a shape mismatch.
 */
public class BEiTViT extends AbstractBlock implements Backbone, LayerDepth {
    private final BEiTViTConfig config;
    private final int numExtraTokens;
    private final long[] patchResolution;
    private final PatchEmbed patchEmbed;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final RelativePositionBias relPosBias;
    private final List<BEiTTransformerEncoderLayer> layers = new ArrayList<>();
    private final ModuleList layerList = new ModuleList();
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final boolean[] returned;

    /**
     * Builds the network.
     *
     * @param config the validated config
     */
    public BEiTViT(BEiTViTConfig config) {
        super((byte) 1);
        this.config = requireNonNull(config, "config is null");
        Common c = config.common();
        Arch arch = c.arch();
        int dims = arch.embedDims();
        numExtraTokens = config.withClsToken() ? 1 : 0;
        patchEmbed = addChildBlock("patch_embed", new PatchEmbed(c.inChannels(), dims, c.patchSize(), true));
        patchResolution = patchEmbed.gridSize(c.imgHeight(), c.imgWidth());
        clsToken = config.withClsToken() ? addParameter(token("cls_token", dims, 1, Initializer.ZEROS)) : null;
        long positions = patchResolution[0] * patchResolution[1] + numExtraTokens;
        posEmbed = config.useAbsPosEmb()
                ? addParameter(token("pos_embed", dims, positions, new NormalInitializer(0.02f))) : null;
        relPosBias = config.useSharedRelPosBias() ? addChildBlock("rel_pos_bias",
                new RelativePositionBias(patchResolution, arch.numHeads(), Initializer.ZEROS)) : null;
        float[] dropPath = DropPath.linearDecay(c.dropPathRate(), arch.numLayers());
        for (int i = 0; i < arch.numLayers(); i++) {
            BEiTTransformerEncoderLayer layer = new BEiTTransformerEncoderLayer(dims, arch.numHeads(),
                    arch.feedforwardChannels(), (float) config.layerScaleInitValue(),
                    config.useRelPosBias() ? patchResolution : null, (float) c.dropRate(), dropPath[i], config.bias());
            layerList.add(layer);
            layers.add(layer);
        }
        addChildBlock("layers", layerList);
        ln1 = c.finalNorm() ? addChildBlock("ln1", new LayerNorm(BEiTTransformerEncoderLayer.NORM_EPS)) : null;
        ln2 = c.outType().pools()
                ? addChildBlock("ln2", new LayerNorm(BEiTTransformerEncoderLayer.NORM_EPS)) : null;
        returned = new boolean[arch.numLayers()];
        for (int index : c.outIndices()) {
            returned[index] = true;
        }
        applyFreezing();
    }

    /**
     * A learned token or embedding {@code (1, count, dims)}, of type {@code OTHER} so that no weight rule applies.
     *
     * @param name the state-dict name
     * @param dims the token size
     * @param count the number of tokens
     * @param initializer how it starts
     * @return the parameter, not yet added
     */
    protected static Parameter token(String name, int dims, long count, Initializer initializer) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(1, count, dims))
                .optInitializer(initializer).build();
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public final BEiTViTConfig config() {
        return config;
    }

    /**
     * The encoder layers.
     *
     * @return {@code layers.0}, {@code layers.1}, ...
     */
    protected final List<BEiTTransformerEncoderLayer> layers() {
        return layers;
    }

    /**
     * The patch embedding.
     *
     * @return {@code patch_embed}
     */
    protected final PatchEmbed patchEmbed() {
        return patchEmbed;
    }

    /**
     * The class token.
     *
     * @return {@code cls_token}, or null without one
     */
    protected final Parameter clsToken() {
        return clsToken;
    }

    /**
     * Freezes {@code pos_embed}, {@code cls_token}, {@code patch_embed} and layers {@code 1..frozen_stages} (and the
     * final norms when every layer is), as mmpretrain's {@code _freeze_stages} when {@code frozen_stages > 0}.
     */
    public final void applyFreezing() {
        int frozen = config.frozenStages();
        if (frozen <= 0) {
            return;
        }
        for (Parameter p : new Parameter[] {posEmbed, clsToken}) {
            if (p != null) {
                p.freeze(true);
            }
        }
        patchEmbed.freezeParameters(true);
        for (int i = 0; i < frozen; i++) {
            layers.get(i).freezeParameters(true);
        }
        if (frozen == layers.size()) {
            for (LayerNorm norm : new LayerNorm[] {ln1, ln2}) {
                if (norm != null) {
                    norm.freezeParameters(true);
                }
            }
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray images = inputs.singletonOrThrow();
        long[] grid = grid(images.getShape());
        NDArray x = prepareTokens(parameterStore, embedPatches(parameterStore, images, training), grid, training);
        NDList outputs = new NDList(config.common().outIndices().size());
        NDArray bias = sharedRelPosBias(parameterStore, x.getManager(), training);
        for (int i = 0; i < layers.size(); i++) {
            x = layer(parameterStore, i, x, bias, training);
            if (returned[i]) {
                outputs.add(ViTOutput.format(config.common().outType(), x, grid, numExtraTokens,
                        y -> ln2.forward(parameterStore, new NDList(y), training).singletonOrThrow()));
            }
        }
        return outputs;
    }

    /**
     * The patch grid of an image batch.
     *
     * @param images {@code (B, C, H, W)}
     * @return {@code {h, w}}
     */
    protected final long[] grid(Shape images) {
        return patchEmbed.gridSize(images.get(2), images.get(3));
    }

    /**
     * The patch embedding of an image batch.
     *
     * @param parameterStore the parameter store
     * @param images {@code (B, C, H, W)}
     * @param training whether this is a training pass
     * @return {@code (B, h * w, C)}
     */
    protected final NDArray embedPatches(ParameterStore parameterStore, NDArray images, boolean training) {
        return patchEmbed.forward(parameterStore, new NDList(images), training && config.frozenStages() <= 0)
                .singletonOrThrow();
    }

    /**
     * Prepends the class token, adds {@code pos_embed} when there is one (resized for another grid) and applies the
     * dropout {@code drop_after_pos}.
     *
     * @param parameterStore the parameter store
     * @param patches {@code (B, h * w, C)}, possibly altered by a subclass
     * @param grid the patch grid
     * @param training whether this is a training pass
     * @return the first layer's input {@code (B, extra + h * w, C)}
     */
    protected final NDArray prepareTokens(ParameterStore parameterStore, NDArray patches, long[] grid,
            boolean training) {
        NDArray x = patches;
        NDManager manager = x.getManager();
        Device device = x.getDevice();
        if (clsToken != null) {
            x = ViTOutput.prependClsToken(parameterStore, clsToken, x, training);
        }
        if (posEmbed != null) {
            x = x.add(PositionEmbedding.resize(parameterStore.getValue(posEmbed, device, training), patchResolution,
                    grid, config.common().interpolateMode(), numExtraTokens, manager));
        }
        double rate = config.common().dropRate();
        if (training && config.frozenStages() <= 0 && rate > 0) {
            x = Dropout.dropout(x, (float) rate, true).singletonOrThrow();
        }
        return x;
    }

    /**
     * The shared relative position bias, mmpretrain's {@code rel_pos_bias()}.
     *
     * @param parameterStore the parameter store
     * @param manager where the bias is created
     * @param training whether this is a training pass
     * @return {@code (heads, N, N)}, or null without {@code use_shared_rel_pos_bias}
     */
    public final NDArray sharedRelPosBias(ParameterStore parameterStore, NDManager manager, boolean training) {
        return relPosBias == null ? null : relPosBias.bias(parameterStore, manager, training);
    }

    /**
     * Runs layer {@code i}, then {@code ln1} if it is the last and {@code final_norm} is set.
     *
     * @param parameterStore the parameter store
     * @param i the layer index
     * @param x its input tokens
     * @param bias the shared relative position bias, or null
     * @param training whether this is a training pass
     * @return its output tokens
     */
    protected final NDArray layer(ParameterStore parameterStore, int i, NDArray x, NDArray bias, boolean training) {
        NDList in = bias == null ? new NDList(x) : new NDList(x, bias);
        NDArray out = layers.get(i).forward(parameterStore, in, training && i >= config.frozenStages())
                .singletonOrThrow();
        if (i == layers.size() - 1 && ln1 != null) {
            out = ln1.forward(parameterStore, new NDList(out), training).singletonOrThrow();
        }
        return out;
    }

    /**
     * Whether the output of layer {@code i} is returned.
     *
     * @param i the layer index
     * @return true when {@code i} is among {@code out_indices}
     */
    protected final boolean isReturned(int i) {
        return returned[i];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape image = inputShapes[0];
        Shape out = ViTOutput.shape(config.common().outType(), image.get(0), grid(image), numExtraTokens,
                config.common().arch().embedDims());
        Shape[] shapes = new Shape[config.common().outIndices().size()];
        Arrays.fill(shapes, out);
        return shapes;
    }

    /**
     * The token shape the layers see.
     *
     * @param image {@code (B, C, H, W)}
     * @return {@code (B, extra + h * w, C)}
     */
    protected final Shape tokenShape(Shape image) {
        long[] grid = grid(image);
        return new Shape(image.get(0), grid[0] * grid[1] + numExtraTokens, config.common().arch().embedDims());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape image = inputShapes[0];
        patchEmbed.initialize(manager, dataType, image);
        Shape tokens = tokenShape(image);
        if (relPosBias != null) {
            relPosBias.initialize(manager, dataType, tokens);
        }
        Shape[] perLayer = new Shape[layers.size()];
        Arrays.fill(perLayer, tokens);
        layerList.initialize(manager, dataType, perLayer);
        if (ln1 != null) {
            ln1.initialize(manager, dataType, tokens);
        }
        if (ln2 != null) {
            ln2.initialize(manager, dataType, new Shape(image.get(0), config.common().arch().embedDims()));
        }
    }

    /**
     * mmpretrain's {@code get_layer_depth}: {@code num_layers + 2} layer ids.
     *
     * @return the number of encoder layers plus 2
     */
    @Override
    public final int numLayers() {
        return LayerDepth.transformerNumLayers(layers.size());
    }

    /**
     * mmpretrain's {@code get_layer_depth}: embeddings 0, {@code layers.i} {@code i + 1}, the rest last.
     *
     * @param paramName the parameter's name relative to the backbone
     * @return its layer id
     */
    @Override
    public final int layerDepth(String paramName) {
        return LayerDepth.transformerLayerDepth(paramName, layers.size());
    }
}
