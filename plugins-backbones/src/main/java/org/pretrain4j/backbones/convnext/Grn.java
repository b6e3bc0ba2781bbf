package org.pretrain4j.backbones.convnext;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * mmpretrain's {@code GRN} (Global Response Normalization, ConvNeXt V2) on channel-last {@code (N, H, W, C)} data:
 * {@code gx = ||x||_2} over the spatial axes, {@code nx = gx / (mean_C(gx) + eps)},
 * {@code out = gamma * (x * nx) + beta + x}. {@code gamma} and {@code beta} start at zero, so the block starts as the
 * identity. They are plain parameters (not a norm's scale and shift): checkpoints call them {@code gamma} and
 * {@code beta}, as PyTorch does, and mmengine's {@code norm_decay_mult} does not apply to them.
 */
final class Grn extends AbstractBlock {
    private static final float EPS = 1e-6f;

    private final Parameter gamma;
    private final Parameter beta;

    Grn() {
        super((byte) 1);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.OTHER)
                .optInitializer(Initializer.ZEROS).build());
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(inputShapes[0].dimension() - 1));
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray gx = x.norm(new int[] {1, 2}, true);
        NDArray nx = gx.div(gx.mean(new int[] {3}, true).add(EPS));
        return new NDList(x.mul(nx).mul(parameterStore.getValue(gamma, device, training))
                .add(parameterStore.getValue(beta, device, training)).add(x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
