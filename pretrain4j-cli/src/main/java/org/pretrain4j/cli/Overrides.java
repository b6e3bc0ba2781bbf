package org.pretrain4j.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The repeatable {@code --set KEY=VALUE} option shared by every command that loads a config. */
final class Overrides {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key; the value is parsed as HOCON (--set model.head.topk=[1,5]). Repeatable.")
    List<String> values = new ArrayList<>();
}
