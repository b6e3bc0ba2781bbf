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

/**
 * The shipped configs build models with exactly PyTorch's parameter counts (torchvision's resnet18, resnet50,
 * vit_b_16; its VisionTransformer class with DeiT-tiny's sizes, and with the Fashion-MNIST ViT's sizes minus the
 * 2 * 4 * 4 * 64 patch weights of the two channels Fashion-MNIST lacks).
 */
final class ParameterCountTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "_base_/models/resnet18.conf, 3, 224, 11689512",
        "_base_/models/resnet50.conf, 3, 224, 25557032",
        "_base_/models/resnet18_cifar.conf, 3, 32, 11173962",
        "_base_/models/vit-base-p16.conf, 3, 224, 86567656",
        "_base_/models/deit-tiny.conf, 3, 224, 5717416",
        "fashion_mnist/vit-tiny-p4_fashion-mnist.conf, 1, 28, 139018",
    })
    void matchesPyTorch(String file, int channels, int size, long expected) {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).buildModel(
                new ConfigLoader().load(Path.of("../configs", file), List.of()).config());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, channels, size, size));
            assertEquals(expected, ModuleTree.countParameters(model));
        }
    }
}
