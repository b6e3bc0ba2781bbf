package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Head;
import org.pretrain4j.api.model.Loss;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TargetGenerator;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.RegistryEntry;

/**
 * The conformance suite, run over every component the registry finds (bundled plugins and anything else on the
 * classpath): each builds from its documented example, runs forward and backward, produces the shapes it declares,
 * and documents exactly the keys it reads.
 */
final class ConformanceTest {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.ofClasspath();

    static Stream<RegistryEntry> components() {
        return REGISTRY.entries(Kind.BUILT_IN).stream();
    }

    static Stream<RegistryEntry> blocks() {
        return REGISTRY.entries(Kind.MODEL_KINDS).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void describeDocumentsExactlyTheKeysRead(RegistryEntry entry) {
        ComponentFactory<?, ?> factory = entry.factory();
        ConfigView view = ConfigView.parse(factory.example().config());
        ComponentBuilder.parse(factory, view);
        Set<String> read = new TreeSet<>(view.readKeys());
        read.remove("type");
        Set<String> documented = new TreeSet<>();
        for (ParamDoc p : factory.parameters()) {
            assertTrue(documented.add(p.name()), "documented twice: " + p.name());
            assertFalse(p.description().isBlank(), p.name() + " has no description");
            assertFalse(p.type().isBlank(), p.name() + " has no type");
        }
        assertEquals(documented, read, entry.typeName() + ": documented keys vs keys read by parseConfig");
        assertFalse(factory.summary().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void buildsFromItsExample(RegistryEntry entry) {
        Object component = new ComponentBuilder(REGISTRY).build(entry.kind(),
                ConfigView.parse("type = " + entry.typeName() + "\n" + entry.factory().example().config()));
        assertTrue(entry.kind().componentType().isInstance(component));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void runsForwardAndBackwardOnItsExample(RegistryEntry entry) {
        Example example = entry.factory().example();
        Block block = (Block) new ComponentBuilder(REGISTRY).build(entry.kind(),
                ConfigView.parse("type = " + entry.typeName() + "\n" + example.config()));
        Shape[] shapes = example.inputShapes().toArray(new Shape[0]);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, shapes);
            ParameterStore ps = new ParameterStore(manager, false);
            if (block instanceof TargetGenerator) {
                assertTargetGenerator(entry, block, ps, shapes, manager);
                return;
            }
            NDList inputs = new NDList();
            for (Shape s : shapes) {
                NDArray x = manager.randomNormal(s);
                x.setRequiresGradient(true);
                inputs.add(x);
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(objective(block, ps, inputs, shapes, manager));
            }
            assertGradientsFlow(entry, block, inputs);
        }
    }

    /** A target generator runs outside the gradient graph: forward only, declared shapes, nothing to train. */
    private static void assertTargetGenerator(RegistryEntry entry, Block block, ParameterStore ps, Shape[] shapes,
            NDManager m) {
        NDList inputs = new NDList();
        for (Shape s : shapes) {
            inputs.add(m.randomNormal(s));
        }
        assertOutputShapes(block, shapes, block.forward(ps, inputs, false));
        assertTrue(block.getParameters().stream().noneMatch(p -> p.getValue().requiresGradient()),
                entry.typeName() + ": a target generator has no trainable parameters");
    }

    /** Runs the kind's training path and returns a scalar to differentiate, checking declared shapes on the way. */
    private static NDArray objective(Block block, ParameterStore ps, NDList inputs, Shape[] shapes, NDManager m) {
        if (block instanceof Loss loss) {
            NDArray prediction = inputs.get(0);
            NDArray target = null;
            if (loss.needsTarget()) {
                target = classTargets(m, prediction.getShape());
                if (loss.needsDenseTarget()) {
                    target = target.oneHot((int) prediction.getShape().get(prediction.getShape().dimension() - 1));
                }
            }
            NDArray value = loss.loss(prediction, target, null, null);
            assertEquals(new Shape(), value.getShape(), "a loss with default reduction returns a scalar");
            return value;
        }
        if (block instanceof SelfSupervisor model) {
            return model.loss(ps, inputs, new NDList()).total();
        }
        if (block instanceof TaskModel model) {
            NDList predicted = model.predict(ps, inputs);
            assertOutputShapes(block, shapes, model.forward(ps, inputs, false));
            return model.loss(ps, inputs, new NDList(classTargets(m, predicted.get(0).getShape()))).total();
        }
        NDList out = block.forward(ps, inputs, true);
        assertOutputShapes(block, shapes, out);
        if (block instanceof Head head) {
            NDList predicted = head.predict(block.forward(ps, inputs, false));
            assertEquals(out.get(0).getShape(), predicted.get(0).getShape(), "predict keeps one score per class");
            return head.loss(out, classTargets(m, out.get(0).getShape())).total();
        }
        NDArray sum = null;
        for (NDArray o : out) {
            NDArray term = o.mean();
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    private static NDArray classTargets(NDManager m, Shape predictionShape) {
        long classes = predictionShape.get(predictionShape.dimension() - 1);
        return m.randomInteger(0, classes, new Shape(predictionShape.get(0)), DataType.INT64);
    }

    private static void assertOutputShapes(Block block, Shape[] inputShapes, NDList out) {
        assertArrayEquals(block.getOutputShapes(inputShapes), out.getShapes(),
                block.getClass().getSimpleName() + ": getOutputShapes must match the forward pass");
    }

    /** Every trainable parameter must be reachable by gradients, or the inputs must receive some. */
    private static void assertGradientsFlow(RegistryEntry entry, Block block, NDList inputs) {
        List<Parameter> trainable = block.getParameters().stream().map(Pair::getValue)
                .filter(Parameter::requiresGradient).toList();
        Set<String> withGradient = new HashSet<>();
        for (Parameter p : trainable) {
            NDArray g = p.getArray().getGradient();
            assertTrue(g.isInfinite().logicalOr(g.isNaN()).none().getBoolean(),
                    entry.typeName() + ": non-finite gradient for " + p.getName());
            if (g.abs().sum().getFloat() > 0) {
                withGradient.add(p.getName());
            }
        }
        if (trainable.isEmpty()) {
            float inputGrad = inputs.get(0).getGradient().abs().sum().getFloat();
            assertTrue(inputGrad > 0, entry.typeName() + ": no gradient reaches the input");
        } else {
            assertFalse(withGradient.isEmpty(), entry.typeName() + ": no parameter received a gradient");
        }
    }
}
