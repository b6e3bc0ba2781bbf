package org.pretrain4j.data.datasets;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.List;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigView;

/**
 * The {@code classes} override every dataset accepts: either a list of names or the path of a text file with one
 * name per line (mmpretrain's {@code _compat_classes}). Null fields mean "not given".
 *
 * @param names the names given inline, or null
 * @param file the file holding the names, or null
 */
public record ClassNames(List<String> names, String file) {
    /** The config key. */
    public static final String KEY = "classes";

    /** Documentation of the key, shared by every dataset factory. */
    static final ParamDoc DOC = ParamDoc.optional(KEY, "list<string> | string", "null",
            "Class names overriding the dataset's own: a list, or the path of a text file with one name per line "
                    + "(relative paths resolve against the working directory, as in mmpretrain).");

    /** No override. */
    public static final ClassNames NONE = new ClassNames(null, null);

    /**
     * Checks that at most one form is given.
     *
     * @param names inline names, or null
     * @param file the file, or null
     */
    public ClassNames {
        if (names != null && file != null) {
            throw new IllegalArgumentException("give classes either as a list or as a file, not both");
        }
        names = names == null ? null : List.copyOf(names);
    }

    /**
     * An inline override.
     *
     * @param names the names
     * @return the override
     */
    public static ClassNames of(List<String> names) {
        return new ClassNames(requireNonNull(names, "names is null"), null);
    }

    /**
     * Reads the {@code classes} key.
     *
     * @param config the dataset config
     * @return the override, {@link #NONE} when absent
     */
    static ClassNames parse(ConfigView config) {
        if (!config.has(KEY)) {
            return NONE;
        }
        // The view turns a lone string into a one-element list; here a string means a file, so look at the raw type.
        ConfigValue raw = config.unwrap().get(KEY);
        if (raw.valueType() == ConfigValueType.LIST) {
            List<String> names = config.getStringList(KEY, List.of());
            if (names.isEmpty()) {
                throw config.error(KEY, "expected at least one class name");
            }
            return of(names);
        }
        return new ClassNames(null, config.getString(KEY));
    }

    /**
     * Resolves the names: the override if given, else the dataset's own.
     *
     * @param own the dataset's names
     * @return the names to use
     */
    List<String> resolve(List<String> own) {
        if (names != null) {
            return names;
        }
        return file != null ? DataFiles.readLines(Path.of(file)) : own;
    }
}
