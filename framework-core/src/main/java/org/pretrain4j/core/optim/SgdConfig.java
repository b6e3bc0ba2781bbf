package org.pretrain4j.core.optim;

/**
 * Typed config of {@link Sgd}, with {@code torch.optim.SGD}'s keys and defaults.
 *
 * @param lr the base learning rate
 * @param momentum the momentum factor; 0 keeps no momentum buffer
 * @param dampening the dampening of the momentum
 * @param weightDecay the L2 penalty added to the gradient
 * @param nesterov whether to use Nesterov momentum (needs momentum &gt; 0 and dampening 0)
 */
public record SgdConfig(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    /**
     * Checks the values as PyTorch does.
     *
     * @param lr the learning rate
     * @param momentum the momentum
     * @param dampening the dampening
     * @param weightDecay the weight decay
     * @param nesterov Nesterov momentum
     * @throws IllegalArgumentException for a negative value or Nesterov without momentum or with dampening
     */
    public SgdConfig {
        checkRates(lr, momentum, weightDecay);
        checkNesterov(nesterov, momentum, dampening);
    }

    /**
     * Plain SGD with a learning rate and PyTorch's other defaults.
     *
     * @param lr the learning rate
     * @return the config
     */
    public static SgdConfig of(double lr) {
        return new SgdConfig(lr, 0, 0, 0, false);
    }

    /**
     * The checks of the rates SGD and LARS share, with PyTorch's messages.
     *
     * @param lr the learning rate
     * @param momentum the momentum
     * @param weightDecay the weight decay
     * @throws IllegalArgumentException for a negative (or NaN) value
     */
    static void checkRates(double lr, double momentum, double weightDecay) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr);
        }
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("Invalid momentum value: " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
        }
    }

    /**
     * The Nesterov check SGD and LARS share, with PyTorch's message.
     *
     * @param nesterov Nesterov momentum
     * @param momentum the momentum
     * @param dampening the dampening
     * @throws IllegalArgumentException for Nesterov without momentum or with dampening
     */
    static void checkNesterov(boolean nesterov, double momentum, double dampening) {
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
    }
}
