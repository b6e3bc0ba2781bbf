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
 * The shipped configs build models with exactly PyTorch's parameter counts. Rows: config path under
 * {@code configs/}, input channels, image size, the count PyTorch reports for the same network.
 */
final class ParameterCountTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "_base_/models/resnet18.conf, 3, 224, 11689512",
        "_base_/models/resnet50.conf, 3, 224, 25557032",
        "_base_/models/resnet18_cifar.conf, 3, 32, 11173962",
        // tools/fixtures/cnn_param_counts.py: torchvision networks, and ResNetV1c/V1d (deep stem) and SEResNet built
        // from torchvision's resnet50 the way mmpretrain's classes differ from it
        "_base_/models/resnetv1c50.conf, 3, 224, 25576264",
        "_base_/models/resnetv1d50.conf, 3, 224, 25576264",
        "_base_/models/resnext50_32x4d.conf, 3, 224, 25028904",
        "_base_/models/seresnet50.conf, 3, 224, 28088024",
        "_base_/models/mobilenet_v2_1x.conf, 3, 224, 3504872",
        // torchvision's mobilenet_v2(num_classes=10) with a 1-channel first conv (same script)
        "fashion_mnist/mobilenet_v2_fashion-mnist.conf, 1, 28, 2236106",
        // Backbone (927,008 / 2,971,952, as torchvision's) plus mmpretrain's StackedLinearClsHead
        // (576 -> 1280 -> 10 and 960 -> 1280 -> 1000).
        "_base_/models/mobilenet_v3/mobilenet_v3_small_cifar.conf, 3, 32, 1678378",
        "_base_/models/mobilenet_v3/mobilenet_v3_large_imagenet.conf, 3, 224, 5483032",
        // The multi-label head has the same fc as LinearClsHead.
        "_base_/models/resnet18_cifar_multilabel.conf, 3, 32, 11173962",
        // torchvision's convnext_tiny, convnext_small and convnext_base: norm3 is their classifier LayerNorm.
        "_base_/models/convnext/convnext-tiny.conf, 3, 224, 28589128",
        "_base_/models/convnext/convnext-small.conf, 3, 224, 50223688",
        "_base_/models/convnext/convnext-base.conf, 3, 224, 88591464",
        // torchvision's vit_b_16; its VisionTransformer class with DeiT-tiny's sizes, and with the Fashion-MNIST
        // ViT's sizes minus the 2 * 4 * 4 * 64 patch weights of the two channels Fashion-MNIST lacks.
        "_base_/models/vit-base-p16.conf, 3, 224, 86567656",
        "_base_/models/deit-tiny.conf, 3, 224, 5717416",
        "fashion_mnist/vit-tiny-p4_fashion-mnist.conf, 1, 28, 139018",
        // ConvNeXt-atto backbone as torchvision counts it (3,374,520) with the stem changed from 3x4x4 to 1x2x2 inputs
        // (40 * 48 - 40 * 4 = 1,760 fewer weights), plus the 320 -> 10 head (3,210).
        "fashion_mnist/convnext-atto_fashion-mnist.conf, 1, 28, 3375970",
        // tools/fixtures/mim_param_counts.py: ViT encoders and MAE's decoder as torch modules laid out as
        // mmpretrain's (frozen position embeddings included), MaskFeat's mask token and LinearNeck (768 -> 108).
        "mae/mae_vit-base-p16_8xb512-amp-coslr-300e_in1k.conf, 3, 224, 111907840",
        "maskfeat/maskfeat_vit-base-p16_8xb256-amp-coslr-300e_in1k.conf, 3, 224, 85882476",
        "mae/mae_vit-tiny-p4_fashion-mnist.conf, 1, 28, 1311248",
        // tools/fixtures/beitv2.py: BEiTPretrainViT, BEiTV2Neck, BEiTV2Head and VQKD (codebook included, a parameter
        // without gradient in mmpretrain too) laid out as torch modules.
        "beitv2/beitv2_beit-base-p16_8xb256-amp-coslr-300e_in1k.conf, 3, 224, 192809840",
        "beitv2/beitv2_vit-tiny-p4_fashion-mnist.conf, 1, 28, 293856",
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
