package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LayerDepth;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Builds the optimizer's parameter list with per-parameter multipliers and flags from {@code optim_wrapper}'s
 * {@code constructor} and {@code paramwise_cfg}.
 *
 * <p>{@value #DEFAULT_CONSTRUCTOR} (the default, mmengine's):
 *
 * <ul>
 *   <li>{@code custom_keys { "substring" { lr_mult, decay_mult, fix_lr, lars_exclude } }}: a parameter whose name
 *       contains a key takes that key's settings (multipliers default 1, flags false) and no other rule applies.
 *       Keys are tried longest first, ties in alphabetical order; the name matched is {@code <module>.<param>}
 *       ({@code .<param>} for the root's own parameters, as mmengine's {@code f'{prefix}.{name}'}). Quote keys that
 *       contain dots. {@code fix_lr = true} keeps the parameter at the optimizer's base learning rate whatever the
 *       schedulers do (mmpretrain needs a {@code SimSiamHook} for that; here the flag alone does it), so it cannot
 *       be combined with an {@code lr_mult}; {@code lars_exclude = true} turns off {@code LARS}'s adaptation.</li>
 *   <li>Otherwise {@code bias_lr_mult} scales the learning rate of every parameter named {@code bias} outside
 *       normalisation layers, and the first of these that is set scales its weight decay:
 *       {@code norm_decay_mult} (weight and bias of normalisation layers), {@code bias_decay_mult} (parameters
 *       named {@code bias}), {@code dwconv_decay_mult} (depth-wise {@code Conv2d}: input channels equal groups),
 *       {@code flat_decay_mult} (1-D parameters).</li>
 *   <li>{@code bypass_duplicate}: a parameter shared by several blocks is an error unless this is true, in which
 *       case it is kept once, under its first name. Without a {@code paramwise_cfg} shared parameters are kept once
 *       silently, as {@code model.parameters()} does.</li>
 * </ul>
 *
 * <p>{@value #LAYER_DECAY_CONSTRUCTOR} (mmpretrain's, for fine-tuning): every parameter trains at
 * {@code lr * layer_decay_rate^(numLayers - layerId - 1)}, with the layer id from the backbone's
 * {@link LayerDepth} (the model itself if it implements it, else its child {@code backbone}; parameters outside the
 * backbone take the last id, so scale 1). Weight decay follows {@code custom_keys} ({@code decay_mult} and the flags;
 * {@code lr_mult} is disabled, as in mmpretrain), then {@code norm_decay_mult}, {@code bias_decay_mult},
 * {@code flat_decay_mult}; keys match the plain name {@code <module>.<param>}. Shared parameters are an error.
 *
 * <p>With either constructor an absent or empty {@code paramwise_cfg} gives every parameter multipliers 1 (mmengine
 * then passes {@code model.parameters()}). Normalisation layers are DJL's {@link BatchNorm} (and its subclasses)
 * and {@link LayerNorm}, and any block whose class name contains {@code BatchNorm}, {@code LayerNorm},
 * {@code GroupNorm} or {@code InstanceNorm} (mmengine: {@code _BatchNorm, _InstanceNorm, GroupNorm, LayerNorm}).
 * Frozen parameters (those that do not require a gradient, BatchNorm's running statistics among them) are left out.
 * Names are PyTorch's state-dict keys from {@link ModuleTree#torchParameters}. The model must be initialised (shapes
 * are read).
 */
public final class ParamGroups {
    /** mmengine's constructor, the default of {@code optim_wrapper.constructor}. */
    public static final String DEFAULT_CONSTRUCTOR = "DefaultOptimWrapperConstructor";
    /** mmpretrain's layer-wise learning-rate decay constructor. */
    public static final String LAYER_DECAY_CONSTRUCTOR = "LearningRateDecayOptimWrapperConstructor";

    private static final List<String> NORM_NAMES = List.of("BatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm");

    private final Rules rules;
    private final ConfigView optimWrapper;

    private ParamGroups(Rules rules, ConfigView optimWrapper) {
        this.rules = rules;
        this.optimWrapper = optimWrapper;
    }

    /**
     * Reads and validates {@code constructor} and {@code paramwise_cfg} of an {@code optim_wrapper}, before the model
     * exists, so config mistakes surface early.
     *
     * @param optimWrapper the {@code optim_wrapper} object
     * @return the parameter grouping, to {@link #build} once the model is initialised
     * @throws ConfigException for an unknown constructor or an unknown or invalid {@code paramwise_cfg} key
     */
    public static ParamGroups read(ConfigView optimWrapper) {
        requireNonNull(optimWrapper, "optimWrapper is null");
        boolean layerDecay = optimWrapper.getEnum("constructor", DEFAULT_CONSTRUCTOR, DEFAULT_CONSTRUCTOR,
                LAYER_DECAY_CONSTRUCTOR).equals(LAYER_DECAY_CONSTRUCTOR);
        Rules rules = optimWrapper.getOptionalView("paramwise_cfg").map(cfg -> Rules.read(cfg, layerDecay))
                .orElse(null);
        return new ParamGroups(rules, optimWrapper);
    }

    /**
     * Lists the trainable parameters of a model with the default constructor's multipliers.
     *
     * @param model the model, initialised
     * @param paramwiseCfg the {@code optim_wrapper.paramwise_cfg} object, or null for all multipliers 1
     * @return the parameters in tree order
     * @throws ConfigException for an unknown or invalid key
     * @throws IllegalArgumentException for a shared parameter without {@code bypass_duplicate = true}
     */
    public static List<OptimParam> build(Block model, ConfigView paramwiseCfg) {
        return new ParamGroups(paramwiseCfg == null ? null : Rules.read(paramwiseCfg, false), null).build(model);
    }

    /**
     * Lists the trainable parameters of a model with their multipliers and flags.
     *
     * @param model the model, initialised
     * @return the parameters in tree order
     * @throws ConfigException with layer decay, if the model has no backbone implementing {@link LayerDepth} or
     *     that backbone has no layer grouping
     * @throws IllegalArgumentException for a shared parameter not allowed by the rules
     */
    public List<OptimParam> build(Block model) {
        requireNonNull(model, "model is null");
        Depths depths = rules != null && rules.layerDecayRate != null ? depths(model) : null;
        Map<Parameter, Block> owners = owners(model);
        Map<Parameter, String> seen = new IdentityHashMap<>();
        List<OptimParam> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : ModuleTree.torchParameters(model).entrySet()) {
            String name = e.getKey();
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            String first = seen.putIfAbsent(p, name);
            if (first != null) {
                if (rules != null && !rules.bypassDuplicate) {
                    throw new IllegalArgumentException("parameter '" + name + "' is the same parameter as '" + first
                            + "'; " + (depths == null ? "set paramwise_cfg.bypass_duplicate = true to keep it once"
                                    : LAYER_DECAY_CONSTRUCTOR + " cannot put one parameter in two groups"));
                }
                continue;
            }
            if (rules == null) {
                out.add(new OptimParam(name, p, 1.0, 1.0));
            } else if (depths == null) {
                out.add(rules.apply(name, p, owners.get(p)));
            } else {
                out.add(rules.applyLayerDecay(name, p, owners.get(p), depths.scale(name, rules.layerDecayRate)));
            }
        }
        return List.copyOf(out);
    }

    /** Finds the block whose {@link LayerDepth} decides, and checks it can. */
    private Depths depths(Block model) {
        LayerDepth source = null;
        String prefix = "";
        String where;
        if (model instanceof LayerDepth d) {
            source = d;
            where = "the model " + model.getClass().getSimpleName();
        } else {
            int index = ModuleTree.childNames(model).indexOf("backbone");
            Block backbone = index < 0 ? null : model.getChildren().get(index).getValue();
            if (backbone instanceof LayerDepth d) {
                source = d;
                prefix = "backbone.";
            }
            where = backbone == null ? "the model " + model.getClass().getSimpleName() + " has no backbone, and"
                    : "the backbone " + backbone.getClass().getSimpleName();
        }
        if (source == null) {
            throw constructorError(where + " does not implement " + LayerDepth.class.getName()
                    + " (mmpretrain's get_layer_depth); use " + DEFAULT_CONSTRUCTOR + " or a backbone that has it");
        }
        try {
            int count = source.numLayers();
            return new Depths(source, prefix, count);
        } catch (UnsupportedOperationException e) {
            throw constructorError(where + ": " + e.getMessage());
        }
    }

    private ConfigException constructorError(String problem) {
        String message = LAYER_DECAY_CONSTRUCTOR + " needs the layer depth of every parameter, but " + problem;
        // Built from Java code (the static build) there is no constructor key to point at.
        return optimWrapper == null ? new ConfigException("optim_wrapper.constructor", "code", message)
                : optimWrapper.error("constructor", message);
    }

    /** The layer ids of a model: the backbone's for names under {@code prefix}, the last one for the rest. */
    private record Depths(LayerDepth source, String prefix, int numLayers) {
        double scale(String name, double rate) {
            int id = name.startsWith(prefix) ? source.layerDepth(name.substring(prefix.length())) : numLayers - 1;
            return Math.pow(rate, numLayers - id - 1);
        }
    }

    private static Map<Parameter, Block> owners(Block model) {
        Map<Parameter, Block> owners = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : model.getDirectParameters()) {
            owners.putIfAbsent(p.getValue(), model);
        }
        ModuleTree.visit(model, (name, block) -> {
            for (Pair<String, Parameter> p : block.getDirectParameters()) {
                owners.putIfAbsent(p.getValue(), block);
            }
        });
        return owners;
    }

    static boolean isNorm(Block block) {
        if (block instanceof BatchNorm || block instanceof LayerNorm) {
            return true;
        }
        String simple = block.getClass().getSimpleName();
        return NORM_NAMES.stream().anyMatch(simple::contains);
    }

    private static boolean isDepthwise(Block block, Parameter p) {
        if (!(block instanceof Conv2d)) {
            return false;
        }
        // Conv2d weight is (out, in / groups, kh, kw): in == groups exactly when the second dimension is 1.
        for (Pair<String, Parameter> q : block.getDirectParameters()) {
            if (q.getValue().getType() == Parameter.Type.WEIGHT) {
                Shape s = shape(q.getValue());
                return s != null && s.dimension() == 4 && s.get(1) == 1;
            }
        }
        return false;
    }

    private static Shape shape(Parameter p) {
        return p.isInitialized() ? p.getArray().getShape() : p.getShape();
    }

    /**
     * The parsed {@code paramwise_cfg}; {@code layerDecayRate} is set exactly for the layer-decay constructor, whose
     * configs have no {@code bias_lr_mult}, {@code dwconv_decay_mult} or {@code bypass_duplicate}.
     */
    private record Rules(List<CustomKey> customKeys, Double biasLrMult, Double biasDecayMult, Double normDecayMult,
            Double dwconvDecayMult, Double flatDecayMult, boolean bypassDuplicate, Double layerDecayRate) {

        /** The rules of a {@code paramwise_cfg}, or null for an empty one (mmengine's falsy dict). */
        static Rules read(ConfigView cfg, boolean layerDecay) {
            if (cfg.keys().isEmpty()) {
                return null;
            }
            List<CustomKey> keys = new ArrayList<>();
            cfg.getOptionalView("custom_keys").ifPresent(view -> {
                for (String key : view.keys()) {
                    keys.add(CustomKey.read(key, view.getView(key), layerDecay));
                }
                view.checkNoUnknownKeys();
            });
            // mmengine: sorted alphabetically, then (stable) by length, longest first.
            keys.sort(Comparator.comparingInt((CustomKey k) -> -k.key().length()).thenComparing(CustomKey::key));
            Rules rules = layerDecay
                    ? new Rules(List.copyOf(keys), null, optionalMult(cfg, "bias_decay_mult"),
                            optionalMult(cfg, "norm_decay_mult"), null, optionalMult(cfg, "flat_decay_mult"), false,
                            layerDecayRate(cfg))
                    : new Rules(List.copyOf(keys), optionalMult(cfg, "bias_lr_mult"),
                            optionalMult(cfg, "bias_decay_mult"), optionalMult(cfg, "norm_decay_mult"),
                            optionalMult(cfg, "dwconv_decay_mult"), optionalMult(cfg, "flat_decay_mult"),
                            cfg.getBoolean("bypass_duplicate", false), null);
            cfg.checkNoUnknownKeys();
            return rules;
        }

        private static double layerDecayRate(ConfigView cfg) {
            double rate = cfg.getDouble("layer_decay_rate", 1.0);
            if (!(rate > 0)) {
                throw cfg.error("layer_decay_rate", "expected a number > 0, got " + rate);
            }
            return rate;
        }

        private static Double optionalMult(ConfigView view, String key) {
            return view.has(key) ? mult(view, key) : null;
        }

        /** The first custom key contained in {@code matched}, or null. */
        private CustomKey customKey(String matched) {
            for (CustomKey k : customKeys) {
                if (matched.contains(k.key())) {
                    return k;
                }
            }
            return null;
        }

        OptimParam apply(String name, Parameter p, Block owner) {
            CustomKey custom = customKey(name.contains(".") ? name : "." + name);
            if (custom != null) {
                return custom.param(name, p, custom.lrMult());
            }
            boolean bias = isBias(name);
            boolean norm = owner != null && isNorm(owner);
            double lrMult = bias && !norm && biasLrMult != null ? biasLrMult : 1.0;
            return new OptimParam(name, p, lrMult, decayMult(p, owner, norm, bias));
        }

        OptimParam applyLayerDecay(String name, Parameter p, Block owner, double scale) {
            CustomKey custom = customKey(name);
            if (custom != null) {
                return custom.param(name, p, scale);
            }
            return new OptimParam(name, p, scale, decayMult(p, owner, owner != null && isNorm(owner), isBias(name)));
        }

        private static boolean isBias(String name) {
            return name.substring(name.lastIndexOf('.') + 1).equals("bias");
        }

        private double decayMult(Parameter p, Block owner, boolean norm, boolean bias) {
            if (norm && normDecayMult != null) {
                return normDecayMult;
            } else if (bias && biasDecayMult != null) {
                return biasDecayMult;
            } else if (owner != null && dwconvDecayMult != null && isDepthwise(owner, p)) {
                return dwconvDecayMult;
            } else if (flatDecayMult != null) {
                Shape s = shape(p);
                if (s != null && s.dimension() == 1) {
                    return flatDecayMult;
                }
            }
            return 1.0;
        }
    }

    private static double mult(ConfigView view, String key) {
        return OptimKeys.nonNegative(view, key, view.getDouble(key, 1.0));
    }

    /** One {@code custom_keys} entry. */
    private record CustomKey(String key, double lrMult, double decayMult, boolean fixLr, boolean larsExclude) {
        static CustomKey read(String key, ConfigView entry, boolean layerDecay) {
            for (String inner : entry.keys()) {
                if (entry.unwrap().get(inner).valueType() == ConfigValueType.OBJECT) {
                    throw entry.error(inner, "custom_keys entries hold lr_mult, decay_mult, fix_lr and lars_exclude "
                            + "only; a key containing dots must be quoted, e.g. \"" + key + "." + inner + "\" { ... }");
                }
            }
            if (layerDecay && entry.has("lr_mult")) {
                throw entry.error("lr_mult", LAYER_DECAY_CONSTRUCTOR + " sets every learning rate from the layer "
                        + "decay; its custom_keys take decay_mult, fix_lr and lars_exclude only (mmpretrain disables "
                        + "lr_mult there)");
            }
            double lrMult = mult(entry, "lr_mult");
            double decayMult = mult(entry, "decay_mult");
            boolean fixLr = entry.getBoolean("fix_lr", false);
            boolean larsExclude = entry.getBoolean("lars_exclude", false);
            if (fixLr && entry.has("lr_mult")) {
                throw entry.error("lr_mult", "fix_lr = true keeps the optimizer's base learning rate, so an lr_mult "
                        + "would have no effect; remove one of them");
            }
            entry.checkNoUnknownKeys();
            return new CustomKey(key, lrMult, decayMult, fixLr, larsExclude);
        }

        OptimParam param(String name, Parameter p, double lrMultiplier) {
            return new OptimParam(name, p, lrMultiplier, decayMult, fixLr, larsExclude);
        }
    }
}
