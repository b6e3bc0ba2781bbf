package org.pretrain4j.backbones.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import org.pretrain4j.api.model.Scalars;

/**
 * Stochastic depth ("drop path"), as mmcv's {@code DropPath}: in training, each sample's whole residual branch is
 * zeroed with probability {@code dropProb} and the survivors are scaled by {@code 1 / (1 - dropProb)}, so that the
 * expected output equals the input; in evaluation it is the identity.
 */
public final class DropPath extends AbstractBlock {
    private final float dropProb;

    /**
     * Creates the block.
     *
     * @param dropProb the probability of dropping a sample's branch, in {@code [0, 1)}
     * @throws IllegalArgumentException if the probability is out of range
     */
    public DropPath(float dropProb) {
        super((byte) 1);
        this.dropProb = checkRate("dropProb", dropProb);
    }

    /**
     * Checks a dropout or drop-path rate, for this block and the layers that apply dropout themselves.
     *
     * @param name the rate's name, for the message
     * @param rate the rate
     * @return the rate
     * @throws IllegalArgumentException if it is not in {@code [0, 1)}
     */
    public static float checkRate(String name, float rate) {
        if (!(rate >= 0f && rate < 1f)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + rate);
        }
        return rate;
    }

    /**
     * The drop probability.
     *
     * @return the probability of dropping a sample's branch
     */
    public float dropProb() {
        return dropProb;
    }

    /**
     * The stochastic-depth decay rule used by mmpretrain and timm: {@code torch.linspace(0, maxRate, count)}, so the
     * first block is never dropped and the last is dropped with {@code maxRate}.
     *
     * @param maxRate the rate of the deepest block
     * @param count how many blocks share the schedule
     * @return one rate per block, shallowest first
     */
    public static float[] linearDecay(double maxRate, int count) {
        float[] rates = new float[count];
        for (int i = 0; i < count; i++) {
            rates[i] = count == 1 ? 0f : (float) (maxRate * i / (count - 1));
        }
        return rates;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (!training || dropProb == 0f) {
            return inputs;
        }
        NDArray x = inputs.singletonOrThrow();
        float keep = 1f - dropProb;
        long[] maskDims = new long[x.getShape().dimension()];
        Arrays.fill(maskDims, 1L);
        maskDims[0] = x.getShape().get(0);
        // floor(keep + U[0,1)) is 1 with probability keep: mmcv's formulation. The mask comes from the batch's manager
        // and x stays the first operand, so nothing attaches to the model's manager.
        NDManager manager = x.getManager();
        NDArray mask = manager.randomUniform(0f, 1f, new Shape(maskDims), x.getDataType(), x.getDevice())
                .add(keep).floor();
        return new NDList(x.div(Scalars.of(x, keep)).mul(mask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "DropPath(dropProb=" + dropProb + ")";
    }
}
