package org.pretrain4j.core.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;

/**
 * Operations on unresolved Typesafe config trees: mmengine's merge of a child into its base, removal of leftover
 * {@code _delete_} keys, and origin relabelling. They work before {@code resolve()} so that {@code ${...}} can refer
 * across files; an unresolved value ({@code ${x}}, a concatenation, a delayed merge) is treated as an opaque leaf.
 */
final class ConfigTrees {
    /** The mmengine key that makes an object replace what it inherits. */
    static final String DELETE_KEY = "_delete_";

    /** What a value is, as far as merging cares. */
    enum Kind { OBJECT, LIST, NULL, SCALAR, UNRESOLVED }

    private ConfigTrees() {}

    static Kind kind(ConfigValue v) {
        try {
            if (v instanceof ConfigObject o) {
                o.keySet(); // a delayed-merge object throws here: it is only an object once resolved
                return Kind.OBJECT;
            }
            return switch (v.valueType()) {
                case OBJECT -> Kind.OBJECT;
                case LIST -> Kind.LIST;
                case NULL -> Kind.NULL;
                default -> Kind.SCALAR;
            };
        } catch (com.typesafe.config.ConfigException.NotResolved e) {
            return Kind.UNRESOLVED;
        }
    }

    /** Joins a key onto a dotted path, quoting it when needed, as {@link ConfigView} does. */
    static String join(String path, String key) {
        String quoted = ConfigUtil.joinPath(key);
        return path.isEmpty() ? quoted : path + "." + quoted;
    }

    /**
     * Merges {@code child} over {@code base} with mmengine's rules: objects merge key by key, an object holding
     * {@code _delete_ = true} replaces the inherited value, anything else (lists included) replaces, and null may
     * replace or be replaced by anything. An unresolved value on either side is merged with HOCON's own rules at
     * resolve time.
     *
     * @param child the overriding value
     * @param base the inherited value, or null when there is none
     * @param path the dotted path of the value, for messages
     * @param strict whether an object over a non-object (or a scalar over an object) is an error, as between files;
     *     {@code --set} passes false because an explicit override means to replace
     * @return the merged value, with the {@code _delete_} keys it consumed removed
     */
    static ConfigValue merge(ConfigValue child, ConfigValue base, String path, boolean strict) {
        if (base == null) {
            return child;
        }
        Kind ck = kind(child);
        Kind bk = kind(base);
        switch (ck) {
            case NULL, LIST:
                return child;
            case UNRESOLVED:
                // Keeps ${path} self-references (and +=) working: HOCON resolves them against the fallback.
                return child.withFallback(base);
            case SCALAR:
                if (strict && bk == Kind.OBJECT) {
                    throw clash(child, base, path, "A scalar cannot replace an inherited object, since that is "
                            + "usually a misplaced key. To replace the object, write an object with `"
                            + DELETE_KEY + " = true`, or set it to null in the base");
                }
                return child;
            case OBJECT:
            default:
                break;
        }
        ConfigObject co = (ConfigObject) child;
        ConfigValue flag = co.get(DELETE_KEY);
        if (flag != null) {
            boolean delete = deleteFlag(flag, join(path, DELETE_KEY));
            co = co.withoutKey(DELETE_KEY);
            if (delete) {
                return co;
            }
        }
        switch (bk) {
            case NULL:
                return co;
            case UNRESOLVED:
                return co.withFallback(base);
            case LIST, SCALAR:
                if (strict) {
                    throw clash(child, base, path, "Add `" + DELETE_KEY + " = true` to the object to replace the "
                            + "inherited value (mmengine's rule)");
                }
                return co;
            case OBJECT:
            default:
                break;
        }
        ConfigObject bo = (ConfigObject) base;
        ConfigObject out = co;
        for (String key : bo.keySet()) {
            ConfigValue b = bo.get(key);
            ConfigValue c = co.get(key);
            out = out.withValue(key, c == null ? b : merge(c, b, join(path, key), strict));
        }
        return out;
    }

    private static boolean deleteFlag(ConfigValue flag, String path) {
        if (kind(flag) == Kind.SCALAR && flag.unwrapped() instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(path, ConfigView.describe(flag.origin()),
                "expected true or false, got " + describeKind(flag));
    }

    private static ConfigException clash(ConfigValue child, ConfigValue base, String path, String fix) {
        return new ConfigException(path, ConfigView.describe(child.origin()),
                "sets " + describeKind(child) + " here, but inherits " + describeKind(base) + " from "
                        + ConfigView.describe(base.origin()) + ". " + fix + ".");
    }

    /** Names a value's type for messages, with a short rendering. */
    static String describeKind(ConfigValue v) {
        String rendered = v.render(com.typesafe.config.ConfigRenderOptions.concise());
        if (rendered.length() > 40) {
            rendered = rendered.substring(0, 37) + "...";
        }
        return switch (kind(v)) {
            case OBJECT -> "an object";
            case LIST -> "a list " + rendered;
            case NULL -> "null";
            case UNRESOLVED -> "a substitution " + rendered;
            case SCALAR -> "a " + v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + rendered;
        };
    }

    /**
     * Removes {@code _delete_} keys that had nothing to delete (a base's own objects, a value with no base), so they
     * never reach a factory as an unknown key. Unresolved values are left alone.
     */
    static ConfigValue stripDeleteKeys(ConfigValue v) {
        switch (kind(v)) {
            case OBJECT: {
                ConfigObject o = (ConfigObject) v;
                ConfigObject out = o.containsKey(DELETE_KEY) ? o.withoutKey(DELETE_KEY) : o;
                for (String key : out.keySet()) {
                    ConfigValue child = out.get(key);
                    ConfigValue stripped = stripDeleteKeys(child);
                    if (stripped != child) {
                        out = out.withValue(key, stripped);
                    }
                }
                return out;
            }
            case LIST: {
                ConfigList list = (ConfigList) v;
                List<ConfigValue> elements = new ArrayList<>(list.size());
                boolean changed = false;
                for (ConfigValue e : list) {
                    ConfigValue stripped = stripDeleteKeys(e);
                    changed |= stripped != e;
                    elements.add(stripped);
                }
                return changed ? list(elements, list.origin()) : list;
            }
            default:
                return v;
        }
    }

    /** Builds a list of existing values, keeping them as they are (Typesafe passes config values through). */
    static ConfigList list(List<ConfigValue> elements, ConfigOrigin origin) {
        return ConfigValueFactory.fromIterable(elements, origin.description()).withOrigin(origin);
    }

    /**
     * Gives every value in a tree a new origin. Used for {@code --set} values, whose origin should read
     * {@code --set a.b=1} rather than Typesafe's {@code --set a.b=1: 1}, and for configs parsed from strings.
     */
    static ConfigValue relabel(ConfigValue v, UnaryOperator<ConfigOrigin> origin) {
        switch (kind(v)) {
            case OBJECT: {
                ConfigObject o = (ConfigObject) v;
                for (String key : o.keySet()) {
                    o = o.withValue(key, relabel(o.get(key), origin));
                }
                return o.withOrigin(origin.apply(v.origin()));
            }
            case LIST: {
                List<ConfigValue> elements = new ArrayList<>();
                for (ConfigValue e : (ConfigList) v) {
                    elements.add(relabel(e, origin));
                }
                return list(elements, origin.apply(v.origin()));
            }
            default:
                return v.withOrigin(origin.apply(v.origin()));
        }
    }
}
