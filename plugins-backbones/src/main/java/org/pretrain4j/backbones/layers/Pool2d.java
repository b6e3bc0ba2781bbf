package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Square max or average pooling over {@code (N, C, H, W)}, PyTorch's {@code nn.MaxPool2d} / {@code nn.AvgPool2d}.
 *
 * <p>DJL's {@code Pool.maxPool2dBlock} is a lambda block whose {@code getOutputShapes} runs the pooling on a zero
 * tensor; this block computes output shapes with PyTorch's arithmetic instead (ceil mode included), so shape
 * inference allocates nothing.
 */
public final class Pool2d extends AbstractBlock {
    private final boolean max;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    private Pool2d(boolean max, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        super((byte) 1);
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("invalid pooling: kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + " (padding must be at most half the kernel)");
        }
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    /**
     * Max pooling, {@code nn.MaxPool2d(kernel, stride, padding)}.
     *
     * @param kernel the window size
     * @param stride the step
     * @param padding implicit negative-infinity padding on each side
     * @return the block
     */
    public static Pool2d max(int kernel, int stride, int padding) {
        return new Pool2d(true, kernel, stride, padding, false, true);
    }

    /**
     * Average pooling, {@code nn.AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad)}.
     *
     * @param kernel the window size
     * @param stride the step
     * @param padding implicit zero padding on each side
     * @param ceilMode round the output size up, letting the last window start inside the right padding
     * @param countIncludePad count padded zeros in the divisor
     * @return the block
     */
    public static Pool2d avg(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) {
        return new Pool2d(false, kernel, stride, padding, ceilMode, countIncludePad);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(padding, padding);
        return new NDList(max ? Pool.maxPool2d(x, k, s, p, ceilMode) : Pool.avgPool2d(x, k, s, p, ceilMode,
                countIncludePad));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outputSize(in.get(2)), outputSize(in.get(3)))};
    }

    /** PyTorch's {@code pooling_output_shape}: a window may not start in the right padding. */
    private long outputSize(long size) {
        long span = size + 2L * padding - kernel + (ceilMode ? stride - 1 : 0);
        long out = Math.floorDiv(span, stride) + 1;
        if (ceilMode && (out - 1) * stride >= size + padding) {
            out--;
        }
        return out;
    }

    @Override
    public String toString() {
        return (max ? "MaxPool2d" : "AvgPool2d") + "(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (ceilMode ? ", ceil_mode" : "") + ")";
    }
}
