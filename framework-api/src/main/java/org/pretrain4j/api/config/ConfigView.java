package org.pretrain4j.api.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A typed, read-tracking view of one config object, e.g. {@code model.backbone}. It knows its own path and where it
 * was written, converts values with errors that name both, and remembers every key a factory asked for so that the
 * framework can reject keys nobody read ({@link #checkNoUnknownKeys()}): mmpretrain's {@code **kwargs} hides typos,
 * this does not.
 *
 * <p>A null value ({@code neck = null}, the HOCON spelling of Python's {@code None}) counts as absent.
 */
public final class ConfigView {
    private final ConfigObject object;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    private ConfigView(ConfigObject object, String path) {
        this.object = requireNonNull(object, "object is null");
        this.path = requireNonNull(path, "path is null");
    }

    /**
     * Wraps a resolved config object.
     *
     * @param object the object
     * @param path its dotted path from the config root, empty for the root
     * @return the view
     */
    public static ConfigView of(ConfigObject object, String path) {
        return new ConfigView(object, path);
    }

    /**
     * Parses a HOCON snippet, for tests and Java callers that skip config files.
     *
     * @param hocon the HOCON text, e.g. {@code "depth = 18, num_stages = 4"}
     * @return a root view
     */
    public static ConfigView parse(String hocon) {
        return new ConfigView(ConfigFactory.parseString(hocon).resolve().root(), "");
    }

    /**
     * Wraps a map of plain Java values (numbers, strings, booleans, lists and nested maps).
     *
     * @param values the keys and values
     * @return a root view
     */
    public static ConfigView of(Map<String, ?> values) {
        return new ConfigView(ConfigValueFactory.fromMap(values), "");
    }

    /**
     * Formats a value's origin as {@code file:line}.
     *
     * @param origin the origin from Typesafe Config
     * @return the file and line, or the origin's own description when it has no file
     */
    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename() != null ? origin.filename() : origin.resource();
        if (file == null && origin.url() != null) {
            file = origin.url().toString();
        }
        if (file == null) {
            return origin.description();
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }

    /**
     * The dotted path of this object from the config root.
     *
     * @return e.g. {@code model.backbone}; empty for the root
     */
    public String path() {
        return path;
    }

    /**
     * Where this object was written.
     *
     * @return {@code file:line}
     */
    public String origin() {
        return describe(object.origin());
    }

    /**
     * The underlying object, for code that hands a whole subtree on (e.g. printing it).
     *
     * @return the object
     */
    public ConfigObject unwrap() {
        return object;
    }

    /**
     * The keys present (null values included), sorted.
     *
     * @return the keys
     */
    public Set<String> keys() {
        return new TreeSet<>(object.keySet());
    }

    /**
     * Tells whether a key is present with a non-null value. Counts as reading the key.
     *
     * @param key the key
     * @return true if present and not null
     */
    public boolean has(String key) {
        return value(key) != null;
    }

    /**
     * The keys asked for so far, whether or not they were present.
     *
     * @return the keys in the order first asked for
     */
    public Set<String> readKeys() {
        return Set.copyOf(read);
    }

    /**
     * The keys present that nobody asked for.
     *
     * @return the unread keys, sorted
     */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(object.keySet());
        unread.removeAll(read);
        return unread;
    }

    /**
     * Marks a key as consumed without converting it, e.g. {@code type} once the builder has dispatched on it.
     *
     * @param key the key
     */
    public void markRead(String key) {
        read.add(key);
    }

    /**
     * Fails if the object has keys that nobody read, listing the keys that are known (those read) and the nearest
     * match. Factories need not call it for their own object (the builder does); they call it for plain nested
     * objects they read themselves.
     *
     * @throws ConfigException naming the first unknown key
     */
    public void checkNoUnknownKeys() {
        Set<String> unread = unreadKeys();
        if (unread.isEmpty()) {
            return;
        }
        String key = unread.iterator().next();
        Set<String> known = new TreeSet<>(read);
        throw new ConfigException(child(key), describe(object.get(key).origin()),
                "unknown key '" + key + "'." + Suggestions.didYouMean(key, known) + " Known keys: "
                        + String.join(", ", known) + (unread.size() > 1 ? ". Also unknown: " + unread : ""));
    }

    /**
     * Creates an error about one key of this object, naming its path and origin (or this object's origin when the key
     * is absent).
     *
     * @param key the key
     * @param problem what is wrong and what was expected
     * @return the exception, for the caller to throw
     */
    public ConfigException error(String key, String problem) {
        ConfigValue v = object.get(key);
        return new ConfigException(child(key), describe(v != null ? v.origin() : object.origin()), problem);
    }

    // ---- scalars -------------------------------------------------------------------------------------------------

    /**
     * Reads a required integer.
     *
     * @param key the key
     * @return the value
     * @throws ConfigException if absent, not an integer or out of the int range
     */
    public int getInt(String key) {
        return toInt(key, require(key, "an integer"));
    }

    /**
     * Reads an optional integer.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public int getInt(String key, int defaultValue) {
        ConfigValue v = value(key);
        return v == null ? defaultValue : toInt(key, v);
    }

    /**
     * Reads a required number.
     *
     * @param key the key
     * @return the value
     */
    public double getDouble(String key) {
        return toDouble(key, require(key, "a number"));
    }

    /**
     * Reads an optional number.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public double getDouble(String key, double defaultValue) {
        ConfigValue v = value(key);
        return v == null ? defaultValue : toDouble(key, v);
    }

    /**
     * Reads an optional boolean ({@code true}/{@code false}).
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        ConfigValue v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) v.unwrapped();
        }
        if (v.valueType() == ConfigValueType.STRING) {
            String s = (String) v.unwrapped();
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw wrongType(key, v, "a boolean (true or false)");
    }

    /**
     * Reads a required string.
     *
     * @param key the key
     * @return the value
     */
    public String getString(String key) {
        return toStringValue(key, require(key, "a string"));
    }

    /**
     * Reads an optional string.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the value
     */
    public String getString(String key, String defaultValue) {
        ConfigValue v = value(key);
        return v == null ? defaultValue : toStringValue(key, v);
    }

    /**
     * Reads an optional string that must be one of a fixed set (exact spelling, as in mmpretrain).
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @param allowed the allowed values
     * @return the value
     */
    public String getEnum(String key, String defaultValue, String... allowed) {
        String s = getString(key, defaultValue);
        if (!Arrays.asList(allowed).contains(s)) {
            throw error(key, "expected one of " + String.join(", ", allowed) + ", got '" + s + "'."
                    + Suggestions.didYouMean(s, Arrays.asList(allowed)));
        }
        return s;
    }

    // ---- lists ---------------------------------------------------------------------------------------------------

    /**
     * Reads an optional list of integers. A single integer counts as a one-element list, as mmpretrain accepts
     * {@code out_indices=3} for {@code (3,)}.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the values
     */
    public List<Integer> getIntList(String key, List<Integer> defaultValue) {
        return list(key, defaultValue, v -> toInt(key, v), "a list of integers");
    }

    /**
     * Reads an optional list of numbers; a single number counts as a one-element list.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the values
     */
    public List<Double> getDoubleList(String key, List<Double> defaultValue) {
        return list(key, defaultValue, v -> toDouble(key, v), "a list of numbers");
    }

    /**
     * Reads an optional list of strings; a single string counts as a one-element list.
     *
     * @param key the key
     * @param defaultValue the value when absent
     * @return the values
     */
    public List<String> getStringList(String key, List<String> defaultValue) {
        return list(key, defaultValue, v -> toStringValue(key, v), "a list of strings");
    }

    // ---- nested objects ------------------------------------------------------------------------------------------

    /**
     * Reads a required nested object.
     *
     * @param key the key
     * @return a view of the object, whose path extends this one
     */
    public ConfigView getView(String key) {
        return toView(key, require(key, "an object { ... }"));
    }

    /**
     * Reads an optional nested object.
     *
     * @param key the key
     * @return a view, or empty when the key is absent or null
     */
    public Optional<ConfigView> getOptionalView(String key) {
        ConfigValue v = value(key);
        return v == null ? Optional.empty() : Optional.of(toView(key, v));
    }

    /**
     * Reads an optional list of objects, e.g. a transform pipeline.
     *
     * @param key the key
     * @return views of the elements, with paths {@code key.0}, {@code key.1}, ...; empty when absent
     */
    public List<ConfigView> getViewList(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            return List.of();
        }
        if (v.valueType() != ConfigValueType.LIST) {
            throw wrongType(key, v, "a list of objects [ {...}, ... ]");
        }
        return objects((ConfigList) v, child(key));
    }

    /**
     * Reads an optional list of lists of objects, e.g. {@code MultiView}'s one transform pipeline per group of views.
     *
     * @param key the key
     * @return views of the elements of each inner list, with paths {@code key.0.0}, {@code key.0.1}, ...; empty when
     *     absent
     */
    public List<List<ConfigView>> getViewLists(String key) {
        ConfigValue v = value(key);
        if (v == null) {
            return List.of();
        }
        String expected = "a list of lists of objects [ [ {...}, ... ], ... ]";
        if (v.valueType() != ConfigValueType.LIST) {
            throw wrongType(key, v, expected);
        }
        List<List<ConfigView>> lists = new ArrayList<>();
        ConfigList outer = (ConfigList) v;
        for (int i = 0; i < outer.size(); i++) {
            ConfigValue e = outer.get(i);
            if (e.valueType() != ConfigValueType.LIST) {
                throw new ConfigException(child(key) + "." + i, describe(e.origin()), "expected " + expected
                        + ", got " + render(e));
            }
            lists.add(objects((ConfigList) e, child(key) + "." + i));
        }
        return lists;
    }

    private static List<ConfigView> objects(ConfigList list, String path) {
        List<ConfigView> views = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue e = list.get(i);
            if (e.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigException(path + "." + i, describe(e.origin()),
                        "expected an object { ... }, got " + render(e));
            }
            views.add(new ConfigView((ConfigObject) e, path + "." + i));
        }
        return views;
    }

    // ---- validation helpers --------------------------------------------------------------------------------------

    /**
     * Checks that an integer read from {@code key} is one of a fixed set.
     *
     * @param key the key it was read from
     * @param value the value
     * @param allowed the allowed values
     * @return the value
     */
    public int checkOneOf(String key, int value, int... allowed) {
        for (int a : allowed) {
            if (a == value) {
                return value;
            }
        }
        throw error(key, "expected one of " + Arrays.toString(allowed).replaceAll("[\\[\\]]", "") + ", got " + value);
    }

    /**
     * Checks that a number read from {@code key} lies in a closed range.
     *
     * @param key the key it was read from
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public double checkRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw error(key, "expected a number in [" + fmt(min) + ", " + fmt(max) + "], got " + fmt(value));
        }
        return value;
    }

    /**
     * Checks that an integer read from {@code key} lies in a closed range.
     *
     * @param key the key it was read from
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the value
     */
    public int checkRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw error(key, "expected an integer in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "<root>" : path) + " (" + origin() + ")";
    }

    // ---- internals -----------------------------------------------------------------------------------------------

    private String child(String key) {
        String quoted = ConfigUtil.joinPath(key);
        return path.isEmpty() ? quoted : path + "." + quoted;
    }

    private ConfigValue value(String key) {
        read.add(key);
        ConfigValue v = object.get(key);
        return v == null || v.valueType() == ConfigValueType.NULL ? null : v;
    }

    private ConfigValue require(String key, String expected) {
        ConfigValue v = value(key);
        if (v == null) {
            throw new ConfigException(child(key), describe(object.origin()),
                    "missing required key '" + key + "' (expected " + expected + ")");
        }
        return v;
    }

    private ConfigException wrongType(String key, ConfigValue v, String expected) {
        return new ConfigException(child(key), describe(v.origin()), "expected " + expected + ", got " + render(v));
    }

    private static String render(ConfigValue v) {
        String r = v.render(com.typesafe.config.ConfigRenderOptions.concise());
        if (r.length() > 60) {
            r = r.substring(0, 57) + "...";
        }
        return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + r;
    }

    private int toInt(String key, ConfigValue v) {
        BigDecimal n = toNumber(key, v, "an integer");
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            throw wrongType(key, v, n.scale() > 0 && n.stripTrailingZeros().scale() > 0
                    ? "an integer" : "an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]");
        }
    }

    private double toDouble(String key, ConfigValue v) {
        double d = toNumber(key, v, "a number").doubleValue();
        if (Double.isInfinite(d)) {
            throw wrongType(key, v, "a finite number");
        }
        return d;
    }

    private BigDecimal toNumber(String key, ConfigValue v, String expected) {
        Object raw = v.unwrapped();
        try {
            if (v.valueType() == ConfigValueType.NUMBER) {
                return new BigDecimal(raw.toString());
            }
            if (v.valueType() == ConfigValueType.STRING) {
                // Environment substitutions arrive as strings; accept them when they spell a number.
                return new BigDecimal(((String) raw).trim());
            }
        } catch (NumberFormatException e) {
            // fall through to the type error
        }
        throw wrongType(key, v, expected);
    }

    private String toStringValue(String key, ConfigValue v) {
        return switch (v.valueType()) {
            case STRING, NUMBER, BOOLEAN -> v.unwrapped().toString();
            default -> throw wrongType(key, v, "a string");
        };
    }

    private ConfigView toView(String key, ConfigValue v) {
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw wrongType(key, v, "an object { ... }");
        }
        return new ConfigView((ConfigObject) v, child(key));
    }

    private <E> List<E> list(String key, List<E> defaultValue, Function<ConfigValue, E> convert, String expected) {
        ConfigValue v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (v.valueType() != ConfigValueType.LIST) {
            if (v.valueType() == ConfigValueType.OBJECT) {
                throw wrongType(key, v, expected);
            }
            return List.of(convert.apply(v));
        }
        List<E> out = new ArrayList<>();
        for (ConfigValue e : (ConfigList) v) {
            out.add(convert.apply(e));
        }
        return List.copyOf(out);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
