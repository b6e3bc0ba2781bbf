package org.pretrain4j.core.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One loaded plugin: a directory {@code <plugins dir>/<name>/} whose jars share one {@link PluginClassLoader}.
 *
 * @param name the plugin's name, which is its directory's name
 * @param directory the plugin's directory
 * @param jars the jars in it, sorted by file name: the plugin's own jars and their dependencies
 * @param classLoader the loader over those jars
 * @param apiVersion the {@link org.pretrain4j.api.ApiVersion API version} its provider jars declare, or 0 when none
 *     declares one
 */
public record Plugin(String name, Path directory, List<Path> jars, PluginClassLoader classLoader, int apiVersion) {
    /**
     * Checks the fields.
     *
     * @param name the plugin's name
     * @param directory its directory
     * @param jars its jars
     * @param classLoader its class loader
     * @param apiVersion the declared API version, 0 if undeclared
     */
    public Plugin {
        requireNonNull(name, "name is null");
        requireNonNull(directory, "directory is null");
        jars = List.copyOf(requireNonNull(jars, "jars is null"));
        requireNonNull(classLoader, "classLoader is null");
    }

    /**
     * The jars' file names, for messages.
     *
     * @return e.g. {@code my-plugin-1.0.jar, commons-math3-3.6.1.jar}
     */
    public String jarNames() {
        return jars.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
    }
}
