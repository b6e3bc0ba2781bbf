package org.pretrain4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.Example;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/** A local conformance check over this module's loss factories, found the way the registry finds them. */
final class LossFactoriesTest {
    private static final BuildContext NO_NESTING = new BuildContext() {
        @Override
        public <T> T build(Kind<T> kind, ConfigView config) {
            throw new AssertionError("losses build no nested components");
        }
    };

    private static List<LossFactory<?>> factories() {
        List<LossFactory<?>> all = new ArrayList<>();
        ServiceLoader.load(LossFactory.class).forEach(all::add);
        return all;
    }

    @Test
    void serviceLoaderFindsAllThree() {
        Set<String> names = factories().stream().map(LossFactory::typeName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("CrossEntropyLoss", "LabelSmoothLoss", "L1Loss")), names.toString());
    }

    @Test
    void keysReadAreTheKeysDocumented() {
        for (LossFactory<?> factory : factories()) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            Set<String> documented =
                    factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(documented, new TreeSet<>(view.readKeys()), factory.typeName());
            assertTrue(factory.parameters().stream().allMatch(p -> !p.description().isBlank()));
        }
    }

    @Test
    void examplesRunForwardAndBackward() {
        for (LossFactory<?> factory : factories()) {
            Loss loss = create(factory);
            Example example = factory.example();
            try (NDManager manager = NDManager.newBaseManager()) {
                Shape shape = example.inputShapes().get(0);
                NDArray prediction = manager.randomNormal(shape);
                prediction.setRequiresGradient(true);
                NDArray target = manager.randomInteger(0, shape.getLastDimension(), new Shape(shape.get(0)),
                        DataType.INT64);
                if (loss.needsDenseTarget()) {
                    target = target.oneHot((int) shape.getLastDimension());
                }
                loss.initialize(manager, DataType.FLOAT32, shape, target.getShape());
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = loss.forward(new ParameterStore(manager, false), new NDList(prediction, target), true);
                    assertEquals(loss.getOutputShapes(new Shape[] {shape, target.getShape()})[0],
                            out.singletonOrThrow().getShape(), factory.typeName());
                    collector.backward(out.singletonOrThrow());
                }
                NDArray grad = prediction.getGradient();
                assertNotNull(grad);
                assertTrue(grad.abs().sum().getFloat() > 0, factory.typeName() + " has a zero gradient");
            }
        }
    }

    private static <C> Loss create(LossFactory<C> factory) {
        C config = factory.parseConfig(ConfigView.parse(factory.example().config()));
        return factory.create(config, NO_NESTING);
    }
}
