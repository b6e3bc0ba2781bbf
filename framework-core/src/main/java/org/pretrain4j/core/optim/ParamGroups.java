package org.pretrain4j.core.optim;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Builds the optimizer's parameter list with per-parameter multipliers, following mmengine's
 * {@code DefaultOptimWrapperConstructor} and its {@code paramwise_cfg}:
 *
 * <ul>
 *   <li>{@code custom_keys { "substring" { lr_mult, decay_mult } }}: a parameter whose name contains a key takes
 *       that key's multipliers (default 1) and no other rule applies. Keys are tried longest first, ties in
 *       alphabetical order; the name matched is {@code <module>.<param>} ({@code .<param>} for the root's own
 *       parameters, as mmengine's {@code f'{prefix}.{name}'}). Quote keys that contain dots.</li>
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
 * <p>Normalisation layers are DJL's {@link BatchNorm} (and its subclasses) and {@link LayerNorm}, and any block
 * whose class name contains {@code BatchNorm}, {@code LayerNorm}, {@code GroupNorm} or {@code InstanceNorm}
 * (mmengine: {@code _BatchNorm, _InstanceNorm, GroupNorm, LayerNorm}). Frozen parameters (those that do not
 * require a gradient, BatchNorm's running statistics among them) are left out. Names are PyTorch's state-dict keys
 * from {@link ModuleTree#torchParameters}. The model must be initialised (shapes are read).
 */
public final class ParamGroups {
    private static final List<String> NORM_NAMES = List.of("BatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm");

    private ParamGroups() {}

    /**
     * Lists the trainable parameters of a model with their multipliers.
     *
     * @param model the model, initialised
     * @param paramwiseCfg the {@code optim_wrapper.paramwise_cfg} object, or null for all multipliers 1
     * @return the parameters in tree order
     * @throws org.pretrain4j.api.config.ConfigException for an unknown or invalid key
     * @throws IllegalArgumentException for a shared parameter without {@code bypass_duplicate = true}
     */
    public static List<OptimParam> build(Block model, ConfigView paramwiseCfg) {
        requireNonNull(model, "model is null");
        Rules rules = paramwiseCfg == null ? null : Rules.read(paramwiseCfg);
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
                            + "'; set paramwise_cfg.bypass_duplicate = true to keep it once");
                }
                continue;
            }
            out.add(rules == null ? new OptimParam(name, p, 1.0, 1.0) : rules.apply(name, p, owners.get(p)));
        }
        return List.copyOf(out);
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

    /** The parsed {@code paramwise_cfg}. */
    private record Rules(List<CustomKey> customKeys, Double biasLrMult, Double biasDecayMult, Double normDecayMult,
            Double dwconvDecayMult, Double flatDecayMult, boolean bypassDuplicate) {

        static Rules read(ConfigView cfg) {
            List<CustomKey> keys = new ArrayList<>();
            cfg.getOptionalView("custom_keys").ifPresent(view -> {
                for (String key : view.keys()) {
                    ConfigView entry = view.getView(key);
                    for (String inner : entry.keys()) {
                        if (entry.unwrap().get(inner).valueType() == com.typesafe.config.ConfigValueType.OBJECT) {
                            throw entry.error(inner, "custom_keys entries hold lr_mult and decay_mult only; a key "
                                    + "containing dots must be quoted, e.g. \"" + key + "." + inner + "\" { ... }");
                        }
                    }
                    double lrMult = mult(entry, "lr_mult");
                    double decayMult = mult(entry, "decay_mult");
                    entry.checkNoUnknownKeys();
                    keys.add(new CustomKey(key, lrMult, decayMult));
                }
                view.checkNoUnknownKeys();
            });
            // mmengine: sorted alphabetically, then (stable) by length, longest first.
            keys.sort(Comparator.comparingInt((CustomKey k) -> -k.key().length()).thenComparing(CustomKey::key));
            Rules rules = new Rules(List.copyOf(keys), optionalMult(cfg, "bias_lr_mult"),
                    optionalMult(cfg, "bias_decay_mult"), optionalMult(cfg, "norm_decay_mult"),
                    optionalMult(cfg, "dwconv_decay_mult"), optionalMult(cfg, "flat_decay_mult"),
                    cfg.getBoolean("bypass_duplicate", false));
            cfg.checkNoUnknownKeys();
            return rules;
        }

        private static double mult(ConfigView view, String key) {
            return OptimKeys.nonNegative(view, key, view.getDouble(key, 1.0));
        }

        private static Double optionalMult(ConfigView view, String key) {
            return view.has(key) ? mult(view, key) : null;
        }

        OptimParam apply(String name, Parameter p, Block owner) {
            String matched = name.contains(".") ? name : "." + name;
            for (CustomKey k : customKeys) {
                if (matched.contains(k.key())) {
                    return new OptimParam(name, p, k.lrMult(), k.decayMult());
                }
            }
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            boolean bias = shortName.equals("bias");
            boolean norm = owner != null && isNorm(owner);
            double lrMult = bias && !norm && biasLrMult != null ? biasLrMult : 1.0;
            double decayMult = 1.0;
            if (norm && normDecayMult != null) {
                decayMult = normDecayMult;
            } else if (bias && biasDecayMult != null) {
                decayMult = biasDecayMult;
            } else if (owner != null && dwconvDecayMult != null && isDepthwise(owner, p)) {
                decayMult = dwconvDecayMult;
            } else if (flatDecayMult != null) {
                Shape s = shape(p);
                if (s != null && s.dimension() == 1) {
                    decayMult = flatDecayMult;
                }
            }
            return new OptimParam(name, p, lrMult, decayMult);
        }
    }

    private record CustomKey(String key, double lrMult, double decayMult) {}
}
