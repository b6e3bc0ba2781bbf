package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.model.LayerDepth;
import org.pretrain4j.api.train.OptimParam;

/**
 * mmengine's paramwise_cfg rules on a tiny Conv2d + BatchNorm + depth-wise Conv2d + Linear block, and mmpretrain's
 * layer-decay constructor on a tiny transformer-like tree.
 */
final class ParamGroupsTest {
    private NDManager manager;
    private Block model;

    /** conv (2→2, 3x3), bn, dw (depth-wise 3x3, groups 2), fc (2→3), and a 1-D root parameter cls_token. */
    private static final class Tiny extends AbstractBlock {
        private final Parameter token;
        private final Block conv;
        private final Block bn;
        private final Block dw;
        private final Block fc;

        Tiny() {
            super((byte) 1);
            token = addParameter(Parameter.builder().setName("cls_token").setType(Parameter.Type.OTHER)
                    .optInitializer(Initializer.ZEROS).optShape(new Shape(2)).build());
            conv = addChildBlock("conv", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2)
                    .optPadding(new Shape(1, 1)).build());
            bn = addChildBlock("bn", BatchNorm.builder().build());
            dw = addChildBlock("dw", Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).optGroups(2)
                    .optPadding(new Shape(1, 1)).build());
            fc = addChildBlock("fc", Linear.builder().setUnits(3).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList x = dw.forward(ps, bn.forward(ps, conv.forward(ps, inputs, training), training), training);
            return fc.forward(ps, new NDList(x.singletonOrThrow().mean(new int[] {2, 3})
                    .add(ps.getValue(token, x.singletonOrThrow().getDevice(), training))), training);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), 3)};
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
            conv.initialize(m, dataType, inputShapes);
            bn.initialize(m, dataType, inputShapes);
            dw.initialize(m, dataType, inputShapes);
            fc.initialize(m, dataType, new Shape(inputShapes[0].get(0), 2));
        }
    }

    @BeforeEach
    void build() {
        manager = NDManager.newBaseManager();
        model = new Tiny();
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 4, 4));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** name -> [lr_mult, decay_mult] */
    private Map<String, List<Double>> mults(String hocon) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (OptimParam p : ParamGroups.build(model, hocon == null ? null : ConfigView.parse(hocon))) {
            out.put(p.name(), List.of(p.lrMult(), p.decayMult()));
        }
        return out;
    }

    @Test
    void withoutConfigEveryTrainableParameterHasMultipliersOne() {
        Map<String, List<Double>> m = mults(null);
        assertEquals(List.of("cls_token", "conv.weight", "conv.bias", "bn.weight", "bn.bias", "dw.weight", "dw.bias",
                "fc.weight", "fc.bias"), List.copyOf(m.keySet()), "running stats are buffers, not parameters");
        m.values().forEach(v -> assertEquals(List.of(1.0, 1.0), v));
    }

    @Test
    void normBiasDwconvFlatRulesInMmengineOrder() {
        Map<String, List<Double>> m = mults("norm_decay_mult = 0, bias_decay_mult = 0.5, dwconv_decay_mult = 0.1, "
                + "flat_decay_mult = 0.25, bias_lr_mult = 2");
        assertEquals(List.of(1.0, 0.25), m.get("cls_token"), "1-D: flat");
        assertEquals(List.of(1.0, 1.0), m.get("conv.weight"));
        assertEquals(List.of(2.0, 0.5), m.get("conv.bias"), "bias");
        assertEquals(List.of(1.0, 0.0), m.get("bn.weight"), "norm");
        assertEquals(List.of(1.0, 0.0), m.get("bn.bias"), "norm wins over bias; no bias_lr_mult in norm layers");
        assertEquals(List.of(1.0, 0.1), m.get("dw.weight"), "depth-wise");
        assertEquals(List.of(2.0, 0.5), m.get("dw.bias"), "bias comes before depth-wise");
        assertEquals(List.of(1.0, 1.0), m.get("fc.weight"));
        assertEquals(List.of(2.0, 0.5), m.get("fc.bias"));
    }

    @Test
    void unsetRulesFallThroughToLaterOnes() {
        // without bias_decay_mult a bias is 1-D, so flat_decay_mult applies (mmengine >= 0.7 elif chain)
        Map<String, List<Double>> m = mults("flat_decay_mult = 0");
        assertEquals(List.of(1.0, 0.0), m.get("fc.bias"));
        assertEquals(List.of(1.0, 0.0), m.get("bn.weight"));
        assertEquals(List.of(1.0, 1.0), m.get("dw.weight"));
    }

    @Test
    void customKeysLongestMatchWinsAndOverridesOtherRules() {
        Map<String, List<Double>> m = mults("norm_decay_mult = 0, bias_decay_mult = 0, custom_keys { "
                + "fc { lr_mult = 0.1 }, \"fc.bias\" { decay_mult = 0.5 }, conv { lr_mult = 3, decay_mult = 2 }, "
                + "\".cls_token\" { decay_mult = 0 }, \"bn.w\" { lr_mult = 4 }, \"n.we\" { lr_mult = 5 } }");
        assertEquals(List.of(1.0, 0.5), m.get("fc.bias"), "fc.bias is longer than fc");
        assertEquals(List.of(0.1, 1.0), m.get("fc.weight"));
        assertEquals(List.of(3.0, 2.0), m.get("conv.weight"));
        assertEquals(List.of(3.0, 2.0), m.get("conv.bias"), "custom keys replace bias_decay_mult");
        assertEquals(List.of(1.0, 0.0), m.get("cls_token"), "root parameters match as .name");
        assertEquals(List.of(4.0, 1.0), m.get("bn.weight"), "equal length: alphabetical first, and norm rule ignored");
        assertEquals(List.of(1.0, 0.0), m.get("bn.bias"));
        assertEquals(List.of(1.0, 1.0), m.get("dw.weight"));
    }

    @Test
    void frozenParametersAreLeftOut() {
        model.getChildren().get(3).getValue().freezeParameters(true);
        Map<String, List<Double>> m = mults(null);
        assertTrue(!m.containsKey("fc.weight") && !m.containsKey("fc.bias") && m.containsKey("dw.weight"),
                m.keySet().toString());
    }

    @Test
    void unknownKeysAreErrors() {
        ConfigException top = assertThrows(ConfigException.class, () -> mults("norm_decay_mul = 0"));
        assertTrue(top.getMessage().contains("norm_decay_mul"), top.getMessage());
        ConfigException inner = assertThrows(ConfigException.class, () -> mults("custom_keys { fc { lr_mul = 0 } }"));
        assertTrue(inner.getMessage().contains("lr_mul"), inner.getMessage());
        ConfigException dotted = assertThrows(ConfigException.class,
                () -> mults("custom_keys { fc.bias { lr_mult = 0 } }"));
        assertTrue(dotted.getMessage().contains("quoted"), dotted.getMessage());
        assertThrows(ConfigException.class, () -> mults("bias_lr_mult = -1"));
    }

    @Test
    void customKeysCarryFixLrAndLarsExclude() {
        Map<String, OptimParam> m = new LinkedHashMap<>();
        ParamGroups.build(model, ConfigView.parse("custom_keys { fc { fix_lr = true }, bn { decay_mult = 0, "
                + "lars_exclude = true } }")).forEach(p -> m.put(p.name(), p));
        assertTrue(m.get("fc.weight").fixLr() && !m.get("fc.weight").larsExclude());
        assertEquals(0.1, m.get("fc.weight").lr(0.001, 0.1), 0, "fix_lr: the base rate whatever the schedule");
        assertTrue(m.get("bn.bias").larsExclude() && !m.get("bn.bias").fixLr());
        assertEquals(0.0, m.get("bn.bias").decayMult());
        assertTrue(!m.get("conv.weight").fixLr() && !m.get("conv.weight").larsExclude());
        assertEquals(0.001, m.get("conv.weight").lr(0.001, 0.1), 0);
        ConfigException both = assertThrows(ConfigException.class,
                () -> mults("custom_keys { fc { fix_lr = true, lr_mult = 2 } }"));
        assertTrue(both.getMessage().contains("fix_lr"), both.getMessage());
    }

    /** A block that only holds named children, for parameter-naming tests; it has no forward pass. */
    private static class Named extends AbstractBlock {
        Named(Map<String, Block> children) {
            super((byte) 1);
            children.forEach(this::addChildBlock);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            throw new UnsupportedOperationException("parameters only");
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
            getChildren().values().forEach(b -> b.initialize(m, dataType, inputShapes));
        }
    }

    /** patch_embed, layers.0, layers.1, ln1: mmpretrain's ViT layer-depth rule with two layers. */
    private static final class TinyVit extends Named implements LayerDepth {
        TinyVit() {
            super(Map.of());
        }

        static Block build() {
            Map<String, Block> children = new LinkedHashMap<>();
            children.put("patch_embed", Linear.builder().setUnits(4).build());
            Map<String, Block> layers = new LinkedHashMap<>();
            layers.put("0", Linear.builder().setUnits(4).build());
            layers.put("1", Linear.builder().setUnits(4).build());
            children.put("layers", new Named(layers));
            children.put("ln1", LayerNorm.builder().build());
            TinyVit vit = new TinyVit();
            children.forEach(vit::addChildBlock);
            return vit;
        }

        @Override
        public int numLayers() {
            return LayerDepth.transformerNumLayers(2);
        }

        @Override
        public int layerDepth(String paramName) {
            return LayerDepth.transformerLayerDepth(paramName, 2);
        }
    }

    private static Map<String, OptimParam> layerDecay(Block backbone, String paramwise) {
        Map<String, Block> top = new LinkedHashMap<>();
        top.put("backbone", backbone);
        top.put("head", new Named(Map.of("fc", Linear.builder().setUnits(3).build())));
        Block classifier = new Named(top);
        try (NDManager m = NDManager.newBaseManager()) {
            classifier.initialize(m, DataType.FLOAT32, new Shape(2, 4));
            Map<String, OptimParam> out = new LinkedHashMap<>();
            ParamGroups.read(ConfigView.parse("constructor = LearningRateDecayOptimWrapperConstructor\n" + paramwise))
                    .build(classifier).forEach(p -> out.put(p.name(), p));
            return out;
        }
    }

    @Test
    void layerDecayScalesLrByDepthAndAppliesDecayRules() {
        Map<String, OptimParam> m = layerDecay(TinyVit.build(), "paramwise_cfg { layer_decay_rate = 0.5, "
                + "norm_decay_mult = 0, bias_decay_mult = 0.5, custom_keys { \"backbone.patch\" { decay_mult = 2, "
                + "lars_exclude = true } } }");
        // 4 layer ids: patch_embed 0 -> 0.5^3, layers.0 1 -> 0.5^2, layers.1 2 -> 0.5, ln1 3 and the head -> 1
        assertEquals(List.of("backbone.patch_embed.weight", "backbone.patch_embed.bias", "backbone.layers.0.weight",
                "backbone.layers.0.bias", "backbone.layers.1.weight", "backbone.layers.1.bias", "backbone.ln1.weight",
                "backbone.ln1.bias", "head.fc.weight", "head.fc.bias"), List.copyOf(m.keySet()));
        double[] lr = {0.125, 0.125, 0.25, 0.25, 0.5, 0.5, 1, 1, 1, 1};
        double[] decay = {2, 2, 1, 0.5, 1, 0.5, 0, 0, 1, 0.5};
        int i = 0;
        for (OptimParam p : m.values()) {
            assertEquals(lr[i], p.lrMult(), 1e-12, p.name());
            assertEquals(decay[i], p.decayMult(), 0, p.name());
            assertEquals(p.name().startsWith("backbone.patch"), p.larsExclude(), p.name());
            i++;
        }
        Map<String, OptimParam> empty = layerDecay(TinyVit.build(), "paramwise_cfg {}");
        empty.values().forEach(p -> assertEquals(1.0, p.lrMult(), "an empty paramwise_cfg is mmengine's plain list"));
    }

    @Test
    void layerDecayNeedsABackboneWithLayerDepth() {
        String cfg = "paramwise_cfg { layer_decay_rate = 0.65 }";
        ConfigException plain = assertThrows(ConfigException.class,
                () -> layerDecay(new Named(Map.of("fc", Linear.builder().setUnits(2).build())), cfg));
        assertTrue(plain.getMessage().contains("LearningRateDecayOptimWrapperConstructor")
                && plain.getMessage().contains("backbone Named") && plain.getMessage().contains("LayerDepth"),
                plain.getMessage());
        ConfigException noBackbone = assertThrows(ConfigException.class,
                () -> ParamGroups.read(ConfigView.parse("constructor = LearningRateDecayOptimWrapperConstructor, "
                        + cfg)).build(model));
        assertTrue(noBackbone.getMessage().contains("has no backbone"), noBackbone.getMessage());
        assertTrue(noBackbone.getMessage().startsWith("constructor"), noBackbone.getMessage());
    }

    @Test
    void layerDecayKeysAreChecked() {
        ConfigException lrMult = assertThrows(ConfigException.class, () -> ParamGroups.read(ConfigView.parse(
                "constructor = LearningRateDecayOptimWrapperConstructor, paramwise_cfg { custom_keys { "
                        + "\".pos_embed\" { lr_mult = 0 } } }")));
        assertTrue(lrMult.getMessage().contains("disables lr_mult"), lrMult.getMessage());
        ConfigException dw = assertThrows(ConfigException.class, () -> ParamGroups.read(ConfigView.parse(
                "constructor = LearningRateDecayOptimWrapperConstructor, paramwise_cfg { dwconv_decay_mult = 0 }")));
        assertTrue(dw.getMessage().contains("dwconv_decay_mult"), dw.getMessage());
        assertThrows(ConfigException.class, () -> ParamGroups.read(ConfigView.parse(
                "constructor = LearningRateDecayOptimWrapperConstructor, paramwise_cfg { layer_decay_rate = 0 }")));
        ConfigException rate = assertThrows(ConfigException.class,
                () -> ParamGroups.read(ConfigView.parse("paramwise_cfg { layer_decay_rate = 0.65 }")));
        assertTrue(rate.getMessage().contains("layer_decay_rate"), rate.getMessage());
        ConfigException name = assertThrows(ConfigException.class,
                () -> ParamGroups.read(ConfigView.parse("constructor = LearningRateDecayConstructor")));
        assertTrue(name.getMessage().contains("LearningRateDecayOptimWrapperConstructor"), name.getMessage());
    }
}
