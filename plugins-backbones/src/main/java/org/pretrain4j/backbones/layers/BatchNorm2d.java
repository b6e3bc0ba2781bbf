package org.pretrain4j.backbones.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code BatchNorm2d} over channel axis 1 of an {@code (N, C, H, W)} batch. DJL's own {@link BatchNorm}
 * block with {@code axis = 1} wraps every call in a temporary manager and two axis swaps before reaching libtorch;
 * this block hands the batch straight to libtorch's batch norm, which normalises axis 1 natively. Parameter names
 * and types match DJL's ({@code gamma}, {@code beta}, {@code runningMean}, {@code runningVar}), so checkpoints and
 * parameter groups treat both alike.
 *
 * <p>libtorch's batch norm takes any {@code (N, C, ...)} input, so the same block is PyTorch's {@code BatchNorm1d}
 * on {@code (N, C)} features (necks, projection heads). Without affine parameters ({@link #withoutAffine}) it has
 * only the running statistics, as PyTorch's {@code affine=False}.
 */
public final class BatchNorm2d extends AbstractBlock {
    private final float epsilon;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    /**
     * Creates the block.
     *
     * @param epsilon added to the variance, PyTorch's {@code eps} (1e-5 by default there)
     * @param momentum PyTorch's convention: the weight of the new batch statistic (0.1 by default there)
     * @param zeroGamma start gamma at 0 instead of 1 (mmpretrain's {@code zero_init_residual})
     */
    public BatchNorm2d(float epsilon, float momentum, boolean zeroGamma) {
        this(epsilon, momentum, zeroGamma, true);
    }

    private BatchNorm2d(float epsilon, float momentum, boolean zeroGamma, boolean affine) {
        super((byte) 1);
        this.epsilon = epsilon;
        this.momentum = momentum;
        gamma = affine ? addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optInitializer(zeroGamma ? Initializer.ZEROS : Initializer.ONES).build()) : null;
        beta = affine ? addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build()) : null;
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /**
     * A batch norm with running statistics only, PyTorch's {@code affine=False}: the output is the normalised input,
     * with no learned scale or shift.
     *
     * @param epsilon added to the variance
     * @param momentum PyTorch's convention: the weight of the new batch statistic
     * @return the block
     */
    public static BatchNorm2d withoutAffine(float epsilon, float momentum) {
        return new BatchNorm2d(epsilon, momentum, false, false);
    }

    /**
     * Whether the block learns a scale and shift.
     *
     * @return false for {@link #withoutAffine} blocks
     */
    public boolean affine() {
        return gamma != null;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        if (gamma != null) {
            gamma.setShape(channels);
            beta.setShape(channels);
        }
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray scale;
        NDArray shift;
        if (gamma != null) {
            scale = parameterStore.getValue(gamma, device, training);
            shift = parameterStore.getValue(beta, device, training);
        } else {
            // DJL's binding needs real tensors where PyTorch accepts None; identity ones from the batch's manager.
            Shape channels = new Shape(x.getShape().get(1));
            scale = x.getManager().ones(channels, x.getDataType(), device);
            shift = x.getManager().zeros(channels, x.getDataType(), device);
        }
        // Axis -1 is DJL's "pass through unchanged" path; DJL's momentum is 1 - PyTorch's.
        return BatchNorm.batchNorm(x, parameterStore.getValue(runningMean, device, training),
                parameterStore.getValue(runningVar, device, training), scale, shift, -1, 1f - momentum, epsilon,
                training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
