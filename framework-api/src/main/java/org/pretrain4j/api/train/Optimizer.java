package org.pretrain4j.api.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * An optimizer with PyTorch's update rules ({@code SGD}, {@code Adam}, {@code AdamW}, ...). It keeps its state (e.g.
 * momentum buffers) by parameter name so that a checkpoint can save and restore it exactly.
 */
public interface Optimizer {
    /**
     * The learning rate given in the config, which schedulers scale.
     *
     * @return the base learning rate
     */
    double baseLr();

    /**
     * Updates every parameter in place from its gradient and zeroes nothing (the framework clears gradients).
     *
     * @param params the parameters with their multipliers
     * @param lr the scheduled learning rate of this step
     * @param scratch a manager closed after the step, for temporaries
     */
    void step(List<OptimParam> params, double lr, NDManager scratch);

    /**
     * The optimizer state, for checkpoints: names like {@code <param>.momentum_buffer} or {@code <param>.exp_avg}.
     *
     * @return the state arrays by name
     */
    Map<String, NDArray> state();

    /**
     * Restores state saved by {@link #state()}.
     *
     * @param state the arrays by name, owned by the caller's manager; copy what you keep
     * @param manager the manager to keep the copies in
     */
    void loadState(Map<String, NDArray> state, NDManager manager);
}
