package org.pretrain4j.selfsup.beit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.Pretrain4jException;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.model.LossDict;
import org.pretrain4j.api.model.SelfSupervisor;
import org.pretrain4j.selfsup.TestContext;

final class BEiTTest {
    private static final String ARCH = "arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
            + "feedforward_channels = 32 }";
    private static final String TINY = "type = BEiT, backbone { type = BEiTPretrainViT, " + ARCH + ", img_size = 16, "
            + "patch_size = 4, out_indices = [0, -1], final_norm = false }, "
            + "neck { type = BEiTV2Neck, num_layers = 1, early_layers = 1, backbone_" + ARCH + " }, "
            + "head { type = BEiTV2Head, embed_dims = 16, num_embed = 8, loss { type = CrossEntropyLoss } }, "
            + "target_generator { type = VQKD, encoder_config { arch { embed_dims = 8, num_layers = 1, num_heads = 2, "
            + "feedforward_channels = 16 }, img_size = 16, patch_size = 4, use_abs_pos_emb = true, "
            + "use_rel_pos_bias = false, layer_scale_init_value = 0, final_norm = true, out_type = featmap }, "
            + "num_embed = 8, embed_dims = 4 }";
    private static final Shape IMAGES = new Shape(2, 3, 16, 16);

    private NDManager manager;

    @BeforeEach
    void setUp() {
        Engine.getInstance().setRandomSeed(0);
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private BEiT tiny(String hocon) {
        BEiT model = (BEiT) TestContext.build(Kind.SELF_SUPERVISOR, hocon);
        model.initialize(manager, DataType.FLOAT32, IMAGES);
        return model;
    }

    private NDArray mask(NDManager m) {
        NDArray mask = m.create(new float[] {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0}, new Shape(2, 4, 4));
        mask.setName(SelfSupervisor.MASK);
        return mask;
    }

    @Test
    void trainingStepReachesEveryTrainableParameter() {
        BEiT model = tiny(TINY);
        ParameterStore ps = new ParameterStore(manager, false);
        LossDict losses;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            losses = model.loss(ps, new NDList(manager.randomNormal(IMAGES), mask(manager)), new NDList());
            collector.backward(losses.total());
        }
        assertEquals(Set.of("loss_1", "loss_2"), losses.terms().keySet());
        for (NDArray loss : losses.terms().values()) {
            assertTrue(Float.isFinite(loss.getFloat()) && loss.getFloat() > 0, "loss " + loss.getFloat());
        }
        int trainable = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            boolean tokenizer = p.getKey().contains("target_generator");
            assertEquals(!tokenizer, p.getValue().requiresGradient(), p.getKey());
            if (!tokenizer) {
                trainable++;
                assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
            }
        }
        assertTrue(trainable > 20);
        assertEquals(new Shape(2, 17, 16),
                model.extractFeat(ps, new NDList(manager.randomNormal(IMAGES))).get(1).getShape());
    }

    /** A second view goes to the tokenizer; steps in sub-managers leave nothing in the model's manager. */
    @Test
    void secondViewFeedsTheTokenizerAndStepsDoNotLeak() {
        BEiT model = tiny(TINY);
        int before = -1;
        for (int i = 0; i < 3; i++) {
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList inputs = new NDList(step.randomNormal(IMAGES), step.randomNormal(IMAGES), mask(step));
                collector.backward(model.loss(new ParameterStore(step, false), inputs, new NDList()).total());
            }
            if (i == 0) {
                before = manager.getManagedArrays().size();
            }
        }
        assertEquals(before, manager.getManagedArrays().size(), "arrays left in the model's manager");
    }

    @Test
    void configErrorsAreClear() {
        ConfigException outs = assertThrows(ConfigException.class, () -> TestContext.build(Kind.SELF_SUPERVISOR,
                TINY.replace("out_indices = [0, -1]", "out_indices = [-1]")));
        assertTrue(outs.getMessage().contains("two layers"), outs.getMessage());
        ConfigException neck = assertThrows(ConfigException.class, () -> TestContext.build(Kind.SELF_SUPERVISOR,
                TINY.replace("type = BEiTV2Neck, num_layers = 1, early_layers = 1, backbone_" + ARCH,
                        "type = LinearNeck, in_channels = 16, out_channels = 16")));
        assertTrue(neck.getMessage().contains("BEiTV2Neck"), neck.getMessage());
        BEiT model = tiny(TINY);
        Pretrain4jException noMask = assertThrows(Pretrain4jException.class, () -> model.loss(
                new ParameterStore(manager, false), new NDList(manager.randomNormal(IMAGES)), new NDList()));
        assertTrue(noMask.getMessage().contains("BEiTMaskGenerator"), noMask.getMessage());
    }

    /**
     * tools/fixtures/beitv2.py: mmpretrain's v2 base parts laid out as torch modules (the tokenizer's codebook
     * counts, it is a parameter without gradient there too).
     */
    @Test
    void baseParameterCountsMatchPyTorch() {
        Shape image = new Shape(1, 3, 224, 224);
        BEiTPretrainViT vit = (BEiTPretrainViT) TestContext.build(Kind.BACKBONE, "type = BEiTPretrainViT, "
                + "out_indices = [-4, -1], final_norm = false");
        vit.initialize(manager, DataType.FLOAT32, image);
        assertEquals(85_664_592L, count(vit));
        VQKD vqkd = (VQKD) TestContext.build(Kind.TARGET_GENERATOR, "type = VQKD, encoder_config { "
                + "use_abs_pos_emb = true, use_rel_pos_bias = false, layer_scale_init_value = 0, final_norm = true, "
                + "out_type = featmap }");
        vqkd.initialize(manager, DataType.FLOAT32, image);
        assertEquals(86_666_784L, count(vqkd));
        BEiTV2Neck neck = (BEiTV2Neck) TestContext.build(Kind.NECK, "type = BEiTV2Neck");
        neck.initialize(manager, DataType.FLOAT32, new Shape(1, 197, 768), new Shape(1, 197, 768));
        assertEquals(14_178_816L, count(neck));
    }

    private static long count(ai.djl.nn.Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}
