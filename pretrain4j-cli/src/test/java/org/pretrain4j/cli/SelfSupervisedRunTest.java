package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;

/**
 * Self-supervised training through the real trainer on the committed Fashion-MNIST subset: SimCLR's config with
 * its MultiView pipeline trains a few iterations without labels and writes a checkpoint with mmpretrain's keys, and
 * a model holding a CosineEMA target is handed the run's length by the trainer.
 */
final class SelfSupervisedRunTest {
    private static final Path SIMCLR = Path.of("../configs/simclr/simclr_resnet18-w16_fashion-mnist.conf")
            .toAbsolutePath().normalize();

    /** The Fashion-MNIST SimCLR config cut to 3 iterations of 32 images on the subset. */
    private static LoadedConfig simclr(Path dir, String extra) throws Exception {
        Path file = dir.resolve("simclr_test.conf");
        Files.writeString(file, "include \"" + SIMCLR + "\"\n"
                + "data_root = \"" + Path.of("../data/fashion-mnist-subset").toAbsolutePath().normalize() + "\"\n"
                + "train_dataloader.batch_size = 32\n"
                + "train_cfg { _delete_ = true, by_epoch = false, max_iters = 3 }\n"
                + "param_scheduler = [{ type = CosineAnnealingLR, by_epoch = false, begin = 0, end = 3 }]\n"
                + "default_hooks { logger.interval = 1, checkpoint { interval = 3, by_epoch = false } }\n" + extra);
        return new ConfigLoader().load(file, List.of());
    }

    @Test
    void simclrTrainsOnTwoViewsAndWritesACheckpoint(@TempDir Path tmp) throws Exception {
        Path work = tmp.resolve("work");
        try (Trainer trainer = new Trainer(simclr(tmp, ""), ComponentRegistry.ofClasspath(), work, null)) {
            assertTrue(trainer.train().isEmpty(), "no validation");
        }
        Path checkpoint = work.resolve("iter_3.safetensors");
        assertTrue(Files.exists(checkpoint));
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = SafeTensors.read(checkpoint, m).tensors();
            assertTrue(tensors.containsKey("backbone.conv1.weight"), tensors.keySet().toString());
            assertTrue(tensors.containsKey("backbone.layer4.1.bn2.running_var"), tensors.keySet().toString());
        }
        List<String> records = Files.readAllLines(work.resolve("metrics.jsonl"));
        assertEquals(3, records.size(), records.toString());
        for (String r : records) {
            assertTrue(r.contains("\"mode\": \"train\"") || r.contains("\"mode\":\"train\""), r);
            double loss = Double.parseDouble(r.replaceAll(".*\"loss\": ?([-0-9.eE]+).*", "$1"));
            // 64 embeddings, 63 candidates each: the contrastive loss starts near log(63) = 4.1.
            assertTrue(loss > 1 && loss < 10, r);
        }
    }

    @Test
    void selfSupervisedRunsRejectValidation(@TempDir Path tmp) throws Exception {
        LoadedConfig withVal = simclr(tmp, "val_dataloader { batch_size = 8, dataset { type = FashionMNIST, "
                + "data_root = ${data_root}, split = test, pipeline = [] } }\nval_evaluator { type = Accuracy }\n");
        Pretrain4jException e = assertThrows(Pretrain4jException.class,
                () -> new Trainer(withVal, ComponentRegistry.ofClasspath(), tmp.resolve("work"), null).close());
        assertTrue(e.getMessage().contains("val_dataloader") && e.getMessage().contains("linear probe"),
                e.getMessage());
    }

    @Test
    void modelPartsThatAreHooksLearnTheRunLength(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("ema.conf");
        Files.writeString(file, "include \"" + SIMCLR + "\"\n"
                + "data_root = \"" + Path.of("../data/fashion-mnist-subset").toAbsolutePath().normalize() + "\"\n"
                + "model { _delete_ = true, type = TestEmaProbe, backbone { type = ResNet_CIFAR, depth = 18, "
                + "base_channels = 4, in_channels = 1 } }\n"
                + "optim_wrapper { _delete_ = true, optimizer { type = SGD, lr = 0.01 } }\n"
                + "train_dataloader.batch_size = 8\n"
                + "train_cfg { _delete_ = true, by_epoch = false, max_iters = 3 }\n"
                + "param_scheduler = []\n"
                + "default_hooks.checkpoint { interval = 3, by_epoch = false }\n");
        Path work = tmp.resolve("work");
        // Without the trainer's beforeTrain call CosineEMA's second update fails for want of max_iters.
        try (Trainer trainer = new Trainer(new ConfigLoader().load(file, List.of()), ComponentRegistry.ofClasspath(),
                work, null)) {
            trainer.train();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray steps = SafeTensors.read(work.resolve("iter_3.safetensors"), m).tensors().get("target_net.steps");
            assertEquals(3, steps.getLong());
        }
    }
}
