package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.runner.Trainer;

/**
 * {@code pretrain4j knn} (and {@code extract --data}) end to end on the committed Fashion-MNIST subset: a SimCLR
 * checkpoint of a tiny ResNet (base_channels = 4, one training step) is evaluated on the labelled images of the
 * Fashion-MNIST dataset base.
 */
final class KnnRunTest {
    private static final String SIMCLR = "../configs/simclr/simclr_resnet18-w16_fashion-mnist.conf";
    private static final String DATA = "../configs/_base_/datasets/fashion_mnist_bs128.conf";
    private static final List<String> TINY_MODEL = List.of("--set", "model.backbone.base_channels=4",
            "--set", "model.neck.in_channels=32");
    private static final List<String> TINY_DATA = List.of("--data", DATA,
            "--data-set", "data_root=../data/fashion-mnist-subset");

    @TempDir
    static Path tmp;
    private static Path checkpoint;

    private record Result(int code, String out, String err) {
        double value(String key) {
            return out.lines().filter(l -> l.startsWith(key + ": "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(key.length() + 2))).findFirst()
                    .orElseThrow(() -> new AssertionError(key + " in " + out));
        }
    }

    private static Result run(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> list) {
                list.forEach(x -> args.add(x.toString()));
            } else {
                args.add(p.toString());
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** One SimCLR step on 32 images: a checkpoint with the self-supervised model's keys and metadata. */
    @BeforeAll
    static void pretrain() {
        List<String> overrides = List.of("data_root=../data/fashion-mnist-subset", "model.backbone.base_channels=4",
                "model.neck.in_channels=32", "train_dataloader.batch_size=32",
                "train_cfg={by_epoch=false, max_iters=1, _delete_=true}", "param_scheduler=[]",
                "default_hooks.checkpoint={interval=1, by_epoch=false}");
        Path work = tmp.resolve("simclr");
        try (Trainer trainer = new Trainer(new ConfigLoader().load(Path.of(SIMCLR), overrides),
                ComponentRegistry.ofClasspath(), work, null)) {
            trainer.train();
        }
        checkpoint = work.resolve("iter_1.safetensors");
    }

    /**
     * The 1,000 test images serve as their own training set, to keep the test quick. With k = 1 each image finds
     * itself (cosine 1), so top-1 is 100 %; with the defaults (k = 20, T = 0.07) the other neighbours outvote it at
     * times, but top-1 stays far above chance (10 %).
     */
    @Test
    void knnOfASelfSupervisedBackboneOnAClassificationConfigsData() {
        List<String> testAsTrain = List.of("--data-set", "train_dataloader.dataset.split=test");
        Result self = run("knn", SIMCLR, checkpoint, TINY_MODEL, TINY_DATA, testAsTrain, "--k", "1");
        assertEquals(0, self.code(), self.err());
        assertTrue(self.out().contains("k-NN (k = 1, T = 0.07, backbone features)"), self.out());
        assertEquals(100.0, self.value("accuracy/top1"), 1e-9, self.out());
        assertEquals(100.0, self.value("accuracy/top5"), 1e-9, self.out());

        Result knn = run("knn", SIMCLR, checkpoint, TINY_MODEL, TINY_DATA, testAsTrain);
        assertEquals(0, knn.code(), knn.err());
        double top1 = knn.value("accuracy/top1");
        assertTrue(top1 > 30 && top1 <= 100, knn.out());
        assertTrue(knn.value("accuracy/top5") >= top1, knn.out());
    }

    /**
     * {@code extract --data} reads the same labelled images for a self-supervised backbone: one pooled vector (the
     * tiny ResNet's 32 channels) and the true label per test image.
     */
    @Test
    void extractTakesTheLabelledImagesOfAnotherConfig() {
        Path out = tmp.resolve("test-features.safetensors");
        Result extract = run("extract", SIMCLR, checkpoint, TINY_MODEL, TINY_DATA, "--stage", "backbone", "--out", out);
        assertEquals(0, extract.code(), extract.err());
        Features features = Features.read(out);
        assertEquals(1000, features.count(), extract.out());
        assertEquals(32, features.dim(), extract.out());
        assertTrue(features.isLabelled());
        assertEquals(10, Arrays.stream(features.labels()).distinct().count());

        Result orphan = run("extract", SIMCLR, checkpoint, TINY_MODEL, "--data-set", "data_root=x", "--out", out);
        assertEquals(Main.EXIT_CONFIG, orphan.code(), orphan.out());
        assertTrue(orphan.err().contains("--data-set"), orphan.err());
    }

    /** Missing labelled data, a stage a self-supervised model does not offer, and a checkpoint of another width. */
    @Test
    void mistakesGiveErrorsNamingTheOptionOrFile() {
        Result noData = run("knn", SIMCLR, checkpoint, TINY_MODEL);
        assertEquals(Main.EXIT_CONFIG, noData.code(), noData.out());
        assertTrue(noData.err().contains("--data") && noData.err().contains(SIMCLR), noData.err());

        Result neck = run("knn", SIMCLR, checkpoint, TINY_MODEL, TINY_DATA, "--stage", "neck");
        assertEquals(Main.EXIT_FAILURE, neck.code(), neck.out());
        assertTrue(neck.err().contains("take the backbone stage"), neck.err());

        Result wider = run("knn", SIMCLR, checkpoint, "--set", "model.backbone.base_channels=8",
                "--set", "model.neck.in_channels=64", TINY_DATA);
        assertEquals(Main.EXIT_FAILURE, wider.code(), wider.out());
        assertTrue(wider.err().contains(checkpoint.toString()) && wider.err().contains("the model of " + SIMCLR),
                wider.err());

        Result badK = run("knn", SIMCLR, checkpoint, TINY_MODEL, TINY_DATA, "--k", "0");
        assertEquals(Main.EXIT_CONFIG, badK.code(), badK.out());
        assertTrue(badK.err().contains("--k"), badK.err());
    }
}
