package org.pretrain4j.api.model;

/**
 * The layer depth of each parameter of a backbone, mmpretrain's {@code get_layer_depth(param_name, prefix)}, which
 * layer-wise learning-rate decay ({@code optim_wrapper.constructor = LearningRateDecayOptimWrapperConstructor})
 * needs: a parameter at layer {@code i} trains at {@code lr * rate^(numLayers - i - 1)}.
 *
 * <p>Layer ids run from 0 (the stem) to {@code numLayers() - 1}, which is reserved for everything after the
 * backbone (neck, head): the framework gives that id to every parameter outside the backbone, so it trains at the
 * full learning rate, as mmpretrain's {@code get_layer_depth} returns {@code (num_layers - 1, num_layers)} for names
 * without the {@code backbone.} prefix.
 */
public interface LayerDepth {
    /**
     * The number of layer ids, mmpretrain's second return value of {@code get_layer_depth}.
     *
     * @return the count, at least 2
     * @throws UnsupportedOperationException if this instance's architecture has no layer grouping (mmpretrain's
     *     {@code NotImplementedError}, e.g. ResNet-18)
     */
    int numLayers();

    /**
     * The layer id of one of this backbone's parameters.
     *
     * @param paramName the parameter's PyTorch name relative to the backbone, e.g. {@code layer1.0.conv1.weight}
     *     or {@code layers.3.attn.qkv.weight}
     * @return its id in {@code [0, numLayers())}
     * @throws UnsupportedOperationException as {@link #numLayers()}
     */
    int layerDepth(String paramName);

    /**
     * mmpretrain's {@code VisionTransformer.get_layer_depth} rule, for transformer backbones whose encoder layers are
     * named {@code layers.<i>}: {@code cls_token}, {@code pos_embed} and everything under {@code patch_embed} are
     * layer 0, {@code layers.<i>.*} is layer {@code i + 1}, and anything else (final norms, a {@code mask_token}) is
     * layer {@code depth + 1}; such a backbone has {@code depth + 2} layer ids ({@link #transformerNumLayers}).
     *
     * @param paramName the parameter's name relative to the backbone
     * @param depth the number of encoder layers
     * @return the layer id
     */
    static int transformerLayerDepth(String paramName, int depth) {
        if (paramName.equals("cls_token") || paramName.equals("pos_embed") || paramName.startsWith("patch_embed")) {
            return 0;
        }
        if (paramName.startsWith("layers")) {
            String[] parts = paramName.split("\\.");
            if (parts.length > 1 && !parts[1].isEmpty() && parts[1].chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(parts[1]) + 1;
            }
        }
        return depth + 1;
    }

    /**
     * The number of layer ids of a transformer with {@code depth} encoder layers under
     * {@link #transformerLayerDepth}: {@code depth + 2}.
     *
     * @param depth the number of encoder layers
     * @return {@code depth + 2}
     */
    static int transformerNumLayers(int depth) {
        return depth + 2;
    }
}
