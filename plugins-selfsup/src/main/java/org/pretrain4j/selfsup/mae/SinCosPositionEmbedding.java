package org.pretrain4j.selfsup.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import org.pretrain4j.api.Pretrain4jException;

/**
 * The fixed 2-D sine-cosine position embedding of MAE's encoder and decoder, mmpretrain's
 * {@code build_2d_sincos_position_embedding(grid, embed_dims, temperature=10000., cls_token=True)}, as the
 * initializer of the (frozen) {@code pos_embed} and {@code decoder_pos_embed} parameters, so the values are stored
 * in checkpoints as mmpretrain stores them.
 *
 * <p>With {@code D = embed_dims / 4} and {@code omega_d = 1 / 10000^(d / D)}, patch token {@code t} of an
 * {@code h x w} grid gets {@code [sin(a omega), cos(a omega), sin(b omega), cos(b omega)]} with {@code a = t / h}
 * and {@code b = t mod h} (mmpretrain's {@code meshgrid(grid_w, grid_h)} flattened; on its square grids {@code a} is
 * the patch row and {@code b} the column), after an all-zero slot for the class token. The values are computed in
 * float32 steps as torch does.
 */
public final class SinCosPositionEmbedding implements Initializer {
    private static final float TEMPERATURE = 10000f;

    private final int gridHeight;
    private final int gridWidth;

    /**
     * Creates the initializer for a patch grid.
     *
     * @param gridHeight patch rows
     * @param gridWidth patch columns
     * @throws IllegalArgumentException if a side is not positive
     */
    public SinCosPositionEmbedding(long gridHeight, long gridWidth) {
        if (gridHeight < 1 || gridWidth < 1) {
            throw new IllegalArgumentException("grid sides must be positive, got " + gridHeight + " x " + gridWidth);
        }
        this.gridHeight = Math.toIntExact(gridHeight);
        this.gridWidth = Math.toIntExact(gridWidth);
    }

    /**
     * The embedding values, class-token slot first.
     *
     * @param gridHeight patch rows
     * @param gridWidth patch columns
     * @param embedDims the token size, a multiple of 4
     * @return {@code (1 + h * w) * embedDims} values, row-major
     * @throws Pretrain4jException if {@code embedDims} is not a multiple of 4
     */
    public static float[] values(int gridHeight, int gridWidth, int embedDims) {
        if (embedDims % 4 != 0 || embedDims <= 0) {
            throw new Pretrain4jException("a 2-D sin-cos position embedding needs embed_dims divisible by 4, got "
                    + embedDims);
        }
        int quarter = embedDims / 4;
        float[] omega = new float[quarter];
        for (int d = 0; d < quarter; d++) {
            omega[d] = 1f / (float) Math.pow(TEMPERATURE, (float) d / quarter);
        }
        int tokens = gridHeight * gridWidth;
        float[] out = new float[(tokens + 1) * embedDims];
        for (int t = 0; t < tokens; t++) {
            float a = t / gridHeight;
            float b = t % gridHeight;
            int row = (t + 1) * embedDims;
            for (int d = 0; d < quarter; d++) {
                float outA = a * omega[d];
                float outB = b * omega[d];
                out[row + d] = (float) Math.sin(outA);
                out[row + quarter + d] = (float) Math.cos(outA);
                out[row + 2 * quarter + d] = (float) Math.sin(outB);
                out[row + 3 * quarter + d] = (float) Math.cos(outB);
            }
        }
        return out;
    }

    /**
     * Creates the embedding.
     *
     * @param manager where it is created
     * @param shape {@code (1, 1 + h * w, embed_dims)}
     * @param dataType its data type
     * @return the embedding
     * @throws Pretrain4jException if the shape does not fit the grid
     */
    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long tokens = (long) gridHeight * gridWidth + 1;
        if (shape.dimension() != 3 || shape.get(0) != 1 || shape.get(1) != tokens) {
            throw new Pretrain4jException("a sin-cos position embedding for a " + gridHeight + " x " + gridWidth
                    + " grid has shape (1, " + tokens + ", embed_dims), not " + shape);
        }
        float[] v = values(gridHeight, gridWidth, Math.toIntExact(shape.get(2)));
        return manager.create(v, shape).toType(dataType, false);
    }
}
