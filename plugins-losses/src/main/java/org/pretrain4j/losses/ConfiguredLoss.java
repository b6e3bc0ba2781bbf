package org.pretrain4j.losses;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import org.pretrain4j.api.model.AbstractLoss;

/**
 * Base of this module's losses: the typed config they are created with, and the output shape rule of the weighted
 * losses.
 *
 * @param <C> the config record
 */
public abstract class ConfiguredLoss<C> extends AbstractLoss {
    private final C config;

    /**
     * Creates the loss.
     *
     * @param config the typed config
     */
    protected ConfiguredLoss(C config) {
        this.config = requireNonNull(config, "config is null");
    }

    /**
     * The config this loss was created with.
     *
     * @return the config
     */
    public C config() {
        return config;
    }

    /**
     * The output shape of a loss reduced by {@link WeightReduce}: a scalar, or the unreduced loss's shape with
     * {@code reduction = none}.
     *
     * @param reduction the configured reduction
     * @param unreduced the shape of the loss before reduction
     * @return a one-element shape array, as {@code getOutputShapes} returns
     */
    protected static Shape[] reducedShape(Reduction reduction, Shape unreduced) {
        return new Shape[] {reduction == Reduction.NONE ? unreduced : new Shape()};
    }

    /**
     * The shape of a per-sample loss: the prediction's shape without its class axis.
     *
     * @param prediction the prediction's shape {@code (N, C)}
     * @return {@code (N)}
     */
    protected static Shape perSample(Shape prediction) {
        return prediction.slice(0, prediction.dimension() - 1);
    }
}
