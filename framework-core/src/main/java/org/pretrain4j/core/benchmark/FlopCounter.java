package org.pretrain4j.core.benchmark;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBaseBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Counts the multiply-accumulates of a forward pass analytically, from the block tree of an initialised model: each
 * convolution ({@link Convolution}: Conv1d/2d/3d, grouped included) costs {@code output elements x (in / groups) x
 * kernel volume}, each {@link Linear} {@code rows x in x out}. Shapes come from the input shapes every block records
 * when it is initialised, so no forward pass runs.
 *
 * <p>Like fvcore and mmpretrain's {@code get_flops} it counts only these layers: BatchNorm, activations, pooling,
 * residual additions, softmax and bias additions are not counted (together they are a few percent of a CNN), and
 * neither are matrix products written directly as NDArray ops (attention scores), which a future ViT count must add.
 * One MAC is two FLOPs; a training step costs about three forward passes (forward, plus gradients with respect to
 * inputs and to weights).
 */
public final class FlopCounter {
    private FlopCounter() {}

    /**
     * Multiply-accumulates of one image's forward pass.
     *
     * @param model an initialised block (its own input shapes and those of its children are known)
     * @return MACs per image; 0 when the tree has no convolution or linear layer
     * @throws IllegalStateException if a counted layer is not initialised
     */
    public static long macsPerImage(Block model) {
        requireNonNull(model, "model is null");
        long[] total = {macs(model)};
        ModuleTree.visit(model, (name, block) -> total[0] += macs(block));
        return total[0];
    }

    /**
     * Forward FLOPs of one image: twice {@link #macsPerImage}.
     *
     * @param model an initialised block
     * @return FLOPs per image
     */
    public static long forwardFlopsPerImage(Block model) {
        return 2 * macsPerImage(model);
    }

    /** MACs of one block per sample (its own work only, not its children's). */
    private static long macs(Block block) {
        if (!(block instanceof Convolution) && !(block instanceof Linear)) {
            return 0;
        }
        Shape in = inputShape(block);
        Shape weight = weightShape(block);
        long batch = in.dimension() > 1 ? Math.max(1, in.get(0)) : 1;
        if (block instanceof Convolution) {
            Shape out = block.getOutputShapes(new Shape[] {in})[0];
            // weight is (out, in / groups, k...): every output element reads one such (in / groups, k...) slice.
            return out.size() / batch * weight.slice(1).size();
        }
        // Linear acts on the last axis: (rows..., in) -> (rows..., units), weight (units, in).
        long rows = in.size() / in.get(in.dimension() - 1);
        return rows / batch * weight.size();
    }

    private static Shape inputShape(Block block) {
        Shape[] shapes = block instanceof AbstractBaseBlock b ? b.getInputShapes() : null;
        if (shapes == null || shapes.length == 0 || shapes[0] == null) {
            throw new IllegalStateException(block.getClass().getSimpleName() + " has no recorded input shape; "
                    + "initialise the model before counting FLOPs");
        }
        return shapes[0];
    }

    private static Shape weightShape(Block block) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                Parameter w = p.getValue();
                return w.isInitialized() ? w.getArray().getShape() : w.getShape();
            }
        }
        throw new IllegalStateException(block.getClass().getSimpleName() + " has no weight parameter");
    }
}
