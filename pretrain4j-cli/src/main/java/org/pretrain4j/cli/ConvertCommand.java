package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pretrain4j.core.weights.KeyConverter;
import org.pretrain4j.core.weights.KeyConverter.Arch;
import org.pretrain4j.core.weights.KeyConverter.Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code convert IN OUT --from torchvision|timm [--arch resnet|vit|mobilenet_v2]}: mmpretrain's
 * {@code tools/model_converters}, writing safetensors with mmpretrain names.
 */
@Command(name = "convert", description = "Convert a torchvision or timm checkpoint (.pth, .npz or .safetensors) to "
        + "a safetensors file with mmpretrain key names, loadable by init_cfg, load_from, test and predict.")
final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The checkpoint to convert; its format is detected "
            + "from its content. Nothing in it is executed.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The safetensors file to write (atomically).")
    Path output;

    @Option(names = "--from", required = true, paramLabel = "NAMING",
            description = "Whose key names IN has: torchvision, timm, or mmpretrain (keys kept, format changed); any "
                    + "case.")
    Source source;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "resnet, vit or mobilenet_v2, any case; detected from the keys when omitted.")
    Arch arch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyConverter.FileConversion c = KeyConverter.convertFile(input, output, source, arch);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("read %s (%s)%n", c.input(), c.inputFormat().label());
        c.notes().forEach(n -> out.printf("  %s%n", n));
        out.printf("converted %d tensors from %s names%s%n", c.tensors(), c.source().cliName(),
                c.arch() == null ? "" : " (" + c.arch().cliName() + (c.archDetected() ? ", detected" : "") + ")");
        out.printf("wrote %s%n", c.output());
        return 0;
    }
}
