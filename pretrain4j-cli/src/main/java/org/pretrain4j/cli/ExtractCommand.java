package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.retriever.Features;
import org.pretrain4j.core.runner.FeatureExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code extract CONFIG CHECKPOINT --dataset SPLIT --out FILE}: features of a whole split, e.g. a gallery. */
@Command(name = "extract", description = "Extract the features of every image of a dataloader section and write "
        + "them, with labels and sample indices, to a safetensors file (a retrieval gallery or query set). With "
        + "--data the images come from another config's dataloaders, as knn reads them: how a self-supervised "
        + "backbone's features of labelled images are taken (backbone feature maps are then average-pooled).")
final class ExtractCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config the model was trained with.")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint.")
    Path checkpoint;

    @Option(names = "--dataset", defaultValue = "test", paramLabel = "SPLIT", description = "Which dataloader section: "
            + "train, val or test (default: ${DEFAULT-VALUE}). The train split is read with the test pipeline.")
    String split;

    @Option(names = "--stage", defaultValue = "neck", paramLabel = "STAGE", description = "Where features are taken: "
            + "backbone, neck or pre_logits (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The safetensors file to write.")
    Path out;

    @Mixin
    LabelledData labelledData;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FeatureExtractor.Stage s = Options.stage(stage);
        Options.split(split);
        LoadedConfig model = new ConfigLoader().load(config, overrides.values);
        LoadedConfig data = labelledData.loadIfGiven();
        try (FeatureExtractor extractor = new FeatureExtractor(model, Registries.of(spec), checkpoint)) {
            long start = System.nanoTime();
            Features features = data == null ? extractor.extract(split, s) : extractor.extractPooled(data, split, s);
            double seconds = (System.nanoTime() - start) / 1e9;
            features.write(out, extractor.metadata(s, checkpoint));
            spec.commandLine().getOut().printf(Locale.ROOT,
                    "extracted %d x %d features (%s, %s split) in %.1f s to %s%n", features.count(), features.dim(),
                    s.configName(), split, seconds, out);
        }
        return 0;
    }
}
