package org.pretrain4j.core.weights;

import static java.util.Objects.requireNonNull;

import ai.djl.nn.Block;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.config.Suggestions;
import org.pretrain4j.core.checkpoint.Checkpoints;
import org.pretrain4j.core.checkpoint.Checkpoints.LoadOptions;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Weights named in configs, as mmengine loads them: {@code init_cfg = { type = Pretrained, checkpoint = "...",
 * prefix = "backbone." }} on any model component, applied once the model is initialised (children before parents,
 * so a parent's checkpoint wins, as in mmengine's {@code init_weights}), and {@code load_from} at the top level,
 * applied to the whole model after that, before training starts (not when resuming, whose checkpoint replaces
 * everything).
 *
 * <p>Both are non-strict by default, as mmengine's loaders are: missing and unexpected keys are reported, not fatal.
 * Shape mismatches are fatal unless {@code allow_shape_mismatch = true} (a key mmengine lacks, since its loader only
 * warns); a component implementing {@link org.pretrain4j.api.model.CheckpointAdapter} gets to adapt a tensor first.
 * Every load returns a short summary for the caller's log; every error names the config path and where it was
 * written. Paths resolve against the working directory, as in mmengine.
 */
public final class Pretrained {
    /** The init_cfg types mmengine registers; all but {@code Pretrained} are accepted and not applied. */
    public static final Set<String> INIT_TYPES = Set.of("Pretrained", "Constant", "Xavier", "Normal", "TruncNormal",
            "Uniform", "Kaiming", "Caffe2Xavier");

    /** How {@code describe} documents {@code init_cfg}, which every model component accepts. */
    public static final String INIT_CFG_DOC = "Every model component also accepts init_cfg, an object or a list: "
            + "{ type = Pretrained, checkpoint = PATH, prefix = \"backbone.\", strict = false, "
            + "allow_shape_mismatch = false } loads weights after initialisation (prefix: use only checkpoint keys "
            + "starting with it, with it removed; map_location is accepted and ignored); the other mmengine types "
            + "(Kaiming, Normal, Xavier, TruncNormal, Constant, Uniform, Caffe2Xavier) are accepted with a warning, as "
            + "the built-in initialisation applies.";

    private static final String INIT_CFG = "init_cfg";
    private static final String LOAD_FROM = "load_from";

    private Pretrained() {}

    /**
     * Where weights come from and how they are matched.
     *
     * @param checkpoint the file as the config names it, relative to the working directory or absolute; checked when
     *     it is loaded, so that tools that do not load it (test, predict) accept any config that trained
     * @param prefix only checkpoint keys starting with it are used, with it removed; empty for all. mmengine's
     *     spelling without the final dot ({@code prefix = backbone}) means the same
     * @param strict whether missing and unexpected keys are errors
     * @param allowShapeMismatch whether shape-mismatched keys are skipped instead of failing
     * @param where the config path and origin, for messages: {@code model.backbone.init_cfg (x.conf:3)}
     */
    public record Spec(String checkpoint, String prefix, boolean strict, boolean allowShapeMismatch, String where) {
        /**
         * Checks for nulls and adds the dot mmengine adds to a prefix.
         *
         * @param checkpoint the file
         * @param prefix the prefix
         * @param strict strictness
         * @param allowShapeMismatch whether mismatches are skipped
         * @param where the config location
         */
        public Spec {
            requireNonNull(checkpoint, "checkpoint is null");
            requireNonNull(prefix, "prefix is null");
            requireNonNull(where, "where is null");
            if (!prefix.isEmpty() && !prefix.endsWith(".")) {
                prefix = prefix + ".";
            }
        }

        private LoadOptions options() {
            return new LoadOptions(strict, allowShapeMismatch, Map.of(prefix, ""));
        }

        /** The file to read, or an error naming the config key when the config names something else. */
        private Path path() {
            if (checkpoint.contains("://")) {
                throw new CheckpointException(where + ": checkpoint '" + checkpoint + "' is a URL; downloads are not "
                        + "supported, so download it and give the local path (convert torchvision or timm files "
                        + "with 'pretrain4j convert')");
            }
            try {
                return Path.of(checkpoint);
            } catch (java.nio.file.InvalidPathException e) {
                throw new CheckpointException(where + ": checkpoint '" + checkpoint + "' is not a valid path: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * A {@code Pretrained} init_cfg waiting for its component to be initialised.
     *
     * @param component the component built from the config that holds the init_cfg
     * @param spec the init_cfg
     */
    public record Pending(Object component, Spec spec) {
        /**
         * Checks for nulls.
         *
         * @param component the component
         * @param spec the spec
         */
        public Pending {
            requireNonNull(component, "component is null");
            requireNonNull(spec, "spec is null");
        }
    }

    /**
     * What one load did, for the caller's log.
     *
     * @param summary the count loaded and the (truncated) lists of missing, unexpected and mismatched keys
     * @param exact whether the checkpoint matched its target exactly (when not, the caller should warn)
     */
    public record Outcome(String summary, boolean exact) {}

    /**
     * Reads a component config's {@code init_cfg} (an object or a list of them) and marks it read, so no factory has
     * to know about it.
     *
     * @param component the component's config
     * @param warnOnce receives the warning for initialisers that are accepted but not applied; callers log it once
     * @return the {@code Pretrained} entries, in order (empty when there is no init_cfg)
     * @throws org.pretrain4j.api.config.ConfigException for an unknown type or a malformed entry
     */
    public static List<Spec> readInitCfg(ConfigView component, Consumer<String> warnOnce) {
        ConfigValue value = component.unwrap().get(INIT_CFG);
        component.markRead(INIT_CFG);
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            return List.of();
        }
        List<ConfigView> entries = value.valueType() == ConfigValueType.LIST ? component.getViewList(INIT_CFG)
                : List.of(component.getView(INIT_CFG));
        List<Spec> out = new ArrayList<>();
        for (ConfigView e : entries) {
            String type = e.getString("type");
            if (!INIT_TYPES.contains(type)) {
                throw e.error("type", "unknown init_cfg type '" + type + "'."
                        + Suggestions.didYouMean(type, INIT_TYPES) + " Known: "
                        + String.join(", ", new TreeSet<>(INIT_TYPES)));
            }
            if (type.equals("Pretrained")) {
                out.add(spec(e, e.getString("checkpoint")));
            } else {
                e.keys().forEach(e::markRead);
                warnOnce.accept("init_cfg type " + type + " at " + e + " is accepted but not applied: every "
                        + "component initialises itself as its mmpretrain default does (warned once)");
            }
        }
        return out;
    }

    /**
     * Reads the top-level {@code load_from}: a path, or an object {@code { checkpoint = PATH, prefix = "",
     * strict = false, allow_shape_mismatch = false }} for the options mmengine's string form cannot carry.
     *
     * @param root the config root
     * @return the spec, or empty when absent or null
     */
    public static Optional<Spec> readLoadFrom(ConfigView root) {
        ConfigValue value = root.unwrap().get(LOAD_FROM);
        root.markRead(LOAD_FROM);
        if (value == null || value.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        if (value.valueType() == ConfigValueType.OBJECT) {
            ConfigView v = root.getView(LOAD_FROM);
            return Optional.of(spec(v, v.getString("checkpoint")));
        }
        return Optional.of(new Spec(root.getString(LOAD_FROM), "", false, false,
                LOAD_FROM + " (" + ConfigView.describe(value.origin()) + ")"));
    }

    private static Spec spec(ConfigView v, String checkpoint) {
        v.markRead("type");
        String prefix = v.getString("prefix", "");
        v.getString("map_location", "cpu"); // accepted for mmengine configs; weights always load to the CPU first
        boolean strict = v.getBoolean("strict", false);
        boolean allow = v.getBoolean("allow_shape_mismatch", false);
        v.checkNoUnknownKeys();
        if (checkpoint.isBlank()) {
            throw v.error("checkpoint", "expected a file path");
        }
        return new Spec(checkpoint, prefix, strict, allow, v.toString());
    }

    /**
     * Applies the {@code Pretrained} init_cfgs of an initialised model's components, in the order given (children
     * first, as the builder records them).
     *
     * @param model the initialised model
     * @param pending the init_cfgs, from the builder that built the model
     * @return what each load did, for the caller to log
     * @throws CheckpointException naming the config path and origin if a file cannot be read or does not fit
     */
    public static List<Outcome> initWeights(Block model, List<Pending> pending) {
        requireNonNull(model, "model is null");
        Map<Object, String> names = new IdentityHashMap<>();
        names.put(model, "");
        ModuleTree.visit(model, (name, block) -> names.put(block, name));
        List<Outcome> outcomes = new ArrayList<>();
        for (Pending p : pending) {
            String name = names.get(p.component());
            if (name == null || !(p.component() instanceof Block block)) {
                outcomes.add(new Outcome(p.spec().where() + " ignored: its component is not part of the model",
                        false));
                continue;
            }
            outcomes.add(load(block, p.spec(), name.isEmpty() ? "the model" : name));
        }
        return outcomes;
    }

    /**
     * Loads weights into a whole model ({@code load_from}).
     *
     * @param model the initialised model
     * @param spec where from
     * @return what the load did, for the caller to log
     * @throws CheckpointException naming the config path and origin if the file cannot be read or does not fit
     */
    public static Outcome loadFrom(Block model, Spec spec) {
        return load(requireNonNull(model, "model is null"), spec, "the model");
    }

    /**
     * Applies the init_cfgs and then {@code load_from}, as mmengine's runner does before training: for tools that
     * initialise a model outside a training run (build, benchmark).
     *
     * @param model the initialised model
     * @param pending the init_cfgs from the builder
     * @param root the config root, for {@code load_from}
     * @return what each load did
     */
    public static List<Outcome> initAndLoad(Block model, List<Pending> pending, ConfigView root) {
        List<Outcome> out = new ArrayList<>(initWeights(model, pending));
        readLoadFrom(root).ifPresent(spec -> out.add(loadFrom(model, spec)));
        return out;
    }

    private static Outcome load(Block block, Spec spec, String target) {
        Path path = spec.path();
        Checkpoints.LoadReport report;
        try {
            report = Checkpoints.loadWeights(path, block, spec.options());
        } catch (CheckpointException e) {
            throw new CheckpointException(spec.where() + ": " + e.getMessage(), e);
        }
        String summary = report.summary(path + (spec.prefix().isEmpty() ? ""
                : " (keys under '" + spec.prefix() + "')") + " into " + target + ", as " + spec.where() + " asks");
        return new Outcome(summary, report.isExact());
    }
}
