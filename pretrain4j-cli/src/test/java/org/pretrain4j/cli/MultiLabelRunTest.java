package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.ImageClassificationInferencer;
import org.pretrain4j.core.runner.Trainer;

/**
 * The multi-label example config end to end on the committed fixture: a CustomDataset list in the 'path 0,2' form
 * trains a MultiLabelLinearClsHead for one epoch, a MultiLabelDataset JSON file validates it with the multi-label
 * metrics, and test and predict read the head's predicted class sets.
 */
final class MultiLabelRunTest {
    @Test
    void trainsOneEpochThenTestsAndPredicts(@TempDir Path tmp) throws Exception {
        LoadedConfig config = new ConfigLoader().load(Path.of("../configs/multi_label/resnet18-w8_multilabel-tiny.conf"),
                List.of("data_root=../data/multilabel-tiny", "train_cfg.max_epochs=1"));
        Map<String, Double> metrics;
        try (Trainer trainer = new Trainer(config, ComponentRegistry.ofClasspath(), tmp, null)) {
            metrics = trainer.train();
        }
        for (String key : List.of("multi-label/precision", "multi-label/recall", "multi-label/f1-score",
                "multi-label/precision_micro", "multi-label/mAP")) {
            assertTrue(metrics.containsKey(key), key + " in " + metrics);
            assertTrue(metrics.get(key) >= 0 && metrics.get(key) <= 100, key + " = " + metrics.get(key));
        }
        Path checkpoint = tmp.resolve("epoch_1.safetensors");
        assertTrue(Files.exists(checkpoint));

        Path csv = tmp.resolve("pred.csv");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"test", tmp.resolve("config.conf").toString(), checkpoint.toString(),
            "--out", csv.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("multi-label/mAP"), out.toString());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("index,gt_labels,pred_labels,pred_classes,pred_scores", lines.get(0));
        assertEquals(17, lines.size(), "a header and one line per validation image");
        assertTrue(lines.get(2).startsWith("1,0 1 2,"), lines.get(2));
        assertTrue(lines.get(16).startsWith("15,,"), "an image of no class: " + lines.get(16));

        try (ImageClassificationInferencer inferencer = ImageClassificationInferencer.load(tmp.resolve("config.conf"),
                checkpoint)) {
            List<ImageClassificationInferencer.Prediction> p =
                    inferencer.predict(Path.of("../data/multilabel-tiny/images/val_01.png"));
            assertEquals(3, p.size());
            assertTrue(List.of("red", "green", "blue").contains(p.get(0).className()), p.get(0).className());
            for (ImageClassificationInferencer.Prediction c : p) {
                assertEquals(c.score() >= 0.5f, c.predicted(), c.toString());
            }
        }
    }
}
