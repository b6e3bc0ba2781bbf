package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.ImageClassificationInferencer;
import org.pretrain4j.core.runner.Trainer;

/**
 * Real training runs on the committed Fashion-MNIST subset with a tiny ResNet: resume after a crash ends exactly where
 * an uninterrupted run ends, a NaN stops the run and spares the last checkpoint, and test/predict use the result.
 */
final class TrainingRunTest {
    private static final List<String> TINY = List.of(
            "data_root=../data/fashion-mnist-subset",
            "model.backbone.base_channels=4",
            "model.head.in_channels=32",
            "train_dataloader.batch_size=32",
            "train_cfg={by_epoch=false, max_iters=24, val_interval=12, _delete_=true}",
            "param_scheduler=[{type=MultiStepLR, by_epoch=false, milestones=[16], gamma=0.1}]",
            "default_hooks.checkpoint={interval=8, by_epoch=false, max_keep_ckpts=-1, save_best=null}",
            "default_hooks.logger.interval=8");

    private static LoadedConfig config(String... extra) {
        List<String> overrides = new ArrayList<>(TINY);
        overrides.addAll(List.of(extra));
        return new ConfigLoader().load(Path.of("../configs/fashion_mnist/quickstart.conf"), overrides);
    }

    private static Map<String, Double> train(LoadedConfig config, Path workDir, String resume) {
        try (Trainer trainer = new Trainer(config, ComponentRegistry.ofClasspath(), workDir, resume)) {
            return trainer.train();
        }
    }

    private static Map<String, float[]> weights(Path file) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, float[]> out = new java.util.LinkedHashMap<>();
            SafeTensors.read(file, m).tensors().forEach((k, v) -> out.put(k, v.toFloatArray()));
            return out;
        }
    }

    @Test
    void crashThenResumeEndsWithTheSameWeightsAndMetricsAsAnUninterruptedRun(@TempDir Path tmp) {
        Path straight = tmp.resolve("straight");
        Map<String, Double> expected = train(config(), straight, null);
        assertTrue(expected.get("accuracy/top1") > 10.0, "learned something: " + expected);

        Path crashed = tmp.resolve("crashed");
        LoadedConfig crashing = config("custom_hooks=[{type=CrashAtIteration, iteration=13}]");
        assertThrows(CrashHookFactory.Crash.class, () -> train(crashing, crashed, null));
        assertTrue(Files.exists(crashed.resolve("iter_8.safetensors")));
        Map<String, Double> resumed = train(config(), crashed, "auto");

        assertEquals(expected, resumed);
        Map<String, float[]> a = weights(straight.resolve("iter_24.safetensors"));
        Map<String, float[]> b = weights(crashed.resolve("iter_24.safetensors"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), 1e-6f, k));
    }

    @Test
    void nonFiniteLossStopsNamingTheIterationAndKeepsTheLastCheckpoint(@TempDir Path tmp) throws Exception {
        LoadedConfig exploding = config("optim_wrapper.optimizer.lr=1e30",
                "default_hooks.checkpoint.interval=1", "param_scheduler=[]");
        Pretrain4jException e = assertThrows(Pretrain4jException.class, () -> train(exploding, tmp, null));
        assertTrue(e.getMessage().matches("(loss became (NaN|Infinity|-Infinity)|gradients became non-finite .*) "
                + "at iteration \\d+ .*"), e.getMessage());
        assertTrue(e.getMessage().contains("The last good checkpoint is"), e.getMessage());
        Path last = tmp.resolve(Files.readString(tmp.resolve("last_checkpoint")).trim());
        assertTrue(e.getMessage().contains(last.toString()), e.getMessage());
        weights(last).forEach((k, v) -> {
            for (float f : v) {
                assertTrue(Float.isFinite(f), k + " in the kept checkpoint is finite");
            }
        });
    }

    @Test
    void skipNonfiniteSkipsCountsAndLogsTheBadStepsAndFinishesTheRun(@TempDir Path tmp) throws Exception {
        LoadedConfig exploding = config("optim_wrapper.optimizer.lr=1e30", "param_scheduler=[]",
                "train_cfg.skip_nonfinite=true");
        train(exploding, tmp, null);
        List<String> records = Files.readAllLines(tmp.resolve("metrics.jsonl"));
        String lastTrain = records.stream().filter(r -> r.contains("\"mode\": \"train\"")).reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(lastTrain.matches(".*\"skipped_steps\": [1-9]\\d*.*"), lastTrain);
        weights(tmp.resolve("iter_24.safetensors")).forEach((k, v) -> {
            for (float f : v) {
                assertTrue(Float.isFinite(f), k + ": a skipped step never reaches the weights");
            }
        });
    }

    @Test
    void testAndPredictUseTheTrainedCheckpoint(@TempDir Path tmp) throws Exception {
        train(config(), tmp, null);
        Path checkpoint = tmp.resolve("iter_24.safetensors");
        Path configFile = tmp.resolve("config.conf");
        Path csv = tmp.resolve("pred.csv");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", configFile.toString(), checkpoint.toString(), "--out", csv.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("accuracy/top1:"), out.toString());
        assertEquals(1001, Files.readAllLines(csv).size(), "a header and one line per test image");

        Path png = tmp.resolve("sample.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(28, 28,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        try (ImageClassificationInferencer inferencer = ImageClassificationInferencer.load(configFile, checkpoint)) {
            List<ImageClassificationInferencer.Prediction> p = inferencer.predict(png);
            assertEquals(10, p.size());
            assertTrue(p.get(0).score() >= p.get(1).score());
            assertTrue(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                    "Bag", "Ankle boot").contains(p.get(0).className()), p.get(0).className());
        }
    }

    @Test
    void checkpointOfAnotherArchitectureListsTheKeys(@TempDir Path tmp) {
        train(config(), tmp, null);
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", "../configs/fashion_mnist/quickstart.conf",
                tmp.resolve("iter_24.safetensors").toString(), "--set", "data_root=../data/fashion-mnist-subset"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("mismatch") || err.toString().contains("shape"), err.toString());
    }

    @Test
    void batchAugmentsTrainWithMixedOneHotTargetsAndMetricsWriteArtifacts(@TempDir Path tmp) {
        Map<String, Double> metrics = train(config(
                "model.train_cfg={augments=[{type=Mixup, alpha=0.8}, {type=CutMix, alpha=1.0}]}",
                "train_cfg={by_epoch=false, max_iters=4, val_interval=4, _delete_=true}",
                "val_evaluator=[{type=Accuracy, topk=[1]}, {type=SingleLabelMetric}, {type=ConfusionMatrix}]"),
                tmp, null);
        assertTrue(metrics.containsKey("single-label/f1-score"), metrics.toString());
        assertTrue(Files.exists(tmp.resolve("confusion_matrix.png")));
        assertTrue(Files.exists(tmp.resolve("curves.png")));
        assertTrue(Files.exists(tmp.resolve("config.conf")));
    }

    @Test
    void loadFromStartsANewRunFromWeightsButResumingIgnoresIt(@TempDir Path tmp) throws Exception {
        String[] oneStep = {"train_cfg={by_epoch=false, max_iters=1, val_interval=1, _delete_=true}",
            "default_hooks.checkpoint={interval=1, by_epoch=false, max_keep_ckpts=-1, save_best=null}"};
        train(config(oneStep), tmp.resolve("a"), null);
        Path weights = tmp.resolve("a").resolve("iter_1.safetensors");
        List<String> withLoadFrom = new ArrayList<>(List.of(oneStep));
        withLoadFrom.add("load_from=" + weights);

        try (Trainer t = new Trainer(config(withLoadFrom.toArray(String[]::new)), ComponentRegistry.ofClasspath(),
                tmp.resolve("b"), null)) {
            assertTrue(runLog(tmp.resolve("b")).contains("loaded 107 tensors from " + weights
                    + " into the model, as load_from (--set load_from="), runLog(tmp.resolve("b")));
        }
        try (Trainer t = new Trainer(config(withLoadFrom.toArray(String[]::new)), ComponentRegistry.ofClasspath(),
                tmp.resolve("a"), "auto")) {
            assertTrue(runLog(tmp.resolve("a")).contains("not applied: resuming restores every weight"));
        }
    }

    private static String runLog(Path workDir) throws java.io.IOException {
        try (var files = Files.list(workDir)) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                sb.append(Files.readString(f));
            }
            return sb.toString();
        }
    }

    @Test
    void misspeltSectionIsAConfigError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"train", "../configs/fashion_mnist/quickstart.conf", "--set",
                "data_root=../data/fashion-mnist-subset", "--set", "trian_cfg.max_epochs=1"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("Did you mean 'train_cfg'?"), err.toString());
    }

    @Test
    void missingDataRootNamesThePathAndThePackage() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"train", "../configs/fashion_mnist/quickstart.conf", "--set",
                "data_root=/nonexistent/fmnist"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, code);
        assertTrue(err.toString().contains("/nonexistent/fmnist") && err.toString().contains("dataset-fashion-mnist"),
                err.toString());
    }
}
