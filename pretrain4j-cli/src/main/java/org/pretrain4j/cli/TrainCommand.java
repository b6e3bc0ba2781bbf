package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.config.LoadedConfig;
import org.pretrain4j.core.runner.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code train CONFIG}: mmpretrain's tools/train.py. */
@Command(name = "train", description = "Train the model of a config; checkpoints, logs, metrics.jsonl and curves "
        + "go to the work dir.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "A HOCON config file.")
    Path config;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where outputs go (default: the config's "
            + "work_dir, else work_dirs/<config name>).")
    Path workDir;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "auto", paramLabel = "CHECKPOINT",
            description = "Continue from the latest checkpoint in the work dir, or from CHECKPOINT.")
    String resume;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedConfig loaded = new ConfigLoader().load(config, overrides.values);
        Path dir = WorkDirs.resolve(workDir, loaded, config);
        try (Trainer trainer = new Trainer(loaded, Registries.of(spec), dir, resume)) {
            Map<String, Double> metrics = trainer.train();
            metrics.forEach((k, v) -> spec.commandLine().getOut().printf(Locale.ROOT, "%s: %.4f%n", k, v));
        }
        return 0;
    }
}
