package org.pretrain4j.selfsup;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.backbones.layers.NamedSequence;

/** What the factories of the {@link SiameseSelfSupervisor} algorithms share. */
public final class SiameseParts {
    /** The tiny backbone of the algorithms' examples; with 4 base channels its output has 32 channels. */
    private static final String EXAMPLE_BACKBONE = "backbone { type = ResNet_CIFAR, depth = 18, base_channels = 4 }, ";

    private SiameseParts() {}

    /**
     * A conformance example: {@link #EXAMPLE_BACKBONE} plus the algorithm's own keys, on two views of tiny images.
     *
     * @param keys the algorithm's other keys (neck, head, hyper-parameters) as HOCON
     * @param batch the batch size of each view
     * @return the example
     */
    public static Example example(String keys, int batch) {
        return Example.of(EXAMPLE_BACKBONE + keys, new Shape(batch, 3, 8, 8), new Shape(batch, 3, 8, 8));
    }

    /**
     * Builds the block a momentum copy averages: a second backbone and neck from the same configs as the online
     * ones, so parameter names and shapes pair up, in mmpretrain's {@code nn.Sequential(backbone, neck)}.
     *
     * @param spec the algorithm's shared keys, with a neck
     * @param context the build context
     * @return {@code Sequential(backbone, neck)}, uninitialised
     */
    public static Block momentumCopy(SelfSupervisorSpec spec, BuildContext context) {
        return new NamedSequence().add(spec.buildBackbone(context)).add(spec.buildNeck(context));
    }

    /**
     * Builds the head and checks that it is the type the algorithm needs.
     *
     * @param spec the algorithm's shared keys, with a head
     * @param context the build context
     * @param type the head class the algorithm calls
     * @param algorithm the algorithm's type name, for the error
     * @param headName the head's type name, for the error
     * @param <H> the head class
     * @return the head
     * @throws org.pretrain4j.api.config.ConfigException at {@code head.type} for another kind of head
     */
    public static <H extends Head> H head(SelfSupervisorSpec spec, BuildContext context, Class<H> type,
            String algorithm, String headName) {
        Head head = spec.buildHead(context);
        if (!type.isInstance(head)) {
            throw spec.head().error("type", algorithm + " needs a " + headName + ", got "
                    + head.getClass().getSimpleName());
        }
        return type.cast(head);
    }

    /**
     * Reads an EMA momentum in mmengine's convention, the weight of the online value.
     *
     * @param config the algorithm's config
     * @param key the key, e.g. {@code momentum}
     * @param defaultValue the value when the key is absent
     * @return the momentum, in (0, 1)
     * @throws org.pretrain4j.api.config.ConfigException if the value is outside (0, 1)
     */
    public static double emaMomentum(ConfigView config, String key, double defaultValue) {
        double momentum = config.getDouble(key, defaultValue);
        if (!(momentum > 0 && momentum < 1)) {
            throw config.error(key, "expected a number in (0, 1), the weight of the online network in mmengine's "
                    + "convention (0.001 keeps 0.999 of the old weights), got " + momentum);
        }
        return momentum;
    }
}
