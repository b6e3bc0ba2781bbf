package org.pretrain4j.heads.pooling;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.model.Neck;

/**
 * mmpretrain's {@code GlobalAveragePooling} neck: averages every input of the {@code NDList} over its {@code dim}
 * trailing spatial axes and flattens it to {@code (N, C)}, keeping one output per input (one per backbone stage).
 */
public class GlobalAveragePooling extends AbstractBlock implements Neck {
    private static final byte VERSION = 1;

    private final int dim;

    /**
     * Creates the neck.
     *
     * @param config the typed config
     */
    public GlobalAveragePooling(GlobalAveragePoolingConfig config) {
        super(VERSION);
        this.dim = requireNonNull(config, "config is null").dim();
    }

    /**
     * The number of spatial dimensions averaged.
     *
     * @return 1, 2 or 3
     */
    public int dim() {
        return dim;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList outputs = new NDList(inputs.size());
        for (NDArray x : inputs) {
            Shape shape = x.getShape();
            checkRank(shape);
            // PyTorch's DJL mean takes one axis only, so flatten the spatial axes (a view, as mmpretrain's
            // x.view(N, -1) is) and average that one.
            outputs.add(x.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}));
        }
        return outputs;
    }

    /**
     * One {@code (N, C)} per input.
     *
     * @param inputShapes the feature shapes, each of rank {@code dim + 2}
     * @return the pooled shapes
     */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] out = new Shape[inputShapes.length];
        for (int i = 0; i < inputShapes.length; i++) {
            checkRank(inputShapes[i]);
            out[i] = inputShapes[i].slice(0, 2);
        }
        return out;
    }

    /** A wrong rank would otherwise average the wrong axes silently, or fail deep inside libtorch. */
    private void checkRank(Shape shape) {
        if (shape.dimension() != dim + 2) {
            String layout = switch (dim) {
                case 1 -> "(N, C, L)";
                case 2 -> "(N, C, H, W)";
                default -> "(N, C, D, H, W)";
            };
            throw new Pretrain4jException(GlobalAveragePoolingFactory.NAME + " with dim = " + dim + " expects inputs "
                    + layout + ", got shape " + shape);
        }
    }
}
