package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.build.ComponentBuilder;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.inspect.ModuleTree;
import org.pretrain4j.core.registry.ComponentRegistry;

/**
 * The ImageNet configs of MoCo v2, BYOL, SimSiam and Barlow Twins build their models with PyTorch's parameter counts
 * and mmpretrain's checkpoint keys (momentum copies under {@code encoder_k.module.0/1} and
 * {@code target_net.module.0/1}, MoCo's {@code queue} and {@code queue_ptr} buffers).
 */
final class SiameseConfigsTest {
    /**
     * Expected counts from tools/fixtures/siamese.py (torchvision's ResNet-50 without fc plus each config's neck and
     * head; MoCo and BYOL twice for their frozen copy, whose parameters PyTorch counts too). MoCo and BYOL add 1 here:
     * the EMA's {@code steps} counter, a buffer in PyTorch, which ModuleTree counts as a parameter.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "mocov2/mocov2_resnet50_8xb32-coslr-200e_in1k.conf | 55933313 | encoder_k.module.0.layer4.2.bn3.running_var,"
                + "encoder_k.module.1.mlp.2.bias,encoder_k.steps,queue,queue_ptr,neck.mlp.0.weight | neck.bn0.weight",
        "byol/byol_resnet50_16xb256-coslr-200e_in1k.conf | 68024449 | target_net.module.0.conv1.weight,"
                + "target_net.module.1.fc1.weight,target_net.steps,head.predictor.fc0.bias,head.predictor.bn0.weight"
                + " | head.predictor.bn1.weight",
        "simsiam/simsiam_resnet50_8xb32-coslr-100e_in1k.conf | 38199360 | neck.bn2.running_mean,"
                + "head.predictor.fc1.bias | neck.bn2.weight",
        "barlowtwins/barlowtwins_resnet50_8xb256-coslr-300e_in1k.conf | 174535744 | neck.fc2.weight,"
                + "head.bn.running_mean,head.bn.running_var | head.bn.weight",
    })
    void buildsWithPyTorchCountsAndKeys(String file, long expected, String present, String absent) {
        TaskModel model = new ComponentBuilder(ComponentRegistry.ofClasspath()).buildModel(
                new ConfigLoader().load(Path.of("../configs", file), List.of()).config());
        assertTrue(model instanceof SelfSupervisor, model.getClass().getName());
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape view = new Shape(2, 3, 64, 64);
            model.initialize(manager, DataType.FLOAT32, view, view);
            assertEquals(expected, ModuleTree.countParameters(model));
            Map<String, Parameter> keys = ModuleTree.torchParameters(model);
            for (String key : present.split(",")) {
                assertTrue(keys.containsKey(key), key + " missing");
            }
            assertFalse(keys.containsKey(absent), absent);
        }
    }
}
