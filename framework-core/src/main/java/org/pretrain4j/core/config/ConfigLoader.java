package org.pretrain4j.core.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.core.config.IncludeRecorder.Include;

/**
 * Loads HOCON configs with mmengine's {@code Config.fromfile} semantics, so that mmpretrain configs port line by line.
 *
 * <ol>
 *   <li><b>Bases.</b> {@code include "../_base_/models/resnet18.conf"} plays {@code _base_}: the included file is a
 *       base and the including file's values override it, wherever in the file the include stands. Objects merge
 *       deeply; lists replace whole. A relative target resolves against the including file's directory (a classpath
 *       config's classpath directory); {@code include file("...")} does the same, and
 *       {@code include classpath("configs/...")} reads from the classpath root. Bases nest. A missing base, an include
 *       cycle, or an include inside an object is an error naming {@code file:line}: includes play {@code _base_}
 *       only, and a base's value is reused inside an object with {@code ${path}}.</li>
 *   <li><b>No remote includes.</b> {@code include url(...)} and URL-like targets are refused.</li>
 *   <li><b>{@code _delete_ = true}</b> in an object makes it replace what it inherits. An object over an inherited
 *       list or scalar without it is an error naming both origins (mmengine's {@code TypeError}); so is a scalar over
 *       an inherited object. A list may replace an object (mmpretrain's one-or-many {@code val_evaluator} and
 *       {@code init_cfg}), and null may replace or be replaced by anything ({@code neck = null}).</li>
 *   <li><b>Sibling bases</b> (two includes in one file) may not define the same top-level key, as in mmengine
 *       ({@code Duplicate key is not allowed among bases}); the including file may override anything.</li>
 *   <li><b>Overrides</b> {@code a.b.c=value} (the CLI's repeatable {@code --set}) apply in order after loading, like
 *       {@code --cfg-options}: the value is one HOCON value (a bare string is taken verbatim), an object merges into an
 *       existing object, anything else replaces, an all-digit key indexes into a list, and missing objects on the way
 *       are created. Values set this way have the origin {@code --set a.b.c=value}.</li>
 *   <li><b>Substitutions</b> {@code ${path}}, {@code ${?ENV}} and {@code +=} resolve last, over the merged tree and
 *       the overrides, falling back to the environment as in HOCON. A value that is a substitution merges with what
 *       it overrides by HOCON's rules at resolve time ({@code list = ${list} [x]} appends).</li>
 *   <li><b>Errors</b> are {@link ConfigException}s naming the file and line; Typesafe's exceptions never escape.</li>
 * </ol>
 *
 * <p>A loader holds only the class loader used for classpath configs; it is immutable and thread-safe.
 */
public final class ConfigLoader {
    /** A scheme of two or more letters, so that a Windows drive letter is not taken for one. */
    private static final Pattern URL_LIKE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    private final ClassLoader classLoader;

    /** Creates a loader that reads classpath configs through this class's class loader. */
    public ConfigLoader() {
        this(ConfigLoader.class.getClassLoader());
    }

    /**
     * Creates a loader that reads classpath configs through the given class loader, e.g. one that sees plugin jars.
     *
     * @param classLoader the class loader for {@code classpath(...)} includes and {@link #loadResource}
     */
    public ConfigLoader(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    /**
     * Loads a config file and its bases, applies overrides and resolves substitutions.
     *
     * @param file the config file
     * @param overrides {@code a.b.c=value} overrides, applied in order; may be empty
     * @return the loaded config
     * @throws ConfigException if a file is missing, unreadable or malformed, or the configs do not merge
     */
    public LoadedConfig load(Path file, List<String> overrides) {
        return load(ConfigSource.file(requireNonNull(file, "file is null")), overrides);
    }

    /**
     * Loads a config from the classpath, e.g. {@code configs/resnet/resnet18_8xb16_cifar10.conf} as packaged by the
     * {@code configs} module. Its relative includes resolve within the classpath.
     *
     * @param resource the resource name, without a leading slash
     * @param overrides {@code a.b.c=value} overrides, applied in order; may be empty
     * @return the loaded config
     * @throws ConfigException if the resource is missing or any config is malformed or does not merge
     */
    public LoadedConfig loadResource(String resource, List<String> overrides) {
        ConfigSource source = ConfigSource.resource(requireNonNull(resource, "resource is null"));
        if (classLoader.getResource(source.resourceName()) == null) {
            throw new ConfigException("", source.display(), "config not found on the classpath");
        }
        return load(source, overrides);
    }

    /**
     * Loads a config given as text, for tests and Java callers. Its relative includes resolve against the working
     * directory, and its values' origins read {@code name:line}.
     *
     * @param hocon the HOCON text
     * @param name what messages call it, e.g. {@code inline.conf}
     * @param overrides {@code a.b.c=value} overrides, applied in order; may be empty
     * @return the loaded config
     * @throws ConfigException if the text or a base is malformed or the configs do not merge
     */
    public LoadedConfig loadString(String hocon, String name, List<String> overrides) {
        return load(ConfigSource.string(name, requireNonNull(hocon, "hocon is null")), overrides);
    }

    private LoadedConfig load(ConfigSource source, List<String> overrides) {
        List<String> applied = List.copyOf(requireNonNull(overrides, "overrides is null"));
        List<String> files = new ArrayList<>();
        try {
            ConfigObject tree = loadTree(source, new ArrayDeque<>(), files);
            for (String override : applied) {
                tree = Overrides.apply(tree, override);
            }
            Config resolved = tree.toConfig().resolve();
            // _delete_ keys can still arrive through substitutions that copied a base's object.
            ConfigObject clean = (ConfigObject) ConfigTrees.stripDeleteKeys(resolved.root());
            return new LoadedConfig(clean.toConfig(), source.display(), files, applied);
        } catch (com.typesafe.config.ConfigException e) {
            throw wrap(e, source.display());
        }
    }

    /** One base of a file: what was included, from where, and its merged tree. */
    private record Base(ConfigSource source, String at, ConfigObject tree) {}

    /** A parsed file before its bases are merged in. */
    private record Parsed(ConfigObject root, List<Include> includes, List<Integer> lines) {}

    private ConfigObject loadTree(ConfigSource source, Deque<ConfigSource> stack, List<String> files) {
        files.add(source.display());
        stack.push(source);
        Parsed parsed = parse(source);
        ConfigObject own = parsed.root();
        List<Base> bases = new ArrayList<>();
        for (int i = 0; i < parsed.includes().size(); i++) {
            Include include = parsed.includes().get(i);
            // The scanner's lines are only trusted when it saw exactly the statements the parser did.
            String at = parsed.lines().size() == parsed.includes().size()
                    ? source.display() + ":" + parsed.lines().get(i) : source.display();
            boolean topLevel = own.containsKey(include.marker());
            own = own.withoutKey(include.marker());
            if (!topLevel) {
                throw new ConfigException("", at, "include inside an object is not supported: an include names a "
                        + "base (mmengine's _base_) and belongs at the top level of the file. To reuse a base's value "
                        + "inside an object, include the base at the top and write key = ${path.in.base}");
            }
            ConfigSource target = target(source, include, at);
            checkNoCycle(stack, target, at);
            checkExists(target, include, at);
            bases.add(new Base(target, at, loadTree(target, stack, files)));
        }
        ConfigObject merged = (ConfigObject) ConfigTrees.merge(own, unionOf(bases), "", true);
        stack.pop();
        return (ConfigObject) ConfigTrees.stripDeleteKeys(merged);
    }

    private Parsed parse(ConfigSource source) {
        IncludeRecorder recorder = new IncludeRecorder();
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setAllowMissing(false).setIncluder(recorder).setClassLoader(classLoader);
        String text;
        ConfigObject root;
        try {
            switch (source.kind()) {
                case FILE -> {
                    Path file = source.path();
                    if (!Files.exists(file)) {
                        throw new ConfigException("", source.display(), "config file not found");
                    }
                    if (!Files.isRegularFile(file)) {
                        throw new ConfigException("", source.display(), "not a regular file");
                    }
                    text = Files.readString(file);
                    root = ConfigFactory.parseFile(file.toFile(), options).root();
                }
                case RESOURCE -> {
                    text = readResource(source);
                    root = ConfigFactory.parseResources(classLoader, source.resourceName(), options).root();
                }
                default -> {
                    text = source.text();
                    String name = source.display();
                    root = (ConfigObject) ConfigTrees.relabel(ConfigFactory.parseString(text,
                                    options.setOriginDescription(name)).root(),
                            o -> ConfigOriginFactory.newFile(name).withLineNumber(o.lineNumber()));
                }
            }
        } catch (IOException e) {
            throw new ConfigException("", source.display(), "cannot read config: " + e, e);
        } catch (com.typesafe.config.ConfigException e) {
            throw wrap(e, source.display());
        }
        return new Parsed(root, recorder.includes(), IncludeScanner.lines(text));
    }

    private String readResource(ConfigSource source) throws IOException {
        List<URL> urls = Collections.list(classLoader.getResources(source.resourceName()));
        if (urls.isEmpty()) {
            throw new ConfigException("", source.display(), "config not found on the classpath");
        }
        byte[] first = read(urls.get(0));
        for (URL other : urls.subList(1, urls.size())) {
            // Typesafe would merge same-named resources silently; identical copies are harmless, different ones not.
            if (!Arrays.equals(first, read(other))) {
                throw new ConfigException("", source.display(), "the classpath holds different configs under this "
                        + "name: " + urls.get(0) + " and " + other + ". Remove one so that it is clear which is meant");
            }
        }
        return new String(first, StandardCharsets.UTF_8);
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    private static ConfigSource target(ConfigSource from, Include include, String at) {
        String what = include.target();
        switch (include.form()) {
            case URL:
                throw remote(what, at);
            case CLASSPATH:
                return ConfigSource.classpath(what);
            case FILE: {
                ConfigSource s = from.resolveFile(what);
                if (s == null) {
                    throw new ConfigException("", at, "a config on the classpath may include file(\"" + what
                            + "\") only by an absolute path; use include \"" + what + "\" or classpath(...)");
                }
                return s;
            }
            case HEURISTIC:
            default:
                if (URL_LIKE.matcher(what).matches()) {
                    throw remote(what, at);
                }
                return from.resolveRelative(what);
        }
    }

    private static ConfigException remote(String what, String at) {
        return new ConfigException("", at, "remote includes are not allowed: " + what + ". Include a local file by "
                + "relative path or file(\"...\"), or a packaged config by classpath(\"configs/...\")");
    }

    private static void checkNoCycle(Deque<ConfigSource> stack, ConfigSource target, String at) {
        List<ConfigSource> chain = new ArrayList<>(stack);
        Collections.reverse(chain); // the stack iterates newest first
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).identity().equals(target.identity())) {
                List<String> names = new ArrayList<>();
                chain.subList(i, chain.size()).forEach(s -> names.add(s.display()));
                names.add(target.display());
                throw new ConfigException("", at, "include cycle: " + String.join(" -> ", names));
            }
        }
    }

    private void checkExists(ConfigSource target, Include include, String at) {
        boolean exists = target.kind() == ConfigSource.Kind.RESOURCE
                ? classLoader.getResource(target.resourceName()) != null
                : Files.exists(target.path());
        if (!exists) {
            String what = target.kind() == ConfigSource.Kind.RESOURCE ? "classpath config" : "file";
            throw new ConfigException("", at, "included " + what + " not found: " + target.display()
                    + (target.display().equals(include.target()) ? "" : " (from \"" + include.target() + "\")"));
        }
    }

    /** Puts sibling bases side by side, refusing a top-level key that two of them define, as mmengine does. */
    private static ConfigObject unionOf(List<Base> bases) {
        if (bases.isEmpty()) {
            return null;
        }
        Map<String, Base> owners = new HashMap<>();
        ConfigObject union = bases.get(0).tree();
        for (Base base : bases) {
            for (Map.Entry<String, com.typesafe.config.ConfigValue> e : base.tree().entrySet()) {
                Base first = owners.putIfAbsent(e.getKey(), base);
                if (first != null) {
                    throw new ConfigException(ConfigTrees.join("", e.getKey()), base.at(), "is defined by two "
                            + "sibling bases, " + first.source().display() + " (at "
                            + ConfigView.describe(first.tree().get(e.getKey()).origin()) + ") and "
                            + base.source().display() + " (at " + ConfigView.describe(e.getValue().origin())
                            + "). Duplicate keys are not allowed among bases, as in mmengine: keep the key in one "
                            + "base, or remove it from both and set it in the including file");
                }
                if (base != bases.get(0)) {
                    union = union.withValue(e.getKey(), e.getValue());
                }
            }
        }
        return union;
    }

    /** Turns a Typesafe error into ours, keeping its file and line. */
    static ConfigException wrap(com.typesafe.config.ConfigException e, String fallbackOrigin) {
        String where = e.origin() != null ? ConfigView.describe(e.origin()) : fallbackOrigin;
        return new ConfigException("", where, problem(e), e);
    }

    /** A Typesafe message without the origin prefix it starts with, since our message puts the origin elsewhere. */
    static String problem(com.typesafe.config.ConfigException e) {
        String message = String.valueOf(e.getMessage());
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
        }
        return message;
    }
}
