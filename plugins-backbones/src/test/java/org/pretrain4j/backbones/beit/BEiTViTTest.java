package org.pretrain4j.backbones.beit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.backbones.TestBlocks;
import org.pretrain4j.backbones.layers.RelativePositionBias;

final class BEiTViTTest {
    private static final String TINY = "arch { embed_dims = 16, num_layers = 2, num_heads = 2, "
            + "feedforward_channels = 32 }, img_size = 16, patch_size = 4";
    private static final Shape IMAGE = new Shape(2, 3, 16, 16);

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

    private BEiTViT initialized(String hocon, Shape image) {
        BEiTViT vit = (BEiTViT) TestBlocks.build(new BEiTViTFactory(), hocon);
        vit.initialize(manager, DataType.FLOAT32, image);
        return vit;
    }

    @Test
    void perLayerRelativeBiasByDefault() {
        BEiTViT vit = initialized(TINY + ", out_indices = [0, -1]", IMAGE);
        assertArrayEquals(new Shape[] {new Shape(2, 16), new Shape(2, 16)},
                TestBlocks.forwardBackward(vit, IMAGE, manager), "avg_featmap by default");
        Set<String> keys = TestBlocks.torchParameters(vit).keySet();
        for (String key : new String[] {"cls_token", "patch_embed.projection.weight", "layers.0.attn.qkv.weight",
            "layers.0.attn.q_bias", "layers.0.attn.v_bias", "layers.0.attn.relative_position_bias_table",
            "layers.1.gamma_1", "layers.1.gamma_2", "layers.1.ffn.layers.0.0.weight", "layers.1.ffn.layers.1.bias",
            "ln2.weight"}) {
            assertTrue(keys.contains(key), key + " in " + keys);
        }
        assertFalse(keys.contains("layers.0.attn.qkv.bias"), "qv_bias: no key bias, so no qkv bias");
        assertFalse(keys.contains("pos_embed") || keys.contains("ln1.weight"), keys.toString());
    }

    @Test
    void sharedBiasAndAbsolutePositions() {
        BEiTViT vit = initialized(TINY + ", use_rel_pos_bias = false, use_shared_rel_pos_bias = true, "
                + "use_abs_pos_emb = true, final_norm = true, out_type = featmap, bias = true", IMAGE);
        assertArrayEquals(new Shape[] {new Shape(2, 16, 4, 4)}, TestBlocks.forwardBackward(vit, IMAGE, manager));
        Map<String, ?> params = TestBlocks.torchParameters(vit);
        assertTrue(params.containsKey("rel_pos_bias.relative_position_bias_table"), params.keySet().toString());
        assertTrue(params.containsKey("pos_embed") && params.containsKey("ln1.weight")
                && params.containsKey("layers.0.attn.qkv.bias"), params.keySet().toString());
        assertFalse(params.containsKey("layers.0.attn.relative_position_bias_table"));
    }

    /** The shared bias table changes the output: it reaches the attention scores of every layer. */
    @Test
    void sharedBiasReachesTheScores() {
        BEiTViT vit = initialized(TINY + ", use_rel_pos_bias = false, use_shared_rel_pos_bias = true, "
                + "out_type = raw", IMAGE);
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = manager.randomNormal(IMAGE);
        float[] before = vit.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        NDArray table = TestBlocks.torchParameters(vit).get("rel_pos_bias.relative_position_bias_table").getArray();
        table.set(manager.randomNormal(table.getShape()).toFloatArray());
        float[] after = vit.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        assertFalse(Arrays.equals(before, after));
    }

    /** mmpretrain's relative_position_index of a 2 x 3 grid with the class token (tools/fixtures/beitv2.py). */
    @Test
    void relativePositionIndexMatchesMmpretrain() {
        long[] expected = {17, 15, 15, 15, 15, 15, 15, 16, 7, 6, 5, 2, 1, 0, 16, 8, 7, 6, 3, 2, 1, 16, 9, 8, 7, 4, 3,
            2, 16, 12, 11, 10, 7, 6, 5, 16, 13, 12, 11, 8, 7, 6, 16, 14, 13, 12, 9, 8, 7};
        assertArrayEquals(expected, RelativePositionBias.flatIndex(new long[] {2, 3}, 1));
        long[] twoHeads = RelativePositionBias.flatIndex(new long[] {2, 3}, 2);
        assertEquals(2 * expected[8] + 1, twoHeads[2 * 8 + 1], "entry (1, 1), head 1");
    }

    /** tools/fixtures/beitv2.py: mmpretrain's BEiTViT(arch='base') laid out as torch modules. */
    @Test
    void parameterCountMatchesPyTorch() {
        BEiTViT vit = initialized("arch = base", new Shape(1, 3, 224, 224));
        assertEquals(85_761_984L, TestBlocks.countParameters(vit));
    }

    @Test
    void badConfigsAreClearErrors() {
        ConfigException both = assertThrows(ConfigException.class, () -> TestBlocks.build(new BEiTViTFactory(),
                TINY + ", use_shared_rel_pos_bias = true"));
        assertTrue(both.getMessage().contains("cannot both be true"), both.getMessage());
        ConfigException bias = assertThrows(ConfigException.class, () -> TestBlocks.build(new BEiTViTFactory(),
                TINY + ", bias = k_bias"));
        assertTrue(bias.getMessage().contains("qv_bias"), bias.getMessage());
        ConfigException cls = assertThrows(ConfigException.class, () -> TestBlocks.build(new BEiTViTFactory(),
                TINY + ", with_cls_token = false"));
        assertTrue(cls.getMessage().contains("class token"), cls.getMessage());
    }
}
