package org.pretrain4j.core.optim;

import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/** Config keys and checks shared by the optimizer factories. */
final class OptimKeys {
    private OptimKeys() {}

    /** Documentation of {@code lr} for SGD and LARS, where it is required. */
    static final ParamDoc SGD_LR = ParamDoc.required("lr", "float",
            "Base learning rate, scaled by the schedulers and by paramwise lr_mult.");
    /** Documentation of {@code momentum} for SGD and LARS. */
    static final ParamDoc MOMENTUM = ParamDoc.optional("momentum", "float", "0",
            "Momentum factor; 0 keeps no momentum buffer.");
    /** Documentation of {@code nesterov} for SGD and LARS. */
    static final ParamDoc NESTEROV = ParamDoc.optional("nesterov", "bool", "false",
            "Nesterov momentum; needs momentum > 0 and dampening = 0.");

    /** Documentation of the Adam family's keys other than {@code lr} and {@code weight_decay}. */
    static final List<ParamDoc> ADAM_COMMON = List.of(
            ParamDoc.optional("betas", "list<float>", "[0.9, 0.999]", "Decay rates of the first and second moment estimates."),
            ParamDoc.optional("eps", "float", "1e-8", "Added to the denominator after the bias-corrected square root."),
            ParamDoc.optional("amsgrad", "bool", "false", "Use the AMSGrad variant (the running maximum of the second moment)."));

    /**
     * Checks that a number is not negative.
     *
     * @param view the view it was read from
     * @param key its key
     * @param value the value
     * @return the value
     */
    static double nonNegative(ConfigView view, String key, double value) {
        if (!(value >= 0)) {
            throw view.error(key, "expected a number >= 0, got " + value);
        }
        return value;
    }

    /**
     * Reads the keys SGD and LARS share: {@code lr}, {@code momentum}, {@code dampening}, {@code weight_decay} and
     * {@code nesterov}.
     *
     * @param config the optimizer's config
     * @return them as an SGD config
     */
    static SgdConfig sgd(ConfigView config) {
        double lr = nonNegative(config, "lr", config.getDouble("lr"));
        double momentum = nonNegative(config, "momentum", config.getDouble("momentum", 0));
        double dampening = config.getDouble("dampening", 0);
        double weightDecay = nonNegative(config, "weight_decay", config.getDouble("weight_decay", 0));
        boolean nesterov = nesterov(config, momentum, dampening);
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    /**
     * Reads {@code nesterov} and checks it as torch's SGD does: Nesterov momentum needs a momentum and no dampening.
     *
     * @param config the optimizer's config
     * @param momentum the momentum read
     * @param dampening the dampening read
     * @return the flag
     */
    private static boolean nesterov(ConfigView config, double momentum, double dampening) {
        boolean nesterov = config.getBoolean("nesterov", false);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw config.error("nesterov", "Nesterov momentum requires momentum > 0 and dampening = 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        return nesterov;
    }

    /**
     * Reads the Adam family's keys.
     *
     * @param config the optimizer's config
     * @param defaultWeightDecay the weight decay when absent
     * @param decoupled whether the decay is AdamW's
     * @return the typed config
     */
    static AdamConfig adam(ConfigView config, double defaultWeightDecay, boolean decoupled) {
        double lr = nonNegative(config, "lr", config.getDouble("lr", 0.001));
        List<Double> betas = config.getDoubleList("betas", List.of(0.9, 0.999));
        if (betas.size() != 2) {
            throw config.error("betas", "expected two numbers [beta1, beta2], got " + betas);
        }
        for (int i = 0; i < 2; i++) {
            double b = betas.get(i);
            if (!(b >= 0 && b < 1)) {
                throw config.error("betas", "expected each beta in [0, 1), got " + b + " at index " + i);
            }
        }
        double eps = nonNegative(config, "eps", config.getDouble("eps", 1e-8));
        double weightDecay = nonNegative(config, "weight_decay", config.getDouble("weight_decay", defaultWeightDecay));
        boolean amsgrad = config.getBoolean("amsgrad", false);
        return new AdamConfig(lr, betas.get(0), betas.get(1), eps, weightDecay, amsgrad, decoupled);
    }
}
