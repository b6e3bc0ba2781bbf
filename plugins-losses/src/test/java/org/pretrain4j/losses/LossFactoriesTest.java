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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.LossFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.Loss;

/** A local conformance check over this module's loss factories, found the way the registry finds them. */
final class LossFactoriesTest {
    @Test
    void serviceLoaderFindsEveryLoss() {
        Set<String> names = Fixtures.factories().stream().map(LossFactory::typeName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("AsymmetricLoss", "CosineSimilarityLoss", "CrossCorrelationLoss",
                "CrossEntropyLoss", "FocalLoss", "L1Loss", "LabelSmoothLoss", "MSELoss", "PixelReconstructionLoss",
                "SeesawLoss")), names);
    }

    @Test
    void keysReadAreTheKeysDocumented() {
        for (LossFactory<?> factory : Fixtures.factories()) {
            ConfigView view = ConfigView.parse(factory.example().config());
            factory.parseConfig(view);
            Set<String> documented =
                    factory.parameters().stream().map(ParamDoc::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(documented, new TreeSet<>(view.readKeys()), factory.typeName());
            assertTrue(factory.parameters().stream().allMatch(p -> !p.description().isBlank()));
        }
    }

    /** The block forward pass: {@code (prediction, target)}, or {@code (prediction)} for a loss without target. */
    @Test
    void examplesRunForwardAndBackward() {
        for (LossFactory<?> factory : Fixtures.factories()) {
            Loss loss = Fixtures.create(factory, factory.example().config());
            try (NDManager manager = NDManager.newBaseManager()) {
                Shape shape = factory.example().inputShapes().get(0);
                NDArray prediction = manager.randomNormal(shape);
                prediction.setRequiresGradient(true);
                NDList inputs = new NDList(prediction);
                if (loss.needsTarget()) {
                    NDArray target = manager.randomInteger(0, shape.getLastDimension(), new Shape(shape.get(0)),
                            DataType.INT64);
                    inputs.add(loss.needsDenseTarget() ? target.oneHot((int) shape.getLastDimension()) : target);
                }
                loss.initialize(manager, DataType.FLOAT32, inputs.getShapes());
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = loss.forward(new ParameterStore(manager, false), inputs, true);
                    assertEquals(loss.getOutputShapes(inputs.getShapes())[0], out.singletonOrThrow().getShape(),
                            factory.typeName());
                    collector.backward(out.singletonOrThrow());
                }
                NDArray grad = prediction.getGradient();
                assertNotNull(grad);
                assertTrue(grad.abs().sum().getFloat() > 0, factory.typeName() + " has a zero gradient");
            }
        }
    }
}
