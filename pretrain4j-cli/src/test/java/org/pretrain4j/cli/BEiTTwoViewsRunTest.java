package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;

/**
 * The BEiT v2 Fashion-MNIST config trains through the real trainer on the committed subset with the tokenizer fed
 * its own picture: {@code RandomResizedCropAndInterpolationWithTwoPic} makes it, {@code TwoNormDataPreprocessor}
 * scales it to [-1, 1], and BEiT hands it to the tokenizer (a recording VQKD, {@link TokenizerProbeFactory}).
 */
final class BEiTTwoViewsRunTest {
    @Test
    void theTokenizerGetsTheSecondViewNormalisedToPlusMinusOne(@TempDir Path tmp) throws Exception {
        TokenizerProbeFactory.SEEN.clear();
        List<String> overrides = List.of("data_root=../data/fashion-mnist-subset", "train_dataloader.batch_size=8",
                "train_cfg={by_epoch=false, max_iters=2, _delete_=true}",
                "default_hooks={logger.interval=1, checkpoint={interval=2, by_epoch=false}}",
                "model.target_generator.type=TestTokenizerProbe");
        Path work = tmp.resolve("work");
        try (Trainer trainer = new Trainer(new ConfigLoader().load(
                Path.of("../configs/beitv2/beitv2_vit-tiny-p4_fashion-mnist.conf"), overrides),
                ComponentRegistry.ofClasspath(), work, null)) {
            assertTrue(trainer.train().isEmpty(), "no validation");
        }
        List<String> records = Files.readAllLines(work.resolve("metrics.jsonl"));
        assertEquals(2, records.size(), records.toString());
        double loss = Double.parseDouble(records.get(1).replaceAll(".*\"loss\": ?([-0-9.eE]+).*", "$1"));
        assertTrue(Double.isFinite(loss), records.get(1));

        List<TokenizerProbeFactory.Seen> seen = TokenizerProbeFactory.SEEN;
        assertFalse(seen.isEmpty());
        for (TokenizerProbeFactory.Seen s : seen) {
            // second_size = 28, grey.
            assertEquals(new Shape(8, 1, 28, 28), s.shape());
            // (x - 127.5) / 127.5: the black background is exactly -1 and nothing exceeds 1. The encoder's view,
            // normalised by the Fashion-MNIST mean and std (72.94, 90.03), would reach -0.81 at the lowest and
            // about 2 at white.
            assertEquals(-1.0, s.min(), 1e-6);
            assertTrue(s.max() <= 1.0f && s.max() > 0.5f, "max " + s.max());
        }
    }
}
