package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;

/**
 * The Fashion-MNIST linear-probe recipes take the pre-training configs' checkpoints as issue 7 runs them: a few
 * pre-training iterations on the committed subset, then a few probe iterations with the checkpoint loaded through
 * {@code init_cfg} (strict, prefix {@code backbone.}); the frozen backbone leaves the probe's checkpoint with exactly
 * the pre-trained backbone weights, and the probe's head trains.
 */
final class LinearProbeConfigsTest {
    private static final Path SUBSET = Path.of("../data/fashion-mnist-subset").toAbsolutePath().normalize();

    /** Pre-training starts from other random weights than the probe's own, so that loading them shows. */
    private static final String OTHER_SEED = "randomness.seed = 7\n";

    private static Path run(Path dir, String name, String config, String extra) throws Exception {
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, "include \"" + Path.of("../configs", config).toAbsolutePath().normalize() + "\"\n"
                + "data_root = \"" + SUBSET + "\"\n"
                + "train_dataloader.batch_size = 16\n"
                + "train_cfg { _delete_ = true, by_epoch = false, max_iters = 2, val_interval = 2 }\n"
                + "param_scheduler = []\n"
                + "default_hooks { logger.interval = 1, checkpoint { interval = 2, by_epoch = false } }\n" + extra);
        Path work = dir.resolve(name);
        try (Trainer trainer = new Trainer(new ConfigLoader().load(file, List.of()), ComponentRegistry.ofClasspath(),
                work, null)) {
            trainer.train();
        }
        return work.resolve("iter_2.safetensors");
    }

    @ParameterizedTest
    @CsvSource({
        "simclr/simclr_resnet18-w16_fashion-mnist.conf, simclr/linear-probe_resnet18-w16_fashion-mnist.conf, "
                + "backbone.layer4.1.bn2.running_var",
        "mae/mae_vit-tiny-p4_fashion-mnist.conf, mae/linear-probe_vit-tiny-p4_fashion-mnist.conf, "
                + "backbone.layers.5.attn.qkv.weight"})
    void probeLoadsThePreTrainedBackboneAndKeepsItFrozen(String pretrain, String probe, String key,
            @TempDir Path tmp) throws Exception {
        Path pretrained = run(tmp, "pretrain", pretrain, OTHER_SEED);
        Path probed = run(tmp, "probe", probe, "model.backbone.init_cfg { type = Pretrained, checkpoint = \""
                + pretrained + "\", prefix = \"backbone.\" }\nval_dataloader.batch_size = 500\n");
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> before = SafeTensors.read(pretrained, m).tensors();
            Map<String, NDArray> after = SafeTensors.read(probed, m).tensors();
            int compared = 0;
            for (Map.Entry<String, NDArray> e : after.entrySet()) {
                if (e.getKey().startsWith("backbone.") && before.containsKey(e.getKey())) {
                    assertArrayEquals(before.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray(), 0f,
                            e.getKey());
                    compared++;
                }
            }
            assertTrue(after.containsKey(key) && compared > 20, compared + " backbone tensors compared");
            assertTrue(after.containsKey("head.fc.weight"), after.keySet().toString());
            // The ViT probe's ln2 (its mean-patch-token norm, not in the MAE checkpoint) is frozen at identity too.
            if (probe.startsWith("mae/")) {
                NDArray ln2 = after.get("backbone.ln2.weight");
                assertEquals(1f, ln2.min().getFloat());
                assertEquals(1f, ln2.max().getFloat());
            }
        }
    }

    @Test
    void maeFineTuneStartsFromTheEncoderAndTrainsIt(@TempDir Path tmp) throws Exception {
        Path pretrained = run(tmp, "pretrain", "mae/mae_vit-tiny-p4_fashion-mnist.conf", OTHER_SEED);
        Path tuned = run(tmp, "finetune", "mae/finetune_vit-tiny-p4_fashion-mnist.conf",
                "model.backbone.init_cfg { type = Pretrained, checkpoint = \"" + pretrained
                        + "\", prefix = \"backbone.\" }\nval_dataloader.batch_size = 500\n");
        try (NDManager m = NDManager.newBaseManager()) {
            String key = "backbone.layers.0.attn.qkv.weight";
            NDArray before = SafeTensors.read(pretrained, m).tensors().get(key);
            NDArray after = SafeTensors.read(tuned, m).tensors().get(key);
            float moved = after.sub(before).abs().max().getFloat();
            // Two AdamW steps at 2.5e-4 times the layer decay move a weight by well under 1e-3; a fresh random
            // initialisation would differ by about the weights' own scale (0.02 and more).
            assertTrue(moved > 0 && moved < 1e-3f, "largest change " + moved);
        }
    }
}
