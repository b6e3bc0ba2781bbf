package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.core.runner.ImageClassificationInferencer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code predict CONFIG CHECKPOINT IMAGE...}: the top-k classes of each image, predicted ones marked. */
@Command(name = "predict", description = "Classify images and print the top-k class names with their scores; "
        + "* marks the classes the head predicts (the best one, or each one a multi-label head selects).")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config the model was trained with.")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint.")
    Path checkpoint;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG or BMP files.")
    List<Path> images;

    @Option(names = "--topk", defaultValue = "3", description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
    int topk;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (ImageClassificationInferencer inferencer = ImageClassificationInferencer.load(config, checkpoint)) {
            for (Path image : images) {
                spec.commandLine().getOut().println(image);
                inferencer.predict(image).stream().limit(topk).forEach(p -> spec.commandLine().getOut()
                        .printf(Locale.ROOT, "  %-20s %.4f%s%n", p.className(), p.score(), p.predicted() ? " *" : ""));
            }
        }
        return 0;
    }
}
