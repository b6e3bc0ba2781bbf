package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.pretrain4j.api.train.OptimParam;

/**
 * Adam and AdamW with {@code torch.optim.Adam}'s / {@code torch.optim.AdamW}'s update rule (eps added after the
 * bias-corrected square root, unlike DJL's MXNet-style kernel). For each parameter with learning rate
 * {@code lr * lrMult} (or the base rate for {@code fix_lr}, see {@link OptimParam#lr}) and weight decay
 * {@code wd = weight_decay * decayMult}, at its step {@code t} (1 on its first):
 *
 * <pre>
 * AdamW: w *= 1 - lr * wd              Adam: g = grad + wd * w
 * m += (1 - beta1) * (g - m)           (torch's lerp)
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v)                  (amsgrad only; used instead of v below)
 * denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 * w -= lr / (1 - beta1^t) * m / denom
 * </pre>
 *
 * <p>State: {@code <param>.exp_avg}, {@code <param>.exp_avg_sq}, {@code <param>.max_exp_avg_sq} (amsgrad) and the
 * counter {@code <param>.step}. Results match PyTorch to float rounding (PyTorch fuses some of these operations).
 */
public final class Adam extends StatefulOptimizer {
    /** State kind of the first moments. */
    public static final String EXP_AVG = "exp_avg";
    /** State kind of the second moments. */
    public static final String EXP_AVG_SQ = "exp_avg_sq";
    /** State kind of AMSGrad's running maximum of the second moments. */
    public static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final AdamConfig config;

    /**
     * Creates the optimizer.
     *
     * @param config the hyper-parameters; {@link AdamConfig#decoupled()} selects AdamW
     */
    public Adam(AdamConfig config) {
        super(List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ), true, requireNonNull(config, "config is null").lr());
        this.config = config;
    }

    /**
     * The hyper-parameters.
     *
     * @return the config
     */
    public AdamConfig config() {
        return config;
    }

    @Override
    void update(OptimParam p, NDArray w, NDArray g, double plr, NDManager scratch) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        String name = p.name();
        double wd = config.weightDecay() * p.decayMult();
        long t = nextStep(name);
        // Scalars in the parameter's type and temporaries closed at once, as in SGD (see StatefulOptimizer).
        NDArray d = g;
        if (wd != 0) {
            if (config.decoupled()) {
                w.muli(scalar(1 - plr * wd, w, scratch));
            } else {
                d = decayed(g, w, wd, scratch);
            }
        }
        NDArray m = buffer(name, EXP_AVG, w);
        NDArray v = buffer(name, EXP_AVG_SQ, w);
        if (m == null) {
            m = own(w.zerosLike(), scratch);
            keep(name, EXP_AVG, m, w);
        }
        if (v == null) {
            v = own(w.zerosLike(), scratch);
            keep(name, EXP_AVG_SQ, v, w);
        }
        try (NDArray diff = d.sub(m)) {
            m.addi(diff.muli(scalar(1 - beta1, m, scratch)));
        }
        try (NDArray square = d.mul(d)) {
            v.muli(scalar(beta2, v, scratch)).addi(square.muli(scalar(1 - beta2, v, scratch)));
        }
        if (d != g) {
            d.close();
        }
        NDArray second = v;
        if (config.amsgrad()) {
            NDArray max = buffer(name, MAX_EXP_AVG_SQ, w);
            NDArray next = max == null ? v.duplicate() : max.maximum(v);
            keep(name, MAX_EXP_AVG_SQ, next, w);
            second = next;
        }
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        try (NDArray denom = second.sqrt()) {
            denom.divi(scalar(biasCorrection2Sqrt, denom, scratch)).addi(scalar(config.eps(), denom, scratch));
            try (NDArray update = m.div(denom)) {
                w.subi(update.muli(scalar(plr / biasCorrection1, update, scratch)));
            }
        }
    }
}
