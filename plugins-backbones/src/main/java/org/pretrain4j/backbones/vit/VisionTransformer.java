package org.pretrain4j.backbones.vit;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import java.util.function.BiConsumer;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.model.Backbone;
import org.pretrain4j.api.model.CheckpointAdapter;
import org.pretrain4j.api.model.LayerDepth;
import org.pretrain4j.backbones.layers.DropPath;
import org.pretrain4j.backbones.layers.LayerNorm;
import org.pretrain4j.backbones.layers.NamedSequence;
import org.pretrain4j.backbones.layers.PatchEmbed;
import org.pretrain4j.backbones.layers.PositionEmbedding;
import org.pretrain4j.backbones.layers.TransformerEncoderLayer;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.Arch;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

/**
 * mmpretrain's {@code VisionTransformer}: the image batch {@code (B, C_in, H, W)} is cut into patches
 * ({@code patch_embed}), a class token is prepended, the position embedding added (resized on the fly, bicubic, when
 * the patch grid differs from the one {@code img_size} gives), and the tokens pass through pre-norm encoder layers,
 * the last one followed by the norm {@code ln1}. The outputs of the layers in {@code out_indices} are returned,
 * shallowest first, formatted by {@code out_type}.
 *
 * <p>Names give mmpretrain's state-dict keys: {@code cls_token}, {@code pos_embed},
 * {@code patch_embed.projection.weight}, {@code layers.0.ln1.weight}, {@code layers.0.attn.qkv.weight},
 * {@code layers.0.ffn.layers.0.0.weight}, {@code pre_norm.weight}, {@code ln1.weight}, {@code ln2.weight}. Layer
 * norms use eps 1e-6 (mmpretrain's {@code norm_cfg} default). Initialisation as mmpretrain's without
 * {@code init_cfg}: {@code pos_embed} {@code N(0, 0.02)} (mmengine's {@code trunc_normal_} cuts at +-2, i.e. at 100
 * standard deviations, so no truncation happens), {@code cls_token} zero, FFN Linears Xavier-uniform, other Linears
 * and the patch projection PyTorch's defaults.
 *
 * <p>As a {@link CheckpointAdapter} it loads a {@code pos_embed} made for another square grid by resizing it, and
 * drops the class-token slot of a checkpoint's {@code pos_embed} when this model has no class token, as
 * mmpretrain's {@code _prepare_pos_embed} load hook.
 *
 * <p>With {@code frozen_stages > 0} the embeddings, {@code pre_norm} and the first {@code frozen_stages} layers (and
 * {@code ln1} and {@code ln2} when all layers are frozen) are frozen at construction and run without dropout, as
 * mmpretrain keeps them in {@code eval()}; call {@link #applyFreezing()} again if DJL unfroze them (it does in {@code Model.newTrainer}
 * after {@code Model.load}).
 *
 * <p>Layer-wise learning-rate decay sees it through {@link LayerDepth}: mmpretrain's {@code get_layer_depth} puts the
 * embeddings at layer 0, {@code layers.i} at {@code i + 1} and everything else (final norms, a subclass's
 * {@code mask_token}) at {@code num_layers + 1}.
 *
 * <p>The pre-training variants of self-supervised algorithms (MAE's and MaskFeat's ViTs) extend this class: their
 * masked forward passes reuse the patch embedding ({@link #embedPatches}), the class token and position embedding
 * ({@link #clsToken()}, {@link #posEmbed()}, {@link #prepareTokens}) and the encoder ({@link #encode}), while the
 * block's own forward pass stays the plain ViT forward that feature extraction uses.
 */
public class VisionTransformer extends AbstractBlock implements Backbone, CheckpointAdapter, LayerDepth {
    /** mmpretrain's ViT {@code norm_cfg}: {@code dict(type='LN', eps=1e-6)}. */
    private static final float NORM_EPS = 1e-6f;
    private static final String POS_EMBED = "pos_embed";

    private final VisionTransformerConfig config;
    private final int numExtraTokens;
    private final long[] patchResolution;
    private final PatchEmbed patchEmbed;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final List<TransformerEncoderLayer> layers = new ArrayList<>();
    private final NamedSequence layerSequence;
    private final LayerNorm preNorm;
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final boolean[] returned;

    /**
     * Builds the network.
     *
     * @param config the validated config
     * @throws IllegalArgumentException if an out index is not a layer index
     */
    public VisionTransformer(VisionTransformerConfig config) {
        super((byte) 1);
        this.config = requireNonNull(config, "config is null");
        Arch arch = config.arch();
        int dims = arch.embedDims();
        numExtraTokens = config.withClsToken() ? 1 : 0;
        patchEmbed = addChildBlock("patch_embed",
                new PatchEmbed(config.inChannels(), dims, config.patchSize(), !config.preNorm()));
        patchResolution = patchEmbed.gridSize(config.imgHeight(), config.imgWidth());
        clsToken = config.withClsToken()
                ? addParameter(token("cls_token", new Shape(1, 1, dims), Initializer.ZEROS))
                : null;
        long positions = patchResolution[0] * patchResolution[1] + numExtraTokens;
        posEmbed = addParameter(token(POS_EMBED, new Shape(1, positions, dims), new NormalInitializer(0.02f)));

        float[] dropPath = DropPath.linearDecay(config.dropPathRate(), arch.numLayers());
        layerSequence = new NamedSequence();
        for (int i = 0; i < arch.numLayers(); i++) {
            TransformerEncoderLayer layer = TransformerEncoderLayer.builder()
                    .setEmbedDims(dims)
                    .setNumHeads(arch.numHeads())
                    .setFeedforwardChannels(arch.feedforwardChannels())
                    .optDropRate((float) config.dropRate())
                    .optDropPathRate(dropPath[i])
                    .optQkvBias(config.qkvBias())
                    .optLayerScaleInitValue((float) config.layerScaleInitValue())
                    .optNormEpsilon(NORM_EPS)
                    .build();
            layerSequence.add(layer);
            layers.add(layer);
        }
        addChildBlock("layers", layerSequence);
        preNorm = config.preNorm() ? addChildBlock("pre_norm", new LayerNorm(NORM_EPS)) : null;
        ln1 = config.finalNorm() ? addChildBlock("ln1", new LayerNorm(NORM_EPS)) : null;
        ln2 = config.outType().pools() ? addChildBlock("ln2", new LayerNorm(NORM_EPS)) : null;

        returned = new boolean[arch.numLayers()];
        for (int index : config.outIndices()) {
            if (index < 0 || index >= arch.numLayers()) {
                throw new IllegalArgumentException("out index " + index + " is not a layer index < "
                        + arch.numLayers());
            }
            returned[index] = true;
        }
        applyFreezing();
    }

    /**
     * Creates a learned token or embedding, {@link Parameter.Type#OTHER} so that no weight-type default
     * initialisation or norm rule applies to it; subclasses add their own ({@code mask_token}) the same way.
     *
     * @param name the state-dict name
     * @param shape the shape
     * @param initializer how it starts
     * @return the parameter, not yet added to a block
     */
    protected static Parameter token(String name, Shape shape, Initializer initializer) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(initializer).build();
    }

    /**
     * The config this network was built from.
     *
     * @return the config
     */
    public final VisionTransformerConfig config() {
        return config;
    }

    /**
     * The patch grid of {@code img_size}, the grid {@code pos_embed} is made for.
     *
     * @return {@code {h, w}}
     */
    public final long[] patchResolution() {
        return patchResolution.clone();
    }

    /**
     * The tokens before the patch tokens: 1 with a class token, else 0.
     *
     * @return mmpretrain's {@code num_extra_tokens}
     */
    public final int numExtraTokens() {
        return numExtraTokens;
    }

    /**
     * Freezes {@code pos_embed}, {@code cls_token}, {@code patch_embed}, {@code pre_norm} and layers
     * {@code 1..frozen_stages} (and {@code ln1} and {@code ln2} when every layer is frozen), as mmpretrain's
     * {@code _freeze_stages} when {@code frozen_stages > 0}. The constructor calls it; call it again if something
     * unfroze them.
     */
    public final void applyFreezing() {
        int frozen = config.frozenStages();
        if (frozen <= 0) {
            return;
        }
        posEmbed.freeze(true);
        if (clsToken != null) {
            clsToken.freeze(true);
        }
        patchEmbed.freezeParameters(true);
        if (preNorm != null) {
            preNorm.freezeParameters(true);
        }
        for (int i = 0; i < frozen; i++) {
            layers.get(i).freezeParameters(true);
        }
        if (frozen == layers.size()) {
            // The norms after the last layer go with it: nothing of a fully frozen encoder trains.
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
        Shape image = inputs.singletonOrThrow().getShape();
        long[] grid = patchEmbed.gridSize(image.get(2), image.get(3));
        NDArray x = prepareTokens(parameterStore, embedPatches(parameterStore, inputs.head(), training), grid,
                training);
        NDList outputs = new NDList(config.outIndices().size());
        runLayers(parameterStore, x, training, (i, out) -> {
            if (returned[i]) {
                outputs.add(format(parameterStore, out, grid, training));
            }
        });
        return outputs;
    }

    /**
     * The patch embedding of an image batch, the first step of every forward pass.
     *
     * @param parameterStore the parameter store
     * @param images {@code (B, C_in, H, W)}
     * @param training whether this is a training pass
     * @return the patch tokens {@code (B, h * w, C)}, row by row, in the images' manager
     */
    protected final NDArray embedPatches(ParameterStore parameterStore, NDArray images, boolean training) {
        return patchEmbed.forward(parameterStore, new NDList(images), training).singletonOrThrow();
    }

    /**
     * What the plain forward pass does between the patch embedding and the first layer: prepend the class token, add
     * the position embedding (resized when {@code grid} differs from {@link #patchResolution()}), then dropout
     * ({@code drop_after_pos}) and {@code pre_norm}.
     *
     * @param parameterStore the parameter store
     * @param patches the patch tokens {@code (B, h * w, C)}, possibly altered by a subclass
     * @param grid the patch grid {@code {h, w}} the tokens come from
     * @param training whether this is a training pass
     * @return the tokens the first layer takes, {@code (B, extra + h * w, C)}
     */
    protected final NDArray prepareTokens(ParameterStore parameterStore, NDArray patches, long[] grid,
            boolean training) {
        NDArray x = patches;
        // Everything made from a parameter goes to the batch's manager, not to the parameter's (the model's).
        NDManager manager = x.getManager();
        Device device = x.getDevice();
        if (clsToken != null) {
            x = ViTOutput.prependClsToken(parameterStore, clsToken, x, training);
        }
        x = x.add(PositionEmbedding.resize(parameterStore.getValue(posEmbed, device, training), patchResolution,
                grid, config.interpolateMode(), numExtraTokens, manager));
        boolean stemTraining = training && config.frozenStages() <= 0;
        if (stemTraining && config.dropRate() > 0) {
            x = Dropout.dropout(x, (float) config.dropRate(), true).singletonOrThrow();
        }
        if (preNorm != null) {
            x = preNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        return x;
    }

    /**
     * Runs the encoder layers, then {@code ln1} when {@code final_norm}: the end of the masked forward passes of the
     * pre-training variants, which need the last layer's tokens whatever {@code out_indices} and {@code out_type} say.
     *
     * @param parameterStore the parameter store
     * @param tokens the tokens {@code (B, N, C)}
     * @param training whether this is a training pass
     * @return the normalised last-layer tokens {@code (B, N, C)}
     */
    protected final NDArray encode(ParameterStore parameterStore, NDArray tokens, boolean training) {
        return runLayers(parameterStore, tokens, training, (i, out) -> { });
    }

    /** Every layer in turn, {@code ln1} after the last; {@code tap} sees each layer's output. */
    private NDArray runLayers(ParameterStore parameterStore, NDArray tokens, boolean training,
            BiConsumer<Integer, NDArray> tap) {
        NDArray x = tokens;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(parameterStore, new NDList(x), training && i >= config.frozenStages())
                    .singletonOrThrow();
            if (i == layers.size() - 1 && ln1 != null) {
                x = ln1.forward(parameterStore, new NDList(x), training).singletonOrThrow();
            }
            tap.accept(i, x);
        }
        return x;
    }

    /**
     * The class token.
     *
     * @return {@code cls_token} {@code (1, 1, C)}, or null without one
     */
    protected final Parameter clsToken() {
        return clsToken;
    }

    /**
     * The position embedding.
     *
     * @return {@code pos_embed} {@code (1, extra + h * w, C)}, made for {@link #patchResolution()}
     */
    protected final Parameter posEmbed() {
        return posEmbed;
    }

    /**
     * The patch embedding block, for subclasses that initialise it their own way.
     *
     * @return {@code patch_embed}
     */
    protected final PatchEmbed patchEmbed() {
        return patchEmbed;
    }

    /** mmpretrain's {@code _format_output}. */
    private NDArray format(ParameterStore parameterStore, NDArray x, long[] grid, boolean training) {
        return ViTOutput.format(config.outType(), x, grid, numExtraTokens,
                y -> ln2.forward(parameterStore, new NDList(y), training).singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape image = inputShapes[0];
        long batch = image.get(0);
        long[] grid = patchEmbed.gridSize(image.get(2), image.get(3));
        Shape out = ViTOutput.shape(config.outType(), batch, grid, numExtraTokens, config.arch().embedDims());
        Shape[] shapes = new Shape[config.outIndices().size()];
        Arrays.fill(shapes, out);
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape image = inputShapes[0];
        patchEmbed.initialize(manager, dataType, image);
        long[] grid = patchEmbed.gridSize(image.get(2), image.get(3));
        long dims = config.arch().embedDims();
        Shape tokens = new Shape(image.get(0), grid[0] * grid[1] + numExtraTokens, dims);
        layerSequence.initialize(manager, dataType, tokens);
        for (LayerNorm norm : new LayerNorm[] {preNorm, ln1}) {
            if (norm != null) {
                norm.initialize(manager, dataType, tokens);
            }
        }
        if (ln2 != null) {
            ln2.initialize(manager, dataType, new Shape(image.get(0), dims));
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
     * @param paramName the parameter's name relative to the backbone, e.g. {@code layers.3.attn.qkv.weight}
     * @return its layer id
     */
    @Override
    public final int layerDepth(String paramName) {
        return LayerDepth.transformerLayerDepth(paramName, layers.size());
    }

    /**
     * Adapts a checkpoint's {@code pos_embed}: drops its class-token slot when this model has no class token, then
     * resizes its (square) grid to this model's with {@code interpolate_mode}.
     *
     * @param name the parameter's name relative to this block
     * @param loaded the checkpoint tensor
     * @param expected this model's shape
     * @return the adapted tensor in {@code loaded}'s manager, or null for any other parameter or a tensor whose
     *     rank or channels differ
     * @throws CheckpointException if the checkpoint's grid is not square, so its shape cannot be inferred
     */
    @Override
    public final NDArray adaptCheckpointTensor(String name, NDArray loaded, Shape expected) {
        Shape shape = loaded.getShape();
        if (!POS_EMBED.equals(name) || shape.dimension() != 3 || expected.dimension() != 3
                || shape.get(0) != 1 || shape.get(2) != expected.get(2)) {
            return null;
        }
        NDArray pos = loaded;
        if (clsToken == null && shape.get(1) == expected.get(1) + 1) {
            pos = loaded.get(new NDIndex(":, 1:"));
        }
        long patches = pos.getShape().get(1) - numExtraTokens;
        long side = Math.round(Math.sqrt(patches));
        if (patches <= 0 || side * side != patches) {
            throw new CheckpointException("cannot resize the checkpoint's pos_embed " + shape + " to " + expected
                    + ": its " + patches + " patch positions are not a square grid");
        }
        return PositionEmbedding.resize(pos, new long[] {side, side}, patchResolution, config.interpolateMode(),
                numExtraTokens, loaded.getManager());
    }
}
