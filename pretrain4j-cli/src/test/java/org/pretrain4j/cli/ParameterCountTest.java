package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

/** The shipped base configs build models with exactly PyTorch's parameter counts. */
final class ParameterCountTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18.conf, 224, 11689512",
        "resnet50.conf, 224, 25557032",
        "resnet18_cifar.conf, 32, 11173962",
        // torchvision's convnext_tiny, convnext_small and convnext_base: norm3 is their classifier LayerNorm.
        "convnext/convnext-tiny.conf, 224, 28589128",
        "convnext/convnext-small.conf, 224, 50223688",
        "convnext/convnext-base.conf, 224, 88591464",
    })
    void matchesPyTorch(String file, int size, long expected) {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).buildModel(
                new ConfigLoader().load(Path.of("../configs/_base_/models", file), List.of()).config());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            assertEquals(expected, ModuleTree.countParameters(model));
        }
    }
}
