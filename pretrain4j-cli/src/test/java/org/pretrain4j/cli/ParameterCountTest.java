package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        // tools/fixtures/cnn_param_counts.py: torchvision networks, and ResNetV1c/V1d (deep stem) and SEResNet built
        // from torchvision's resnet50 the way mmpretrain's classes differ from it
        "resnetv1c50.conf, 224, 25576264",
        "resnetv1d50.conf, 224, 25576264",
        "resnext50_32x4d.conf, 224, 25028904",
        "seresnet50.conf, 224, 28088024",
        "mobilenet_v2_1x.conf, 224, 3504872",
        // Backbone (927,008 / 2,971,952, as torchvision's) plus mmpretrain's StackedLinearClsHead
        // (576 -> 1280 -> 10 and 960 -> 1280 -> 1000).
        "mobilenet_v3/mobilenet_v3_small_cifar.conf, 32, 1678378",
        "mobilenet_v3/mobilenet_v3_large_imagenet.conf, 224, 5483032",
        // The multi-label head has the same fc as LinearClsHead.
        "resnet18_cifar_multilabel.conf, 32, 11173962",
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

    @Test
    void mobileNetV2FashionMnistBuildsWithAOneChannelStem() {
        // tools/fixtures/cnn_param_counts.py: torchvision's mobilenet_v2(num_classes=10) with a 1-channel first conv
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).buildModel(new ConfigLoader()
                .load(Path.of("../configs/fashion_mnist/mobilenet_v2_fashion-mnist.conf"), List.of()).config());
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            assertEquals(2_236_106L, ModuleTree.countParameters(model));
        }
    }
}
