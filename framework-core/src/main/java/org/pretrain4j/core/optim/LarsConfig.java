package org.pretrain4j.core.optim;

/**
 * Typed config of {@link Lars}, with mmpretrain's {@code LARS} keys and defaults.
 *
 * @param lr the base learning rate
 * @param momentum the momentum factor; 0 keeps no momentum buffer
 * @param weightDecay the L2 penalty added to the gradient, also part of the trust ratio's denominator
 * @param dampening the dampening of the momentum
 * @param eta the LARS coefficient of the trust ratio
 * @param nesterov whether to use Nesterov momentum (needs momentum &gt; 0 and dampening 0)
 * @param eps added to the trust ratio's denominator
 */
public record LarsConfig(double lr, double momentum, double weightDecay, double dampening, double eta,
        boolean nesterov, double eps) {
    /**
     * Checks the values as mmpretrain does (and the learning rate, which its check misses).
     *
     * @param lr the learning rate
     * @param momentum the momentum
     * @param weightDecay the weight decay
     * @param dampening the dampening
     * @param eta the LARS coefficient
     * @param nesterov Nesterov momentum
     * @param eps the denominator's epsilon
     * @throws IllegalArgumentException for a negative value or Nesterov without momentum or with dampening
     */
    public LarsConfig {
        SgdConfig.checkRates(lr, momentum, weightDecay);
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("Invalid LARS coefficient value: " + eta);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("Invalid eps value: " + eps);
        }
        SgdConfig.checkNesterov(nesterov, momentum, dampening);
    }

    /**
     * LARS with a learning rate and mmpretrain's other defaults (no momentum, no weight decay, eta 0.001, eps 1e-8).
     *
     * @param lr the learning rate
     * @return the config
     */
    public static LarsConfig of(double lr) {
        return new LarsConfig(lr, 0, 0, 0, 0.001, false, 1e-8);
    }
}
