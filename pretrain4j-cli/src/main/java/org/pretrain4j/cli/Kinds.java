package org.pretrain4j.cli;

import java.util.Locale;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.Suggestions;

/** Resolves kind names given on the command line. */
final class Kinds {
    private Kinds() {}

    static Kind<?> byName(String name) {
        for (Kind<?> k : Kind.BUILT_IN) {
            if (k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        var names = Kind.BUILT_IN.stream().map(Kind::name).toList();
        throw new ConfigException("--kind", "command line", "unknown kind '" + name.toLowerCase(Locale.ROOT) + "'."
                + Suggestions.didYouMean(name, names) + " Known kinds: " + String.join(", ", names));
    }
}
