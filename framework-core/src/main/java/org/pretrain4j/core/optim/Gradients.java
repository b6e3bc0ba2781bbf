package org.pretrain4j.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/** Clearing gradients between steps, which DJL leaves to the caller (libtorch accumulates them). */
public final class Gradients {
    private Gradients() {}

    /**
     * Zeroes every parameter's gradient in place.
     *
     * @param params the trainable parameters
     * @param step the step's manager: DJL hands out a new gradient wrapper per call, which would otherwise join the
     *     model's manager and stay there for the whole run
     */
    public static void zero(List<OptimParam> params, NDManager step) {
        // One 0-d zero for all: muli(0f) would create and free the same array natively once per parameter.
        NDArray zero = step.create(0f);
        for (OptimParam p : params) {
            NDArray grad = p.parameter().getArray().getGradient();
            grad.attach(step);
            grad.muli(zero);
        }
    }

    /**
     * Whether every gradient is finite: one sum per tensor, added up natively, read back once. A NaN anywhere makes
     * the total NaN and an infinity makes it infinite (or NaN), so a single scalar answers for all of them.
     *
     * @param params the parameters whose gradients are checked
     * @param step the step's manager, which takes the gradient wrappers and the partial sums
     * @return false if any gradient holds a NaN or an infinity
     */
    public static boolean allFinite(List<OptimParam> params, NDManager step) {
        NDArray total = null;
        for (OptimParam p : params) {
            NDArray grad = p.parameter().getArray().getGradient();
            grad.attach(step);
            NDArray sum = grad.sum();
            sum.attach(step);
            total = total == null ? sum : total.add(sum);
        }
        return total == null || Float.isFinite(total.getFloat());
    }
}
