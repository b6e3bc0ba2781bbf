package org.pretrain4j.api;

import static java.util.Objects.requireNonNull;

/**
 * A plugin that cannot be loaded: a misplaced jar, a plugin directory without providers, a type name claimed twice,
 * a provider that fails to load, or a plugin built against another {@link ApiVersion API version}. The message names
 * the plugin, its jar and the fix, so the CLI prints it as it is.
 */
public class PluginException extends RegistryException {
    private static final long serialVersionUID = 1L;

    private final String pluginName;

    /**
     * Creates the exception.
     *
     * @param pluginName the plugin involved (its directory name)
     * @param message what went wrong, naming the plugin and its jar, and how to fix it
     */
    public PluginException(String pluginName, String message) {
        super(message);
        this.pluginName = requireNonNull(pluginName, "pluginName is null");
    }

    /**
     * Creates the exception with its cause.
     *
     * @param pluginName the plugin involved (its directory name)
     * @param message what went wrong, naming the plugin and its jar, and how to fix it
     * @param cause the underlying error
     */
    public PluginException(String pluginName, String message, Throwable cause) {
        super(message, cause);
        this.pluginName = requireNonNull(pluginName, "pluginName is null");
    }

    /**
     * The plugin involved.
     *
     * @return its name, which is its directory's name under a plugins directory
     */
    public String pluginName() {
        return pluginName;
    }
}
