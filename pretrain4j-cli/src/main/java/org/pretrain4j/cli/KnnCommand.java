package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.runner.FeatureExtractor;
import org.pretrain4j.core.runner.KnnEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code knn CONFIG CHECKPOINT [--data DATA_CONFIG]}: weighted k-NN accuracy of frozen features, the quick check of a
 * pre-trained backbone (InstDisc's and DINO's protocol).
 */
@Command(name = "knn", description = "Evaluate frozen features with a weighted k-NN classifier: encode the labelled "
        + "training and test images (train_dataloader, and val_dataloader or test_dataloader, both read with the test "
        + "pipeline), let each test image's k most cosine-similar training images vote with weight exp(s / T), and "
        + "print top-1 and top-5 accuracy.")
final class KnnCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config the model was trained with: a "
            + "self-supervised or a classifier config.")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT",
            description = "A checkpoint: .safetensors, a torch.save .pth with mmpretrain names, or .npz.")
    Path checkpoint;

    @Mixin
    LabelledData labelledData;

    @Option(names = "--k", defaultValue = "" + KnnEvaluation.DEFAULT_K, paramLabel = "K",
            description = "Neighbours per vote (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--temperature", defaultValue = "" + KnnEvaluation.DEFAULT_TEMPERATURE, paramLabel = "T",
            description = "Vote temperature T (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--stage", defaultValue = "backbone", paramLabel = "STAGE", description = "Where features are "
            + "taken: backbone (global-average-pooled), or for a classifier neck or pre_logits (default: "
            + "${DEFAULT-VALUE}).")
    String stage;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (k < 1) {
            throw new ConfigException("--k", "command line", "expected at least 1, got " + k);
        }
        if (!(temperature > 0)) {
            throw new ConfigException("--temperature", "command line", "expected a positive value, got "
                    + temperature);
        }
        FeatureExtractor.Stage s = Options.stage(stage);
        LoadedConfig model = new ConfigLoader().load(config, overrides.values);
        LoadedConfig labelled = labelledData.resolve(config, model);
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        Map<String, Double> accuracy;
        try (FeatureExtractor extractor = open(model)) {
            accuracy = KnnEvaluation.run(extractor, labelled, s, k, temperature);
        }
        out.printf(Locale.ROOT, "k-NN (k = %d, T = %s, %s features) in %.1f s%n", k, temperature, s.configName(),
                (System.nanoTime() - start) / 1e9);
        accuracy.forEach((key, v) -> out.printf(Locale.ROOT, "%s: %.2f%n", key, v));
        return 0;
    }

    /** Builds the model and loads the checkpoint; a checkpoint that does not fit also names the config. */
    private FeatureExtractor open(LoadedConfig model) {
        try {
            return new FeatureExtractor(model, Registries.of(spec), checkpoint);
        } catch (CheckpointException e) {
            throw new CheckpointException(e.getMessage() + "\n  (the model of " + config + "; give the config the "
                    + "checkpoint was trained with)", e);
        }
    }
}
