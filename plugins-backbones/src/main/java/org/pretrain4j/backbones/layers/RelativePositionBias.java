package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * BEiT's relative position bias over the tokens of a {@code Wh x Ww} patch grid plus a leading class token, as
 * mmpretrain's {@code RelativePositionBias} (the bias one {@code BEiTViT} shares between its layers, state-dict key
 * {@code rel_pos_bias.relative_position_bias_table}) and the per-layer table of its {@code BEiTAttention}: a learned
 * table {@code ((2 Wh - 1)(2 Ww - 1) + 3, heads)}, one row per relative offset plus three for class-to-patch,
 * patch-to-class and class-to-class, read through a fixed index into the {@code (heads, N, N)} bias added to the
 * attention scores, {@code N = Wh * Ww + 1}.
 *
 * <p>The index is recomputed from the grid, not stored: PyTorch's buffer {@code relative_position_index} in a
 * checkpoint is an unexpected key here, reported and skipped by non-strict loading.
 *
 * <p>The block's forward pass ignores its input except for the manager the bias is created in, and returns the
 * {@code (heads, N, N)} bias.
 */
public final class RelativePositionBias extends AbstractBlock {
    /** The state-dict name of the table. */
    public static final String TABLE = "relative_position_bias_table";

    private final long[] window;
    private final int numHeads;
    private final Parameter table;
    private final long[] flatIndex;

    /**
     * Creates the block.
     *
     * @param window the patch grid {@code {Wh, Ww}}
     * @param numHeads the attention heads
     * @param initializer how the table starts (mmpretrain: zeros for the shared table, {@code N(0, 0.02)} per layer)
     */
    public RelativePositionBias(long[] window, int numHeads, Initializer initializer) {
        super((byte) 1);
        this.window = window.clone();
        this.numHeads = numHeads;
        this.table = addParameter(table(window, numHeads, initializer));
        this.flatIndex = flatIndex(window, numHeads);
    }

    /**
     * A relative-position table parameter, for a block that owns one directly (mmpretrain's per-layer
     * {@code attn.relative_position_bias_table}).
     *
     * @param window the patch grid {@code {Wh, Ww}}
     * @param numHeads the attention heads
     * @param initializer how it starts
     * @return the parameter, {@code ((2 Wh - 1)(2 Ww - 1) + 3, heads)}, not yet added to a block
     */
    public static Parameter table(long[] window, int numHeads, Initializer initializer) {
        long distances = (2 * window[0] - 1) * (2 * window[1] - 1) + 3;
        return Parameter.builder().setName(TABLE).setType(Parameter.Type.OTHER)
                .optShape(new Shape(distances, numHeads)).optInitializer(initializer).build();
    }

    /**
     * The positions in the flattened table of each (query, key, head) entry of the bias, row-major over
     * {@code (N, N, heads)}: mmpretrain's {@code relative_position_index} times the heads, plus the head.
     *
     * @param window the patch grid {@code {Wh, Ww}}
     * @param numHeads the attention heads
     * @return {@code N * N * heads} indices
     */
    public static long[] flatIndex(long[] window, int numHeads) {
        int wh = (int) window[0];
        int ww = (int) window[1];
        int patches = wh * ww;
        int tokens = patches + 1;
        long distances = (2L * wh - 1) * (2L * ww - 1) + 3;
        long[] index = new long[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                long value;
                if (i == 0 && j == 0) {
                    value = distances - 1;
                } else if (j == 0) {
                    value = distances - 2;
                } else if (i == 0) {
                    value = distances - 3;
                } else {
                    int dy = (i - 1) / ww - (j - 1) / ww + wh - 1;
                    int dx = (i - 1) % ww - (j - 1) % ww + ww - 1;
                    value = (long) dy * (2L * ww - 1) + dx;
                }
                index[i * tokens + j] = value;
            }
        }
        long[] flat = new long[index.length * numHeads];
        for (int p = 0; p < index.length; p++) {
            for (int h = 0; h < numHeads; h++) {
                flat[p * numHeads + h] = index[p] * numHeads + h;
            }
        }
        return flat;
    }

    /**
     * Reads the bias out of a table.
     *
     * @param table the table {@code (distances, heads)}
     * @param flatIndex from {@link #flatIndex}
     * @param numHeads the heads
     * @param manager where the bias is created (the batch's, not the model's)
     * @return {@code (heads, N, N)}
     */
    public static NDArray bias(NDArray table, long[] flatIndex, int numHeads, NDManager manager) {
        long tokens = Math.round(Math.sqrt(flatIndex.length / (double) numHeads));
        return table.take(manager, manager.create(flatIndex)).reshape(tokens, tokens, numHeads).transpose(2, 0, 1);
    }

    /**
     * The bias.
     *
     * @param parameterStore the parameter store
     * @param manager where the bias is created
     * @param training whether this is a training pass
     * @return {@code (heads, N, N)}
     */
    public NDArray bias(ParameterStore parameterStore, NDManager manager, boolean training) {
        return bias(parameterStore.getValue(table, manager.getDevice(), training), flatIndex, numHeads, manager);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(bias(parameterStore, inputs.head().getManager(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long tokens = window[0] * window[1] + 1;
        return new Shape[] {new Shape(numHeads, tokens, tokens)};
    }

    @Override
    public String toString() {
        return "RelativePositionBias(window=" + window[0] + "x" + window[1] + ", num_heads=" + numHeads + ")";
    }
}
