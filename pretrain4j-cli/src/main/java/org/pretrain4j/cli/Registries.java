package org.pretrain4j.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import org.pretrain4j.core.plugin.Plugin;
import org.pretrain4j.core.plugin.PluginLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one place commands get their registry: the bundled factories plus every plugin from {@code --plugins-dir},
 * {@code PRETRAIN4J_PLUGINS} or, when neither names a directory, {@code ./plugins}.
 */
final class Registries {
    private Registries() {}

    /**
     * The registry for a command, with the plugins directories given to the top-level command.
     *
     * @param spec the running command's spec
     * @return the validated registry
     */
    static ComponentRegistry of(CommandSpec spec) {
        requireNonNull(spec, "spec is null");
        Object root = spec.root().userObject();
        return load(root instanceof Main main ? main.pluginDirs : List.of());
    }

    /**
     * Loads the plugins and builds a registry over them and the classpath. Every kind is loaded at once, so a broken
     * plugin or a clashing type name fails the command before it starts working.
     *
     * @param named plugins directories named on the command line
     * @return the validated registry
     * @throws org.pretrain4j.api.PluginException if a plugin is laid out wrongly or cannot load
     */
    static ComponentRegistry load(List<Path> named) {
        List<Path> roots = PluginLoader.roots(named, System.getenv(PluginLoader.ENV_VAR), Path.of(""));
        if (roots.isEmpty()) {
            return ComponentRegistry.ofClasspath();
        }
        List<Plugin> plugins = PluginLoader.ofFramework().load(roots);
        try {
            return ComponentRegistry.of(ComponentRegistry.class.getClassLoader(), plugins).validate();
        } catch (RuntimeException e) {
            plugins.forEach(PluginLoader::closeQuietly);
            throw e;
        }
    }
}
