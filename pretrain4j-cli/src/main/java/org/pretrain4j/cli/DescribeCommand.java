package org.pretrain4j.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.Suggestions;
import org.pretrain4j.core.registry.RegistryEntry;
import org.pretrain4j.core.weights.Pretrained;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code describe TYPE}: a component's parameters with types, defaults and meaning. */
@Command(name = "describe", description = "Show a component type's parameters: type, default and meaning.")
final class DescribeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TYPE", description = "A type name as used in configs, any case.")
    String type;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<RegistryEntry> all = Registries.of(spec).entries(Kind.BUILT_IN);
        List<RegistryEntry> hits = all.stream().filter(e -> e.typeName().equalsIgnoreCase(type)).toList();
        if (hits.isEmpty()) {
            List<String> names = all.stream().map(RegistryEntry::typeName).toList();
            throw new ConfigException("TYPE", "command line", "unknown type '" + type + "'."
                    + Suggestions.didYouMean(type, names) + " Run 'pretrain4j list' to see all "
                    + names.size() + " types.");
        }
        PrintWriter out = spec.commandLine().getOut();
        hits.forEach(e -> print(e, out));
        return 0;
    }

    private static void print(RegistryEntry e, PrintWriter out) {
        ComponentFactory<?, ?> f = e.factory();
        out.printf("%s (%s)%n  %s%n  class: %s%n  from:  %s%n%n", f.typeName(), e.kind().name(), f.summary(),
                e.className(), e.describeSource());
        Table table = new Table("parameter", "type", "default", "description");
        for (ParamDoc p : f.parameters()) {
            table.add(p.name(), p.type(), p.isRequired() ? "(required)" : p.defaultValue(), p.description());
        }
        out.print(table.render());
        String example = f.example().config().trim();
        if (Kind.MODEL_KINDS.contains(e.kind())) {
            out.printf("%n%s%n", Pretrained.INIT_CFG_DOC);
        }
        out.printf("%nexample:%n  %s { type = %s%s }%n%n", e.kind().name().toLowerCase(Locale.ROOT), f.typeName(),
                example.isEmpty() ? "" : ", " + example);
    }
}
