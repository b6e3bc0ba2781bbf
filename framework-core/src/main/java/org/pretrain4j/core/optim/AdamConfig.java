package org.pretrain4j.core.optim;

/**
 * Typed config of {@link Adam}, with {@code torch.optim.Adam}'s / {@code torch.optim.AdamW}'s keys.
 *
 * @param lr the base learning rate
 * @param beta1 the first moment's decay ({@code betas[0]})
 * @param beta2 the second moment's decay ({@code betas[1]})
 * @param eps added to the denominator
 * @param weightDecay the weight decay: an L2 term added to the gradient, or decoupled when {@code decoupled}
 * @param amsgrad whether to use the AMSGrad variant (keeps the maximum second moment)
 * @param decoupled true for AdamW: {@code w *= 1 - lr * wd} before the Adam update
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean decoupled) {
    /**
     * Checks the values as PyTorch does.
     *
     * @param lr the learning rate
     * @param beta1 the first beta
     * @param beta2 the second beta
     * @param eps epsilon
     * @param weightDecay the weight decay
     * @param amsgrad AMSGrad
     * @param decoupled AdamW's decoupled decay
     * @throws IllegalArgumentException for a value out of range
     */
    public AdamConfig {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("Invalid epsilon value: " + eps);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("Invalid beta parameter at index 0: " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Invalid beta parameter at index 1: " + beta2);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay);
        }
    }

    /**
     * {@code torch.optim.Adam}'s defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @return the config
     */
    public static AdamConfig adamDefaults() {
        return new AdamConfig(0.001, 0.9, 0.999, 1e-8, 0, false, false);
    }

    /**
     * {@code torch.optim.AdamW}'s defaults: as Adam's, with decoupled weight decay 0.01.
     *
     * @return the config
     */
    public static AdamConfig adamWDefaults() {
        return new AdamConfig(0.001, 0.9, 0.999, 1e-8, 0.01, false, true);
    }
}
