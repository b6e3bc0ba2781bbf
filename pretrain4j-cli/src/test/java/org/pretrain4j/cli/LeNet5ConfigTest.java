package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;

/** The shipped LeNet-5 Fashion-MNIST config builds, trains and checkpoints under mmpretrain's keys. */
final class LeNet5ConfigTest {
    @Test
    void trainsTwoStepsOnTheCommittedSubset(@TempDir Path tmp) {
        LoadedConfig config = new ConfigLoader().load(Path.of("../configs/fashion_mnist/lenet5_fashion-mnist.conf"),
                List.of("data_root=../data/fashion-mnist-subset",
                        "train_cfg={by_epoch=false, max_iters=2, val_interval=2, _delete_=true}",
                        "param_scheduler=[]",
                        "default_hooks.checkpoint={interval=2, by_epoch=false, max_keep_ckpts=-1, save_best=null}"));
        Map<String, Double> metrics;
        try (Trainer trainer = new Trainer(config, ComponentRegistry.ofClasspath(), tmp, null)) {
            metrics = trainer.train();
        }
        assertTrue(metrics.containsKey("accuracy/top1"), metrics.toString());
        try (NDManager m = NDManager.newBaseManager()) {
            Set<String> keys = SafeTensors.read(tmp.resolve("iter_2.safetensors"), m).tensors().keySet();
            assertEquals(Set.of("backbone.features.0.weight", "backbone.features.0.bias", "backbone.features.3.weight",
                    "backbone.features.3.bias", "backbone.features.6.weight", "backbone.features.6.bias",
                    "backbone.classifier.0.weight", "backbone.classifier.0.bias", "backbone.classifier.2.weight",
                    "backbone.classifier.2.bias"), keys);
        }
    }
}
