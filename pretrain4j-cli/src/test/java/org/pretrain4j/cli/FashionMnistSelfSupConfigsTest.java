package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.FeatureExtractor;
import org.pretrain4j.core.runner.Trainer;

/**
 * The self-supervised Fashion-MNIST configs build as written (full widths, their optimizers, schedules and view
 * pipelines) and train one step of 32 images on the committed subset with a finite loss; the checkpoint loads back
 * into the config's model for feature extraction, as {@code pretrain4j knn} loads it.
 */
final class FashionMnistSelfSupConfigsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "simclr/simclr_resnet18-w16_fashion-mnist.conf",
        "mocov2/mocov2_resnet18-w16_fashion-mnist.conf",
        "byol/byol_resnet18-w16_fashion-mnist.conf",
        "simsiam/simsiam_resnet18-w16_fashion-mnist.conf",
        "barlowtwins/barlowtwins_resnet18-w16_fashion-mnist.conf",
    })
    void trainsOneStepOnTheSubsetAndLoadsBack(String file, @TempDir Path tmp) throws Exception {
        List<String> overrides = List.of("data_root=../data/fashion-mnist-subset", "train_dataloader.batch_size=32",
                "train_cfg={by_epoch=false, max_iters=1, _delete_=true}",
                "default_hooks={logger.interval=1, checkpoint={interval=1, by_epoch=false}}");
        Path config = Path.of("../configs", file);
        Path work = tmp.resolve("work");
        try (Trainer trainer = new Trainer(new ConfigLoader().load(config, overrides),
                ComponentRegistry.ofClasspath(), work, null)) {
            assertTrue(trainer.train().isEmpty(), "no validation");
        }
        List<String> records = Files.readAllLines(work.resolve("metrics.jsonl"));
        assertEquals(1, records.size(), records.toString());
        double loss = Double.parseDouble(records.get(0).replaceAll(".*\"loss\": ?([-0-9.eE]+).*", "$1"));
        assertTrue(Double.isFinite(loss), records.get(0));

        LoadedConfig plain = new ConfigLoader().load(config, List.of());
        try (FeatureExtractor extractor = new FeatureExtractor(plain, ComponentRegistry.ofClasspath(),
                work.resolve("iter_1.safetensors"))) {
            assertTrue(extractor.metadata(FeatureExtractor.Stage.BACKBONE, config).containsKey("config"));
        }
    }
}
