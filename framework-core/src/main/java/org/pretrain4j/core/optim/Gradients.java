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
        for (OptimParam p : params) {
            NDArray grad = p.parameter().getArray().getGradient();
            grad.attach(step);
            grad.muli(0f);
        }
    }
}
