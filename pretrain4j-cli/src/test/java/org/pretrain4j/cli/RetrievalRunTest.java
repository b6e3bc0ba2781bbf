package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.runner.Trainer;

/**
 * Retrieval end to end on the committed Fashion-MNIST subset with a tiny ResNet: a classifier checkpoint is extracted,
 * searched, tested as a retriever and queried with images, and the retrieval configs train with retrieval
 * validation. Galleries are the 1,000 test images, to keep the suite quick.
 */
final class RetrievalRunTest {
    private static final String CLASSIFIER = "../configs/fashion_mnist/quickstart.conf";
    private static final String RETRIEVAL = "../configs/fashion_mnist/retrieval_resnet18-w16_fashion-mnist.conf";
    private static final String ARCFACE = "../configs/arcface/resnet18-w16-arcface_fashion-mnist.conf";
    private static final List<String> TINY_DATA = List.of("--set", "data_root=../data/fashion-mnist-subset");
    private static final List<String> TINY_CLASSIFIER = List.of("--set", "model.backbone.base_channels=4",
            "--set", "model.head.in_channels=32");
    private static final List<String> TINY_RETRIEVER = List.of("--set", "model.image_encoder.0.base_channels=4",
            "--set", "model.head.in_channels=32");

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

    private static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        Result r = new Result(code, out.toString(), err.toString());
        assertEquals(0, code, args + ": " + r.err());
        return r;
    }

    private static List<String> args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> list) {
                list.forEach(x -> all.add(x.toString()));
            } else {
                all.add(p.toString());
            }
        }
        return all;
    }

    /** A classifier trained for 8 iterations: enough for features that are not random. */
    @BeforeAll
    static void trainClassifier() {
        List<String> overrides = List.of("data_root=../data/fashion-mnist-subset", "model.backbone.base_channels=4",
                "model.head.in_channels=32", "train_cfg={by_epoch=false, max_iters=8, val_interval=100, _delete_=true}",
                "param_scheduler=[]", "default_hooks.checkpoint={interval=8, by_epoch=false, save_best=null}");
        Path work = tmp.resolve("classifier");
        try (Trainer trainer = new Trainer(new ConfigLoader().load(Path.of(CLASSIFIER), overrides),
                ComponentRegistry.ofClasspath(), work, null)) {
            trainer.train();
        }
        checkpoint = work.resolve("iter_8.safetensors");
    }

    /**
     * The two ways to evaluate retrieval agree: extract gallery and queries with the classifier config and search the
     * files, or test the retrieval config (its image encoder loads the classifier's backbone and neck). To stay quick
     * the gallery is the 1,000 test images too, read through the train section (pointed at the test split), which
     * must then use the test pipeline: with random crops and flips a query would not find itself first.
     */
    @Test
    void extractAndSearchAgreeWithTestingTheRetrievalConfig() {
        Path gallery = tmp.resolve("gallery.safetensors");
        Path queries = tmp.resolve("queries.safetensors");
        Result extracted = run(args("extract", CLASSIFIER, checkpoint, "--dataset", "train", "--out", gallery,
                "--set", "train_dataloader.dataset.split=test", TINY_DATA, TINY_CLASSIFIER));
        assertTrue(extracted.out().contains("extracted 1000 x 32 features (neck, train split)"), extracted.out());
        run(args("extract", CLASSIFIER, checkpoint, "--out", queries, TINY_DATA, TINY_CLASSIFIER));
        Features g = Features.read(gallery);
        assertArrayEquals(IntStream.range(0, 1000).toArray(), g.sampleIndices());
        assertTrue(g.isLabelled());
        assertEquals("Ankle boot", g.classes().get(9));

        Result searched = run(args("search", RETRIEVAL, "--gallery", gallery, "--queries", queries));
        assertEquals(100.0, searched.value("retrieval/Recall@1"), 1e-9, searched.out());
        Result tested = run(args("test", RETRIEVAL, checkpoint, TINY_DATA, TINY_RETRIEVER,
                "--set", "gallery_dataloader.dataset.split=test"));
        for (String key : List.of("retrieval/Recall@1", "retrieval/Recall@5", "retrieval/mAP@60000")) {
            // Same weights and images; only the batch sizes differ, which may move float rounding, hence the slack.
            assertEquals(searched.value(key), tested.value(key), 0.2, key);
        }
        double map = searched.value("retrieval/mAP@60000");
        assertTrue(map > 10 && map < 100, "a full-ranking mAP above chance (10 %): " + searched.out());
    }

    /** --stage: the backbone's last stage flattened (32 x 4 x 4), and pre_logits = the neck for a linear head. */
    @Test
    void stagesGiveTheirOwnFeatures() {
        Path backbone = tmp.resolve("backbone.safetensors");
        Path preLogits = tmp.resolve("pre_logits.safetensors");
        Path neck = tmp.resolve("neck.safetensors");
        for (Path out : List.of(backbone, preLogits, neck)) {
            String stage = out.getFileName().toString().replace(".safetensors", "");
            run(args("extract", CLASSIFIER, checkpoint, "--stage", stage, "--out", out, TINY_DATA, TINY_CLASSIFIER));
        }
        assertEquals(512, Features.read(backbone).dim());
        assertArrayEquals(Features.read(neck).values(), Features.read(preLogits).values());
    }

    /** retrieve prints each image's best gallery items, from a feature file or from a retriever's own prototype. */
    @Test
    void retrievePrintsTheNearestGalleryItems() {
        Path gallery = tmp.resolve("retrieve-gallery.safetensors");
        run(args("extract", CLASSIFIER, checkpoint, "--dataset", "test", "--out", gallery, TINY_DATA,
                TINY_CLASSIFIER));
        List<String> images = List.of("../data/fashion-mnist-samples/test0_Ankle_boot.png",
                "../data/fashion-mnist-samples/test2_Trouser.png");
        Result fromFile = run(args("retrieve", CLASSIFIER, checkpoint, "--gallery", gallery, "--topk", "3",
                TINY_DATA, TINY_CLASSIFIER, images));
        List<String> lines = fromFile.out().lines().toList();
        assertEquals(8, lines.size(), fromFile.out());
        assertEquals(images.get(0), lines.get(0));
        // The sample PNGs are test images 0 and 2 themselves, so each finds itself first, with cosine 1.
        assertTrue(lines.get(1).matches("\\s+1\\. #0\\s+Ankle boot\\s+1\\.0000"), lines.get(1));
        assertTrue(lines.get(5).matches("\\s+1\\. #2\\s+Trouser\\s+1\\.0000"), lines.get(5));

        Result fromPrototype = run(args("retrieve", RETRIEVAL, checkpoint, "--topk", "2", TINY_DATA, TINY_RETRIEVER,
                "--set", "gallery_dataloader.dataset.split=test", images));
        assertEquals(fromFile.out().lines().filter(l -> l.contains(" 1. ")).toList(),
                fromPrototype.out().lines().filter(l -> l.contains(" 1. ")).toList());
    }

    /** Both retrieval configs train, validate with retrieval metrics and keep their gallery fresh. */
    @Test
    void retrievalConfigsTrainWithRetrievalValidation() {
        for (String config : List.of(RETRIEVAL, ARCFACE)) {
            List<String> overrides = new ArrayList<>(List.of("data_root=../data/fashion-mnist-subset",
                    "model.image_encoder.0.base_channels=4", "model.head.in_channels=32",
                    "gallery_dataloader.dataset.split=test",
                    "train_cfg={by_epoch=false, max_iters=4, val_interval=2, _delete_=true}", "param_scheduler=[]",
                    "default_hooks.checkpoint={interval=4, by_epoch=false}"));
            Path work = tmp.resolve(Path.of(config).getFileName().toString());
            Map<String, Double> metrics;
            try (Trainer trainer = new Trainer(new ConfigLoader().load(Path.of(config), overrides),
                    ComponentRegistry.ofClasspath(), work, null)) {
                metrics = trainer.train();
            }
            assertEquals(List.of("retrieval/Recall@1", "retrieval/Recall@5"), List.copyOf(metrics.keySet()), config);
            // The gallery is the query set itself, so every query finds itself (or an identical image) first.
            assertEquals(100.0, metrics.get("retrieval/Recall@1"), 1e-9, config);
            assertTrue(Arrays.asList(work.toFile().list()).contains("iter_4.safetensors"), config);
        }
    }
}
