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
        double wd = config.weightDecay() * p.decayMult();
        // g may be the live gradient or momentum buffer; scale it in place only when it is a temporary of this step.
        boolean temporary = false;
        if (wd != 0) {
            // wd * w + g, summed into the temporary product: the same floats as g + wd * w, one allocation fewer.
            g = own(w.mul(scalar(wd, scratch)), scratch).addi(g);
            temporary = true;
        }
        if (config.momentum() != 0) {
            g = momentum(p.name(), g, w, config.momentum(), config.dampening(), config.nesterov(), scratch);
            temporary = config.nesterov();
        }
        NDArray step = scalar(lr, scratch);
        w.subi(temporary ? g.muli(step) : own(g.mul(step), scratch));
    }
}
