package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.runner.ImageRetrievalInferencer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code retrieve CONFIG CHECKPOINT --gallery FILE IMAGE...}: the nearest gallery items of each image. */
@Command(name = "retrieve", description = "Find the gallery items most similar to each image and print them with "
        + "their scores.")
final class RetrieveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config the model was trained with.")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT", description = "A .safetensors checkpoint.")
    Path checkpoint;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG or BMP files.")
    List<Path> images;

    @Option(names = "--gallery", paramLabel = "FILE", description = "Gallery features from pretrain4j extract; "
            + "default: the prototype of an ImageToImageRetriever config.")
    Path gallery;

    @Option(names = "--topk", defaultValue = "5",
            description = "Matches to show per image (default: ${DEFAULT-VALUE}).")
    int topk;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (ImageRetrievalInferencer inferencer = new ImageRetrievalInferencer(
                new ConfigLoader().load(config, overrides.values), Registries.of(spec), checkpoint, gallery)) {
            List<List<ImageRetrievalInferencer.Match>> results = inferencer.retrieve(images, topk);
            for (int i = 0; i < images.size(); i++) {
                out.println(images.get(i));
                for (ImageRetrievalInferencer.Match m : results.get(i)) {
                    out.printf(Locale.ROOT, "  %2d. #%-7d %-20s %.4f%s%n", m.rank() + 1, m.sampleIndex(),
                            m.className(), m.score(), m.path() == null ? "" : "  " + m.path());
                }
            }
        }
        return 0;
    }
}
