package org.pretrain4j.cli;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.api.Kind;
import org.pretrain4j.core.registry.RegistryEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code list [GLOB] [--kind KIND]}: the registered component types. */
@Command(name = "list", description = "List registered component types: name, kind, plugin (or classpath), class and the jar it "
        + "came from.")
final class ListCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "GLOB", description = "Case-insensitive glob over type names, e.g. 'ResNet*'.")
    String glob;

    @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: model, backbone, neck, head, loss, selfsup.")
    String kind;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Kind<?>> kinds = kind == null ? Kind.BUILT_IN : List.of(Kinds.byName(kind));
        PathMatcher matcher = glob == null ? null
                : FileSystems.getDefault().getPathMatcher("glob:" + glob.toLowerCase(Locale.ROOT));
        List<RegistryEntry> entries = Registries.of(spec).entries(kinds).stream()
                .filter(e -> matcher == null || matcher.matches(Path.of(e.typeName().toLowerCase(Locale.ROOT))))
                .toList();
        Table table = new Table("type", "kind", "plugin", "class", "source");
        entries.forEach(e -> table.add(e.typeName(), e.kind().name(), e.origin(), e.className(), e.source()));
        spec.commandLine().getOut().print(table.render());
        spec.commandLine().getOut().printf("%d types%n", entries.size());
        return 0;
    }
}
