package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/**
 * Stochastic gradient descent with {@code torch.optim.SGD}'s update rule (not DJL's MXNet-style one). For each
 * parameter with learning rate {@code lr * lrMult} (or the base rate for {@code fix_lr}, see {@link OptimParam#lr})
 * and weight decay {@code weight_decay * decayMult}:
 *
 * <pre>
 * g = grad + wd * w
 * if momentum != 0:
 *     buf = g                                        (first step)
 *     buf = momentum * buf + (1 - dampening) * g     (later steps)
 *     g = nesterov ? g + momentum * buf : buf
 * w -= lr * g
 * </pre>
 *
 * <p>State: {@code <param>.momentum_buffer} when momentum is non-zero. See {@link StatefulOptimizer} for where it
 * lives. The step runs outside any gradient collector; all temporaries go to the step's scratch manager.
 */
public final class Sgd extends StatefulOptimizer {
    /** State kind of the momentum buffers. */
    public static final String MOMENTUM_BUFFER = StatefulOptimizer.MOMENTUM_BUFFER;

    private final SgdConfig config;

    /**
     * Creates the optimizer.
     *
     * @param config the hyper-parameters
     */
    public Sgd(SgdConfig config) {
        super(List.of(MOMENTUM_BUFFER), false, requireNonNull(config, "config is null").lr());
        this.config = config;
    }

    /**
     * The hyper-parameters.
     *
     * @return the config
     */
    public SgdConfig config() {
        return config;
    }

    @Override
    void update(OptimParam p, NDArray w, NDArray g, double lr, NDManager scratch) {
        NDArray d = decayed(g, w, config.weightDecay() * p.decayMult(), scratch);
        NDArray step = d;
        if (config.momentum() != 0) {
            step = momentum(p.name(), d, w, config.momentum(), config.dampening(), config.nesterov(), scratch);
        }
        subScaled(w, step, lr, scratch);
        // Temporaries go as soon as they are used (see subScaled); the gradient and the live buffer stay.
        if (config.momentum() != 0 && config.nesterov()) {
            step.close();
        }
        if (d != g) {
            d.close();
        }
    }
}
