package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;

/**
 * The Fashion-MNIST fine-tune recipe builds and starts from a SimCLR backbone given on the command line: after one
 * step at learning rate 0 its checkpoint holds the SimCLR checkpoint's convolution weights (batch-norm statistics
 * move with the step, the convolutions do not).
 */
final class FineTuneConfigTest {
    private static final Path SIMCLR = Path.of("../configs/simclr/simclr_resnet18-w16_fashion-mnist.conf");
    private static final Path FINETUNE = Path.of("../configs/simclr/finetune_resnet18-w16_fashion-mnist.conf");
    private static final String ONE_STEP = "train_cfg={by_epoch=false, max_iters=1, val_interval=100, _delete_=true}";

    private static Path train(Path config, Path work, List<String> extra) {
        List<String> overrides = new java.util.ArrayList<>(List.of("data_root=../data/fashion-mnist-subset",
                "train_dataloader.batch_size=32", ONE_STEP, "param_scheduler=[]",
                "default_hooks.checkpoint={interval=1, by_epoch=false, save_best=null}"));
        overrides.addAll(extra);
        try (Trainer trainer = new Trainer(new ConfigLoader().load(config, overrides), ComponentRegistry.ofClasspath(),
                work, null)) {
            trainer.train();
        }
        return work.resolve("iter_1.safetensors");
    }

    @Test
    void startsFromThePreTrainedBackbone(@TempDir Path tmp) {
        Path pretrained = train(SIMCLR, tmp.resolve("simclr"), List.of());
        // Another seed than the pre-training's, so that a backbone left at its random initialisation would differ.
        Path finetuned = train(FINETUNE, tmp.resolve("finetune"), List.of("optim_wrapper.optimizer.lr=0",
                "randomness.seed=1",
                "model.backbone.init_cfg={type=Pretrained, checkpoint=\"" + pretrained + "\", prefix=\"backbone.\"}"));
        try (NDManager m = NDManager.newBaseManager()) {
            var before = SafeTensors.read(pretrained, m).tensors();
            var after = SafeTensors.read(finetuned, m).tensors();
            for (String key : List.of("backbone.conv1.weight", "backbone.layer4.1.conv2.weight")) {
                assertArrayEquals(before.get(key).toFloatArray(), after.get(key).toFloatArray(), key);
            }
            assertEquals(10, after.get("head.fc.weight").getShape().get(0));
        }
    }
}
