package org.pretrain4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pretrain4j.core.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code print-config CONFIG [--set k=v]...}: the resolved config after includes and overrides. */
@Command(name = "print-config", description = "Print the resolved config: includes merged, overrides applied.")
final class PrintConfigCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CONFIG", description = "A HOCON config file.")
    Path config;

    @Mixin
    Overrides overrides;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(new ConfigLoader().load(config, overrides.values).render());
        return 0;
    }
}
