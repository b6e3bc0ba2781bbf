package org.pretrain4j.backbones.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;
import org.pretrain4j.backbones.vit.VisionTransformerConfig.OutType;

/**
 * Steps the ViT families ({@code VisionTransformer}, {@code BEiTViT}) share: mmpretrain's {@code _format_output}, so
 * that every family formats a layer's tokens the same way, and the class token's prepending.
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
     * @param ln2 the norm of the mean patch token ({@code avg_featmap}, {@code cls_avg_featmap}); unused for the others
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
            case CLS_AVG_FEATMAP -> format(OutType.CLS_TOKEN, x, grid, extraTokens, ln2)
                    .concat(format(OutType.AVG_FEATMAP, x, grid, extraTokens, ln2), 1);
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
            case CLS_AVG_FEATMAP -> new Shape(batch, 2 * dims);
        };
    }

    /**
     * Prepends a learned class token to every sample's tokens, as the ViT families' forward passes do; the
     * broadcast token moves to the tokens' manager, so nothing made per step lands in the model's.
     *
     * @param parameterStore the parameter store
     * @param clsToken the {@code (1, 1, C)} token
     * @param x the tokens {@code (B, N, C)}
     * @param training whether this is a training pass
     * @return {@code (B, 1 + N, C)}
     */
    public static NDArray prependClsToken(ParameterStore parameterStore, Parameter clsToken, NDArray x,
            boolean training) {
        NDArray cls = parameterStore.getValue(clsToken, x.getDevice(), training)
                .broadcast(x.getShape().get(0), 1, x.getShape().get(2));
        cls.attach(x.getManager());
        return cls.concat(x, 1);
    }

    private static NDArray patchTokens(NDArray x, int extraTokens) {
        return extraTokens == 0 ? x : x.get(new NDIndex(":, {}:", extraTokens));
    }
}
