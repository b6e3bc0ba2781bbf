package org.pretrain4j.core.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/** Helpers shared by the optimizer tests: a tiny parameter whose gradient is set to chosen values. */
final class OptimTesting {
    static final float[] W0 = {1.0f, -2.0f, 0.5f};
    static final float[][] GRADS = {{0.5f, 1.0f, -0.25f}, {-1.0f, 2.0f, 0.75f}, {0.25f, -0.5f, 1.5f}};

    private OptimTesting() {}

    /** A trainable parameter named {@code weight} holding {@code values}, in {@code manager}. */
    static OptimParam param(NDManager manager, String name, float[] values, double lrMult, double decayMult) {
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optArray(array).build();
        return new OptimParam(name, p, lrMult, decayMult);
    }

    /** Makes the parameter's gradient equal {@code grad}: zeroes it, then back-propagates {@code sum(grad * w)}. */
    static void setGradient(OptimParam param, float[] grad, NDManager scratch) {
        NDArray w = param.parameter().getArray();
        NDArray old = w.getGradient();
        old.attach(scratch);
        old.muli(0f);
        NDArray c = scratch.create(grad);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(c.mul(w).sum());
        }
    }

    /** Runs one step of {@code optimizer} with the given gradient in a fresh scratch manager. */
    static void step(org.pretrain4j.api.train.Optimizer optimizer, OptimParam param, float[] grad, double lr,
            NDManager parent) {
        try (NDManager scratch = parent.newSubManager()) {
            setGradient(param, grad, scratch);
            optimizer.step(List.of(param), lr, scratch);
        }
    }

    static float[] values(OptimParam param) {
        return param.parameter().getArray().toFloatArray();
    }
}
