package org.pretrain4j.api;

import static java.util.Objects.requireNonNull;

/**
 * Documentation of one config key a factory reads; {@code pretrain4j describe TYPE} prints these.
 *
 * @param name the key as written in configs, in mmpretrain's spelling (e.g. {@code out_indices})
 * @param type the expected value type, for people (e.g. {@code int}, {@code list<int>}, {@code backbone config})
 * @param defaultValue the default as it would be written in HOCON, or {@code null} when the key is required
 * @param description what the key means
 */
public record ParamDoc(String name, String type, String defaultValue, String description) {
    /**
     * Checks the required fields.
     *
     * @param name the key
     * @param type the value type
     * @param defaultValue the default, or null when required
     * @param description the meaning
     */
    public ParamDoc {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
    }

    /**
     * Documents a key that must be given.
     *
     * @param name the key
     * @param type the value type
     * @param description the meaning
     * @return the documentation
     */
    public static ParamDoc required(String name, String type, String description) {
        return new ParamDoc(name, type, null, description);
    }

    /**
     * Documents a key with a default.
     *
     * @param name the key
     * @param type the value type
     * @param defaultValue the default, as written in HOCON
     * @param description the meaning
     * @return the documentation
     */
    public static ParamDoc optional(String name, String type, String defaultValue, String description) {
        return new ParamDoc(name, type, requireNonNull(defaultValue, "defaultValue is null"), description);
    }

    /**
     * Tells whether a config must give this key.
     *
     * @return true when there is no default
     */
    public boolean isRequired() {
        return defaultValue == null;
    }
}
