package org.pretrain4j.core.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import java.util.List;
import org.pretrain4j.api.config.ConfigView;

/**
 * A config as {@link ConfigLoader} produced it: bases merged, overrides applied, substitutions resolved, and
 * {@code _delete_} keys gone. Values keep their Typesafe origins, so errors raised while reading them name the file
 * and line (or the {@code --set} override) that set them.
 *
 * @param config the resolved config
 * @param source the config that was asked for: a file path, {@code classpath:<name>}, or the name given with a string
 * @param files every config read, in the order read: the requested one first, then each base depth-first, named like
 *     {@code source}
 * @param overrides the {@code --set} overrides applied, in order, as given ({@code a.b.c=value})
 */
public record LoadedConfig(Config config, String source, List<String> files, List<String> overrides) {
    /**
     * Validates and copies the parts.
     *
     * @param config the resolved config
     * @param source the requested config
     * @param files the configs read, in order
     * @param overrides the overrides applied
     */
    public LoadedConfig {
        requireNonNull(config, "config is null");
        requireNonNull(source, "source is null");
        files = List.copyOf(requireNonNull(files, "files is null"));
        overrides = List.copyOf(requireNonNull(overrides, "overrides is null"));
    }

    /**
     * A typed, read-tracking view of the whole config, for the builder and the runner.
     *
     * @return a fresh root view (each call tracks its own reads)
     */
    public ConfigView view() {
        return ConfigView.of(config.root(), "");
    }

    /**
     * Renders the resolved config as HOCON for {@code pretrain4j print-config} and for the copy stored with each
     * checkpoint: keys sorted, lists of scalars on one line, no comments, and parseable again to the same config.
     *
     * @return the HOCON text
     */
    public String render() {
        return HoconWriter.write(config.root());
    }
}
