package org.pretrain4j.backbones.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.function.UnaryOperator;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

/**
 * mmpretrain's {@code _format_output} of its ViT families ({@code VisionTransformer}, {@code BEiTViT}), shared so
 * that every family formats a layer's tokens the same way.
 */
public final class ViTOutput {
    private ViTOutput() {}

    /**
     * Formats one layer's tokens.
     *
     * @param outType the output type
     * @param x the tokens {@code (B, extra + h * w, C)}
     * @param grid the patch grid {@code {h, w}}
     * @param extraTokens the tokens before the patch tokens (the class token)
     * @param ln2 the norm of {@code avg_featmap} outputs; unused for the other types
     * @return the formatted output
     */
    public static NDArray format(OutType outType, NDArray x, long[] grid, int extraTokens,
            UnaryOperator<NDArray> ln2) {
        return switch (outType) {
            case RAW -> x;
            case CLS_TOKEN -> x.get(new NDIndex(":, 0"));
            case FEATMAP -> patchTokens(x, extraTokens).reshape(x.getShape().get(0), grid[0], grid[1],
                    x.getShape().get(2)).transpose(0, 3, 1, 2);
            case AVG_FEATMAP -> ln2.apply(patchTokens(x, extraTokens).mean(new int[] {1}));
        };
    }

    /**
     * The shape {@link #format} gives.
     *
     * @param outType the output type
     * @param batch the batch size
     * @param grid the patch grid {@code {h, w}}
     * @param extraTokens the tokens before the patch tokens
     * @param dims the token size {@code C}
     * @return the output shape
     */
    public static Shape shape(OutType outType, long batch, long[] grid, int extraTokens, long dims) {
        return switch (outType) {
            case RAW -> new Shape(batch, grid[0] * grid[1] + extraTokens, dims);
            case CLS_TOKEN, AVG_FEATMAP -> new Shape(batch, dims);
            case FEATMAP -> new Shape(batch, dims, grid[0], grid[1]);
        };
    }

    private static NDArray patchTokens(NDArray x, int extraTokens) {
        return extraTokens == 0 ? x : x.get(new NDIndex(":, {}:", extraTokens));
    }
}
