package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

/** The tutorial config builds and trains: L1Loss in a classification head receives one-hot targets. */
final class CustomizeModelsTest {
    @Test
    void trainingStepOnARandomBatchChangesTheHeadAndLowersNothingToNaN() {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).buildModel(new ConfigLoader()
                .load(Path.of("../configs/examples/customize_models.conf"), List.of()).config());
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 32, 32);
            model.initialize(manager, DataType.FLOAT32, shape);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray fc = ModuleTree.parameters(model).get("head.fc.weight").getArray();
            NDArray before = fc.duplicate();
            NDArray labels = manager.create(new long[] {0, 3, 7, 9});
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = model.loss(ps, new NDList(manager.randomNormal(shape)), new NDList(labels)).total();
                gc.backward(loss);
            }
            assertEquals(new Shape(), loss.getShape());
            assertTrue(Float.isFinite(loss.getFloat()) && loss.getFloat() > 0, "L1 loss " + loss.getFloat());
            fc.subi(fc.getGradient().mul(0.1f));
            assertNotEquals(0f, fc.sub(before).abs().sum().getFloat(), "the SGD step moved the head");
        }
    }
}
