package org.pretrain4j.core.build;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.pretrain4j.api.BuildContext;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;
import org.pretrain4j.api.model.TaskModel;
import org.pretrain4j.core.plugin.PluginClassLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.registry.RegistryEntry;
import org.pretrain4j.core.weights.Pretrained;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds components from config through the registry; the {@link BuildContext} every factory receives.
 */
public final class ComponentBuilder implements BuildContext {
    private static final Logger LOG = LoggerFactory.getLogger("pretrain4j");
    private final ComponentRegistry registry;
    /** Which entry built which config path, so checkpoints can record where every component came from. */
    private final Map<String, RegistryEntry> built = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Pretrained init_cfgs in completion order: a component finishes after its children, so children come first. */
    private final List<Pretrained.Pending> pretrained = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean warnedInitTypes = new AtomicBoolean();

    /**
     * Creates a builder.
     *
     * @param registry where type names are looked up
     */
    public ComponentBuilder(ComponentRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /**
     * Builds the top-level model from a loaded config's {@code model} section.
     *
     * @param root the resolved config
     * @return the model, uninitialised
     * @throws ConfigException if the section is missing or invalid
     */
    public TaskModel buildModel(Config root) {
        return build(Kind.MODEL, ConfigView.of(root.root(), "").getView("model"));
    }

    @Override
    public <T> T build(Kind<T> kind, ConfigView config) {
        requireNonNull(kind, "kind is null");
        requireNonNull(config, "config is null");
        String type = typeOf(kind, config);
        RegistryEntry entry = registry.find(kind, type).orElseThrow(() -> unknownType(kind, type, config));
        List<Pretrained.Spec> inits = readInitCfg(kind, config);
        Object component = create(entry.factory(), config);
        built.put(config.path(), entry);
        inits.forEach(spec -> pretrained.add(new Pretrained.Pending(component, spec)));
        return kind.componentType().cast(component);
    }

    /**
     * {@code init_cfg} is handled here for every model component, so factories neither read nor document it; only
     * model components have weights to initialise.
     */
    private List<Pretrained.Spec> readInitCfg(Kind<?> kind, ConfigView config) {
        com.typesafe.config.ConfigValue value = config.unwrap().get("init_cfg");
        if (value == null) {
            return List.of();
        }
        if (value.valueType() == com.typesafe.config.ConfigValueType.NULL) {
            config.markRead("init_cfg");
            return List.of();
        }
        if (!Kind.MODEL_KINDS.contains(kind)) {
            throw config.error("init_cfg", "init_cfg applies to model components (model, backbone, neck, head), "
                    + "not to a " + kind);
        }
        return Pretrained.readInitCfg(config, warning -> {
            if (warnedInitTypes.compareAndSet(false, true)) {
                LOG.warn(warning);
            }
        });
    }

    /**
     * The {@code Pretrained} init_cfgs of the components built so far, to apply once the model is initialised
     * ({@link Pretrained#initWeights}).
     *
     * @return a snapshot, children before their parents
     */
    public List<Pretrained.Pending> pretrainedInits() {
        synchronized (pretrained) {
            return List.copyOf(pretrained);
        }
    }

    /**
     * The components this builder has built so far, by the config path they were built from.
     *
     * @return a snapshot, in build order; a path built twice maps to its last entry
     */
    public Map<String, RegistryEntry> built() {
        synchronized (built) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(built));
        }
    }

    /**
     * Builds the components under {@code key}, which may hold one component object or a list of them, as
     * mmpretrain's {@code param_scheduler}, {@code val_evaluator} and {@code train_cfg.augments} do.
     *
     * @param kind the kind expected under the key
     * @param parent the enclosing config object
     * @param key the key
     * @param <T> the component type
     * @return the components in order; empty when the key is absent or null
     */
    public <T> java.util.List<T> buildOneOrMany(Kind<T> kind, ConfigView parent, String key) {
        com.typesafe.config.ConfigValue value = parent.unwrap().get(key);
        if (value != null && value.valueType() == com.typesafe.config.ConfigValueType.LIST) {
            return parent.getViewList(key).stream().map(v -> build(kind, v)).toList();
        }
        return buildOptional(kind, parent, key).map(java.util.List::of).orElse(java.util.List.of());
    }

    /**
     * Parses and validates a config with one factory without creating anything, e.g. to report config errors early.
     *
     * @param factory the factory
     * @param config its config object, {@code type} included or not
     * @param <C> the typed config
     * @return the typed config
     */
    public static <C> C parse(ComponentFactory<C, ?> factory, ConfigView config) {
        config.markRead("type");
        C parsed = guard(factory, config, () -> factory.parseConfig(config));
        config.checkNoUnknownKeys();
        return parsed;
    }

    private <C> Object create(ComponentFactory<C, ?> factory, ConfigView config) {
        C parsed = parse(factory, config);
        Object component = guard(factory, config, () -> factory.create(parsed, this));
        if (component == null) {
            throw new Pretrain4jException(describe(factory) + " returned null for " + config);
        }
        return component;
    }

    /**
     * Wraps a plugin's unexpected exception so the user learns which component and config it came from. A plugin's
     * factory runs with its plugin's class loader as context class loader, so libraries bundled in the plugin find
     * the plugin's classes.
     */
    private static <R> R guard(ComponentFactory<?, ?> factory, ConfigView config, java.util.function.Supplier<R> work) {
        try {
            ClassLoader own = factory.getClass().getClassLoader();
            return own instanceof PluginClassLoader ? ComponentRegistry.withContextLoader(own, work) : work.get();
        } catch (Pretrain4jException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException(config.path(), config.origin(),
                    describe(factory) + " failed: " + e, e);
        }
    }

    private static String describe(ComponentFactory<?, ?> factory) {
        return "component '" + factory.typeName() + "' (" + factory.getClass().getName() + " from "
                + ComponentRegistry.describeSource(factory.getClass()) + ")";
    }

    private String typeOf(Kind<?> kind, ConfigView config) {
        if (!config.has("type")) {
            throw config.error("type", "missing required key 'type': expected a " + kind + " type, one of "
                    + String.join(", ", names(kind)));
        }
        return config.getString("type");
    }

    private ConfigException unknownType(Kind<?> kind, String type, ConfigView config) {
        List<String> known = names(kind);
        return config.error("type", "unknown " + kind + " type '" + type + "'." + Suggestions.didYouMean(type, known)
                + " Known " + kind + " types: " + (known.isEmpty() ? "(none registered)" : String.join(", ", known)));
    }

    private List<String> names(Kind<?> kind) {
        return registry.entries(kind).stream().map(RegistryEntry::typeName).toList();
    }
}
