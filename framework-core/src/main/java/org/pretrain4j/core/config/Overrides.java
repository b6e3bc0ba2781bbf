package org.pretrain4j.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.config.ConfigTrees.Kind;

/**
 * Applies one {@code --set a.b.c=value} override to an unresolved config tree, like mmengine's
 * {@code --cfg-options}/{@code merge_from_dict}: missing or null objects on the way are created, an object value
 * merges into an existing object ({@code _delete_} honoured), anything else replaces, and an all-digit key steps into a
 * list ({@code train_pipeline.1.prob=0.0}).
 */
final class Overrides {
    private Overrides() {}

    static ConfigObject apply(ConfigObject root, String override) {
        String where = "--set " + override;
        int eq = override.indexOf('=');
        if (eq < 0) {
            throw new ConfigException("", where, "malformed override: expected key=value, e.g. model.head.num_classes=10");
        }
        String key = override.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw new ConfigException("", where, "malformed override: the key before '=' is empty");
        }
        List<String> path;
        try {
            path = ConfigUtil.splitPath(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(key, where, "malformed override key: " + ConfigLoader.problem(e), e);
        }
        ConfigValue value = parseValue(override.substring(eq + 1), key, where);
        return (ConfigObject) set(root, path, 0, value, where);
    }

    /**
     * Parses the value as exactly one HOCON value. A bare value that is not a number, boolean or null is taken
     * verbatim as a string, so unquoted paths and URLs survive ({@code load_from=https://x/y.pth} would otherwise
     * fail on {@code :} or lose {@code //y.pth} as a comment).
     */
    static ConfigValue parseValue(String raw, String key, String where) {
        ConfigOrigin origin = ConfigOriginFactory.newSimple(where);
        String text = raw.strip();
        if (text.isEmpty()) {
            return ConfigValueFactory.fromAnyRef("", where);
        }
        // A bare value (no brackets, braces, quotes or substitutions) is a number, boolean, null or a plain string.
        boolean bare = "[{\"".indexOf(text.charAt(0)) < 0 && !text.contains("${");
        IncludeRecorder includes = new IncludeRecorder();
        ConfigValue v;
        try {
            // Wrapping in a list rejects "1, x = 2" and a second value on another line instead of half-reading them.
            Config parsed = ConfigFactory.parseString("v = [\n" + text + "\n]", ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF).setOriginDescription(where).setIncluder(includes));
            v = parsed.root().get("v");
            if (!parsed.root().keySet().equals(Set.of("v")) || ConfigTrees.kind(v) != Kind.LIST
                    || ((ConfigList) v).size() != 1) {
                throw new ConfigException(key, where, "malformed override value '" + text + "': expected one HOCON "
                        + "value; write [a, b] for a list or quote a string that contains commas");
            }
        } catch (com.typesafe.config.ConfigException e) {
            if (bare) {
                // e.g. a URL: HOCON refuses ':' in an unquoted list element, but the meaning is plain.
                return ConfigValueFactory.fromAnyRef(text, where);
            }
            throw new ConfigException(key, where, "malformed override value '" + text + "': "
                    + ConfigLoader.problem(e), e);
        }
        if (!includes.includes().isEmpty()) {
            throw new ConfigException(key, where, "includes are not allowed in an override value");
        }
        ConfigValue element = ((ConfigList) v).get(0);
        if (bare && ConfigTrees.kind(element) == Kind.SCALAR && element.valueType() == ConfigValueType.STRING
                && text.indexOf('"') < 0) {
            return ConfigValueFactory.fromAnyRef(text, where);
        }
        return ConfigTrees.relabel(element, o -> origin);
    }

    private static ConfigValue set(ConfigValue current, List<String> path, int i, ConfigValue value, String where) {
        String here = i == 0 ? "" : ConfigUtil.joinPath(path.subList(0, i));
        if (i == path.size()) {
            return ConfigTrees.merge(value, current, here, false);
        }
        String seg = path.get(i);
        Kind kind = current == null ? Kind.NULL : ConfigTrees.kind(current);
        switch (kind) {
            case NULL: {
                ConfigObject empty = ConfigValueFactory.fromMap(Map.of(), where);
                return empty.withValue(seg, set(null, path, i + 1, value, where));
            }
            case OBJECT: {
                ConfigObject o = (ConfigObject) current;
                return o.withValue(seg, set(o.get(seg), path, i + 1, value, where));
            }
            case LIST: {
                ConfigList list = (ConfigList) current;
                if (!seg.chars().allMatch(Character::isDigit)) {
                    throw new ConfigException(here, ConfigView.describe(current.origin()), "is a list of "
                            + list.size() + " elements, so '" + seg + "' must be an index (0.." + (list.size() - 1)
                            + ") [" + where + "]");
                }
                int index = seg.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(seg);
                if (index >= list.size()) {
                    throw new ConfigException(here, ConfigView.describe(current.origin()), "index " + seg
                            + " is out of range for a list of " + list.size() + " elements [" + where + "]");
                }
                List<ConfigValue> elements = new ArrayList<>(list);
                elements.set(index, set(list.get(index), path, i + 1, value, where));
                return ConfigTrees.list(elements, list.origin());
            }
            case UNRESOLVED: {
                for (String s : path.subList(i, path.size())) {
                    if (s.chars().allMatch(Character::isDigit)) {
                        throw new ConfigException(here, ConfigView.describe(current.origin()), "is "
                                + ConfigTrees.describeKind(current) + ", which cannot be indexed before it is "
                                + "resolved; override the path it refers to [" + where + "]");
                    }
                }
                // Lets HOCON merge the new keys into whatever the substitution resolves to.
                return set(null, path, i, value, where).withFallback(current);
            }
            case SCALAR:
            default:
                throw new ConfigException(here, ConfigView.describe(current.origin()), "is "
                        + ConfigTrees.describeKind(current) + ", not an object, so it has no key '" + seg
                        + "'; override " + here + " itself [" + where + "]");
        }
    }
}
