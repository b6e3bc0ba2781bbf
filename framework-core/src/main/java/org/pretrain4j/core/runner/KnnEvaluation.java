package org.pretrain4j.core.runner;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.evaluation.Predictions;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.evaluation.Accuracy;
import org.pretrain4j.core.evaluation.AccuracyConfig;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.retriever.KnnClassifier;

/**
 * k-NN evaluation of frozen features, the fast check of a pre-trained backbone that needs no training: the labelled
 * training images of a classification config are encoded once, and each test image is classified by the weighted
 * vote of its nearest training vectors ({@link KnnClassifier}). The result is top-1 and top-5 accuracy, the keys of
 * the {@code Accuracy} metric ({@code accuracy/top1}, {@code accuracy/top5}; top-5 only with at least 5 classes).
 * Ties between class scores rank the lower class index first, and a class counts among the top 5 only when at least
 * one neighbour voted for it (the metric's threshold 0), rather than by the order of classes without votes.
 *
 * <pre>{@code
 * try (var extractor = FeatureExtractor.load(Path.of("configs/simclr/simclr_resnet18-w16_fashion-mnist.conf"),
 *         Path.of("work_dirs/simclr/epoch_10.safetensors"))) {
 *     LoadedConfig data = new ConfigLoader().load(Path.of("configs/_base_/datasets/fashion_mnist_bs128.conf"),
 *             List.of());
 *     Map<String, Double> acc = KnnEvaluation.run(extractor, data, FeatureExtractor.Stage.BACKBONE, 20, 0.07);
 * }
 * }</pre>
 */
public final class KnnEvaluation {
    /** DINO's and InstDisc's neighbour count. */
    public static final int DEFAULT_K = 20;
    /** DINO's and InstDisc's vote temperature. */
    public static final double DEFAULT_TEMPERATURE = 0.07;

    private KnnEvaluation() {}

    /**
     * Extracts the labelled training and test vectors of a classification config and evaluates them: the training
     * set is its {@code train_dataloader} read with the test pipeline, the test set its {@code val_dataloader}, or its
     * {@code test_dataloader} when it has no validation section.
     *
     * @param extractor the model with its weights
     * @param data the config whose dataloaders give the labelled images (the model's own config when it has them)
     * @param stage where to take the features; 4-D outputs are global-average-pooled
     * @param k neighbours per vote
     * @param temperature the vote temperature
     * @return {@code accuracy/top1} and, with at least 5 classes, {@code accuracy/top5}, in percent
     * @throws Pretrain4jException naming the config if a section is missing or has unlabelled images
     */
    public static Map<String, Double> run(FeatureExtractor extractor, LoadedConfig data, FeatureExtractor.Stage stage,
            int k, double temperature) {
        requireNonNull(extractor, "extractor is null");
        if (!data.view().has("train_dataloader")) {
            throw new Pretrain4jException(data.source() + " has no train_dataloader: k-NN needs labelled training "
                    + "images; give a classification config's data (e.g. a dataset base of configs/_base_/datasets)");
        }
        String testSplit = data.view().has("val_dataloader") ? "val" : "test";
        if (!data.view().has(testSplit + "_dataloader")) {
            throw new Pretrain4jException(data.source() + " has neither val_dataloader nor test_dataloader: k-NN "
                    + "needs labelled test images; give a classification config's data (e.g. a dataset base of "
                    + "configs/_base_/datasets)");
        }
        Features train = labelled(extractor.extractPooled(data, "train", stage), data, "train_dataloader");
        Features test = labelled(extractor.extractPooled(data, testSplit, stage), data, testSplit + "_dataloader");
        return evaluate(train, test, k, temperature);
    }

    /**
     * Evaluates saved vectors, e.g. two files from {@code pretrain4j extract}.
     *
     * @param train the labelled training vectors, the neighbours
     * @param test the labelled test vectors, the queries
     * @param k neighbours per vote; capped at the training set's size
     * @param temperature the vote temperature
     * @return {@code accuracy/top1} and, with at least 5 classes, {@code accuracy/top5}, in percent
     * @throws Pretrain4jException if a set is unlabelled or the sets' class lists differ
     */
    public static Map<String, Double> evaluate(Features train, Features test, int k, double temperature) {
        requireLabels(train, "the training set");
        requireLabels(test, "the test set");
        if (!train.classes().isEmpty() && !test.classes().isEmpty() && !train.classes().equals(test.classes())) {
            throw new Pretrain4jException("the training and test sets have different classes: " + train.classes()
                    + " and " + test.classes());
        }
        int numClasses = Math.max(Math.max(train.classes().size(), test.classes().size()),
                Math.max(maxLabel(train), maxLabel(test)) + 1);
        Accuracy accuracy = new Accuracy(new AccuracyConfig(numClasses >= 5 ? List.of(1, 5) : List.of(1),
                List.of(0.0)));
        try (NDManager manager = NDManager.newBaseManager();
                KnnClassifier knn = new KnnClassifier(train, numClasses, k, temperature, manager);
                ProgressBar bar = Progress.bar("k-NN", test.count(), 0)) {
            knn.classify(test.toArray(manager), (first, rows, votes) -> {
                accuracy.process(new Predictions(rows, numClasses, votes,
                        Arrays.copyOfRange(test.labels(), first, first + rows)));
                Progress.stepBy(bar, rows);
            });
        }
        return accuracy.compute();
    }

    private static Features labelled(Features features, LoadedConfig data, String section) {
        requireLabels(features, section + " of " + data.source());
        return features;
    }

    private static void requireLabels(Features features, String what) {
        if (features.count() == 0 || !features.isLabelled()) {
            throw new Pretrain4jException(what + " has " + (features.count() == 0 ? "no images" : "unlabelled images")
                    + "; k-NN evaluation needs one class label per image");
        }
    }

    private static int maxLabel(Features features) {
        return Arrays.stream(features.labels()).max().orElse(-1);
    }
}
