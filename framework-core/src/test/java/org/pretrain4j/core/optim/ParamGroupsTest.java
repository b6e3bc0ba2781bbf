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
import org.pretrain4j.api.train.OptimParam;

/** mmengine's paramwise_cfg rules on a tiny Conv2d + BatchNorm + depth-wise Conv2d + Linear block. */
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
}
