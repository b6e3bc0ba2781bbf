package com.example.pretrain4j.tiny;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ServiceLoader;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigView;

/**
 * Test support: builds this plugin's components from HOCON the way the framework does, by finding their factories
 * through {@link ServiceLoader} (so the tests also prove the AutoService registrations), and runs blocks forward and
 * backward.
 */
public final class Components implements BuildContext {
    /** Builds components of this plugin; type names outside it are an error. */
    public static final Components CONTEXT = new Components();

    private Components() {}

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> T build(Kind<T> kind, ConfigView config) {
        String type = config.getString("type");
        for (Kind<?> k : kind.includes().isEmpty() ? java.util.List.of(kind)
                : java.util.stream.Stream.concat(java.util.stream.Stream.of(kind), kind.includes().stream()).toList()) {
            for (Object f : ServiceLoader.load(k.factoryType())) {
                ComponentFactory factory = (ComponentFactory) f;
                if (factory.typeName().equalsIgnoreCase(type)) {
                    Object parsed = factory.parseConfig(config);
                    if (!config.unreadKeys().isEmpty()) {
                        throw new IllegalArgumentException("unknown keys " + config.unreadKeys());
                    }
                    return kind.componentType().cast(factory.create(parsed, this));
                }
            }
        }
        throw new IllegalArgumentException("no " + kind + " named " + type + " in this plugin");
    }

    /**
     * Builds a component from a HOCON snippet with its {@code type}.
     *
     * @param kind the kind
     * @param hocon e.g. {@code "type = TinyConvNet, channels = [4]"}
     * @param <T> the component type
     * @return the component
     */
    public static <T> T build(Kind<T> kind, String hocon) {
        ConfigView view = ConfigView.parse(hocon);
        view.markRead("type");
        return CONTEXT.build(kind, view);
    }

    /**
     * Initialises a block, runs it in training mode, back-propagates the sum of its outputs and checks the declared
     * output shapes.
     *
     * @param block the block
     * @param manager where everything lives
     * @param inputs the inputs
     * @return the outputs
     */
    public static NDList forwardBackward(Block block, NDManager manager, NDArray... inputs) {
        NDList in = new NDList(inputs);
        block.initialize(manager, DataType.FLOAT32, in.getShapes());
        // Inputs take gradients too, so that parameter-free blocks (necks, losses) are checked for a gradient path.
        in.forEach(x -> x.setRequiresGradient(true));
        NDList out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out = block.forward(new ParameterStore(manager, false), in, true);
            NDArray total = manager.create(0f);
            for (NDArray o : out) {
                total = total.add(o.sum());
            }
            gc.backward(total);
        }
        Shape[] declared = block.getOutputShapes(in.getShapes());
        for (int i = 0; i < out.size(); i++) {
            if (!declared[i].equals(out.get(i).getShape())) {
                throw new AssertionError("output " + i + " has shape " + out.get(i).getShape() + " but "
                        + declared[i] + " was declared");
            }
        }
        return out;
    }

    /**
     * Sum of absolute gradients over the block's trainable parameters.
     *
     * @param block an initialised block after a backward pass
     * @return the gradient mass; zero means no parameter learned anything
     */
    public static float gradientMass(Block block) {
        float sum = 0;
        for (var p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                sum += p.getValue().getArray().getGradient().abs().sum().getFloat();
            }
        }
        return sum;
    }
}
