package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.runner.Tester;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code test CONFIG CHECKPOINT}: mmpretrain's tools/test.py. */
@Command(name = "test", description = "Evaluate a checkpoint on the config's test_dataloader with test_evaluator.")
final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "The config the model was trained with.")
    Path config;

    @Parameters(index = "1", paramLabel = "CHECKPOINT",
            description = "A checkpoint: .safetensors, a torch.save .pth with mmpretrain names, or .npz.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", description = "Write one CSV line per test image.")
    Path out;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Tester tester = new Tester(new ConfigLoader().load(config, overrides.values), Registries.of(spec),
                checkpoint)) {
            tester.test(out).forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.4f%n", k, v));
        }
        return 0;
    }
}
