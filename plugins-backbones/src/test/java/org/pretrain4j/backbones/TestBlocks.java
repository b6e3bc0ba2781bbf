package org.pretrain4j.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.config.ConfigView;

/**
 * What the backbone tests share: building through a factory, parameter names as checkpoints will spell them, counting
 * as PyTorch does, a forward and backward pass checked against the declared shapes, and the name-seeded fill of
 * {@code tools/fixtures/cnn_parity.py}.
 */
public final class TestBlocks {
    private TestBlocks() {}

    /**
     * Builds a component through its factory, as the framework would.
     *
     * @param factory the factory
     * @param hocon the config body
     * @param <C> the config type
     * @param <T> the component type
     * @return the component
     */
    public static <C, T> T build(ComponentFactory<C, T> factory, String hocon) {
        return factory.create(factory.parseConfig(ConfigView.parse(hocon)), null);
    }

    /**
     * Parameters by dotted path ({@code layer1.0.conv1.weight}, DJL's own last names such as {@code gamma}): child
     * keys lose DJL's two-digit index prefix.
     *
     * @param block the root
     * @return the parameters in tree order
     */
    public static Map<String, Parameter> parametersByPath(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey().substring(2) + ".", out);
        }
    }

    /**
     * Parameters under PyTorch's state-dict keys ({@code bn1.weight} for DJL's {@code bn1.gamma}), the translation
     * framework-core's {@code ModuleTree.torchParameters} makes.
     *
     * @param block the root
     * @return the parameters in tree order
     */
    public static Map<String, Parameter> torchParameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parametersByPath(block).forEach((path, p) -> {
            int dot = path.lastIndexOf('.') + 1;
            String last = switch (path.substring(dot)) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> path.substring(dot);
            };
            out.put(path.substring(0, dot) + last, p);
        });
        return out;
    }

    /**
     * Counts what PyTorch's {@code model.parameters()} counts: no running statistics (those are buffers).
     *
     * @param block an initialised block
     * @return the number of scalars
     */
    public static long countParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }

    /**
     * The CRC32 of the sorted state-dict keys joined by newlines, as {@code cnn_parity.py} prints it.
     *
     * @param block an initialised block
     * @return the checksum
     */
    public static long keyChecksum(Block block) {
        CRC32 crc = new CRC32();
        crc.update(String.join("\n", new TreeSet<>(torchParameters(block).keySet())).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * Fills every parameter from its state-dict key alone, with {@code cnn_parity.py}'s {@code fill} rule.
     *
     * @param block an initialised block
     */
    public static void fillFromNames(Block block) {
        torchParameters(block).forEach((name, p) -> {
            NDArray array = p.getArray();
            NDManager m = array.getManager();
            Shape shape = array.getShape();
            long n = shape.size();
            NDArray s = m.arange(0f, (float) n, 1f, DataType.FLOAT32).mod(997f).mul(0.7f).add(seed(name)).sin()
                    .reshape(shape);
            NDArray v;
            if (shape.dimension() > 1) {
                v = s.div(Math.sqrt(n / shape.get(0)));
            } else if (name.endsWith("running_var")) {
                v = s.mul(s).mul(0.5f).add(1f);
            } else if (name.endsWith("weight")) {
                v = s.mul(0.1f).add(1f);
            } else {
                v = s.mul(0.1f);
            }
            array.set(v.toFloatArray());
        });
    }

    private static float seed(String name) {
        long sum = 0;
        for (int i = 0; i < name.length(); i++) {
            sum += (long) (i + 1) * name.charAt(i);
        }
        return (float) ((sum % 1000) / 100.0);
    }

    /**
     * The input of {@code cnn_parity.py}: {@code cos(0.05 * i)} over a {@code (1, 3, 32, 32)} batch.
     *
     * @param manager the manager
     * @return the input
     */
    public static NDArray parityInput(NDManager manager) {
        return manager.arange(0f, 3 * 32 * 32f, 1f, DataType.FLOAT32).mul(0.05f).cos().reshape(1, 3, 32, 32);
    }

    /**
     * Runs a training forward pass on a random input, checks every output against {@code getOutputShapes}, and
     * back-propagates the sum of the outputs' mean squares.
     *
     * @param block the block, initialised or not
     * @param input the input shape
     * @param manager the manager for parameters
     * @return the outputs' shapes
     */
    public static Shape[] forwardBackward(Block block, Shape input, NDManager manager) {
        if (!block.isInitialized()) {
            block.initialize(manager, DataType.FLOAT32, input);
        }
        Shape[] declared = block.getOutputShapes(new Shape[] {input});
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDList outputs = block.forward(new ParameterStore(step, false), new NDList(step.randomNormal(input)), true);
            assertEquals(declared.length, outputs.size());
            NDArray loss = null;
            for (int i = 0; i < declared.length; i++) {
                assertEquals(declared[i], outputs.get(i).getShape(), "output " + i);
                NDArray term = outputs.get(i).square().mean();
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
        NDArray grad = block.getParameters().stream().map(Pair::getValue).filter(Parameter::requiresGradient)
                .findFirst().orElseThrow().getArray().getGradient();
        assertTrue(grad.abs().sum().getFloat() > 0, "the first trainable parameter receives gradient");
        return declared;
    }
}
