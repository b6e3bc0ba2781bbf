package org.pretrain4j.backbones.layers;

import static java.util.Objects.requireNonNull;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Resizes a learned position embedding to another patch grid, as mmpretrain's {@code resize_pos_embed}: the extra
 * tokens at the front (class token, ...) are kept as they are, the grid part is interpolated as a {@code C}-channel
 * {@code h x w} image with PyTorch's {@code F.interpolate(..., align_corners=False)}.
 *
 * <p>DJL's image resize cannot be used: its PyTorch engine runs bicubic interpolation with {@code antialias=True},
 * whose kernel ({@code a = -0.5}) differs from PyTorch's default ({@code a = -0.75}) even when upsampling. Instead,
 * interpolation here is what it is mathematically, a fixed linear map: a {@code (extra + H'W') x (extra + HW)}
 * matrix (identity on the extra tokens, the Kronecker product of the per-axis interpolation weights on the grid),
 * built in Java with PyTorch's index and weight rules and applied with one matrix product. That product is exact to
 * float rounding, keeps gradients flowing to the embedding, needs no transposes and works on any engine.
 */
public final class PositionEmbedding {
    /** PyTorch's bicubic convolution constant. */
    private static final double CUBIC_A = -0.75;

    private PositionEmbedding() {}

    /**
     * Resizes a position embedding.
     *
     * @param posEmbed the embedding {@code (1, extra + srcH * srcW, C)}
     * @param srcGrid {@code {srcH, srcW}}
     * @param dstGrid {@code {dstH, dstW}}
     * @param mode {@code BICUBIC} (mmpretrain's default), {@code BILINEAR} or {@code NEAREST}
     * @param numExtraTokens the tokens before the grid, kept unchanged
     * @param manager where the result goes; the embedding may be a parameter, whose manager must not collect
     *     per-step arrays
     * @return {@code (1, extra + dstH * dstW, C)}; {@code posEmbed} itself when the grids are equal
     * @throws IllegalArgumentException if the embedding's length does not match the source grid, or for
     *     {@code AREA}
     */
    public static NDArray resize(NDArray posEmbed, long[] srcGrid, long[] dstGrid, Image.Interpolation mode,
            int numExtraTokens, NDManager manager) {
        Shape shape = posEmbed.getShape();
        if (shape.dimension() != 3 || shape.get(0) != 1
                || shape.get(1) != srcGrid[0] * srcGrid[1] + numExtraTokens) {
            throw new IllegalArgumentException("position embedding " + shape + " does not fit a "
                    + srcGrid[0] + "x" + srcGrid[1] + " grid with " + numExtraTokens + " extra tokens");
        }
        requireNonNull(mode, "mode is null");
        if (Arrays.equals(srcGrid, dstGrid)) {
            return posEmbed;
        }
        double[][] rows = weights((int) srcGrid[0], (int) dstGrid[0], mode);
        double[][] cols = weights((int) srcGrid[1], (int) dstGrid[1], mode);
        int srcLen = (int) (srcGrid[0] * srcGrid[1]) + numExtraTokens;
        int dstLen = (int) (dstGrid[0] * dstGrid[1]) + numExtraTokens;
        float[] map = new float[dstLen * srcLen];
        for (int t = 0; t < numExtraTokens; t++) {
            map[t * srcLen + t] = 1f;
        }
        int srcW = (int) srcGrid[1];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < cols.length; j++) {
                int row = (numExtraTokens + i * cols.length + j) * srcLen + numExtraTokens;
                for (int p = 0; p < rows[i].length; p++) {
                    if (rows[i][p] == 0) {
                        continue;
                    }
                    for (int q = 0; q < srcW; q++) {
                        map[row + p * srcW + q] = (float) (rows[i][p] * cols[j][q]);
                    }
                }
            }
        }
        // The map comes first, so the result belongs to the given manager rather than to the embedding's.
        return manager.create(map, new Shape(dstLen, srcLen)).matMul(posEmbed);
    }

    /**
     * The weights of one axis: {@code w[i][p]} is how much source position {@code p} contributes to destination
     * position {@code i}, following PyTorch's {@code upsample_*} kernels with {@code align_corners = false}.
     */
    static double[][] weights(int src, int dst, Image.Interpolation mode) {
        double[][] w = new double[dst][src];
        // PyTorch computes the scale in the tensor's precision.
        float scale = (float) src / dst;
        for (int i = 0; i < dst; i++) {
            switch (mode) {
                case NEAREST -> w[i][Math.min((int) Math.floor(i * scale), src - 1)] = 1;
                case BILINEAR -> {
                    double real = Math.max(scale * (i + 0.5) - 0.5, 0);
                    int p0 = (int) real;
                    double lambda = real - p0;
                    w[i][p0] += 1 - lambda;
                    w[i][p0 < src - 1 ? p0 + 1 : p0] += lambda;
                }
                case BICUBIC -> {
                    double real = scale * (i + 0.5) - 0.5;
                    int p0 = (int) Math.floor(real);
                    double t = real - p0;
                    double[] coefficients = {
                        cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)
                    };
                    for (int k = 0; k < 4; k++) {
                        w[i][Math.min(Math.max(p0 - 1 + k, 0), src - 1)] += coefficients[k];
                    }
                }
                default -> throw new IllegalArgumentException(
                        "position embeddings are resized with NEAREST, BILINEAR or BICUBIC, not " + mode);
            }
        }
        return w;
    }

    /** Keys' cubic convolution for {@code |x| <= 1}. */
    private static double cubicNear(double x) {
        return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
    }

    /** Keys' cubic convolution for {@code 1 < |x| < 2}. */
    private static double cubicFar(double x) {
        return ((CUBIC_A * x - 5 * CUBIC_A) * x + 8 * CUBIC_A) * x - 4 * CUBIC_A;
    }
}
