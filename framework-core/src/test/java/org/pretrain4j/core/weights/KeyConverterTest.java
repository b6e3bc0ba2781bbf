package org.pretrain4j.core.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.checkpoint.WeightFile;
import org.pretrain4j.core.weights.KeyConverter.Arch;
import org.pretrain4j.core.weights.KeyConverter.Source;

/**
 * The torchvision key lists are torchvision 0.14's own ({@code tools/fixtures/key_lists.py}); the timm lists are
 * written out here from timm's module structure; the expected mmpretrain keys are derived from mmpretrain's module
 * structure ({@code vision_transformer.py}, {@code mobilenet_v2.py}), independently of the rules under test.
 */
final class KeyConverterTest {
    private static final String[] BN = {"weight", "bias", "running_mean", "running_var", "num_batches_tracked"};
    private static final int[] MOBILENET_V2_BLOCKS = {1, 2, 3, 4, 3, 3, 1};

    @TempDir
    Path dir;

    private static List<String> torchvision(String model) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/weights/keys/torchvision_" + model + ".txt")).stream()
                .filter(s -> !s.isBlank()).toList();
    }

    private static Set<String> converted(Source source, Arch arch, List<String> keys) {
        assertEquals(Optional.of(arch), KeyConverter.detect(source, keys));
        return new LinkedHashSet<>(KeyConverter.convert(source, arch, keys).values());
    }

    private static void bn(Set<String> out, String prefix) {
        for (String b : BN) {
            out.add(prefix + "." + b);
        }
    }

    /** mmpretrain's VisionTransformer + VisionTransformerClsHead keys. */
    private static Set<String> mmpretrainVit(int layers, boolean withLayerScale, String finalNorm) {
        Set<String> out = new LinkedHashSet<>(List.of("backbone.cls_token", "backbone.pos_embed",
                "backbone.patch_embed.projection.weight", "backbone.patch_embed.projection.bias"));
        for (int i = 0; i < layers; i++) {
            for (String m : List.of("ln1", "attn.qkv", "attn.proj", "ln2", "ffn.layers.0.0", "ffn.layers.1")) {
                out.add("backbone.layers." + i + "." + m + ".weight");
                out.add("backbone.layers." + i + "." + m + ".bias");
            }
            if (withLayerScale) {
                out.add("backbone.layers." + i + ".attn.gamma1.weight");
                out.add("backbone.layers." + i + ".ffn.gamma2.weight");
            }
        }
        out.addAll(List.of("backbone." + finalNorm + ".weight", "backbone." + finalNorm + ".bias",
                "head.layers.head.weight", "head.layers.head.bias"));
        return out;
    }

    /** mmpretrain's MobileNetV2 + LinearClsHead keys: ConvModules of conv and bn; stage 1 has no expansion. */
    private static Set<String> mmpretrainMobileNetV2() {
        Set<String> out = new LinkedHashSet<>();
        out.add("backbone.conv1.conv.weight");
        bn(out, "backbone.conv1.bn");
        for (int s = 0; s < MOBILENET_V2_BLOCKS.length; s++) {
            for (int b = 0; b < MOBILENET_V2_BLOCKS[s]; b++) {
                for (int m = 0; m < (s == 0 ? 2 : 3); m++) {
                    String p = "backbone.layer" + (s + 1) + "." + b + ".conv." + m;
                    out.add(p + ".conv.weight");
                    bn(out, p + ".bn");
                }
            }
        }
        out.add("backbone.conv2.conv.weight");
        bn(out, "backbone.conv2.bn");
        out.addAll(List.of("head.fc.weight", "head.fc.bias"));
        return out;
    }

    @Test
    void torchvisionResNet50GetsBackboneAndHeadPrefixes() throws IOException {
        List<String> keys = torchvision("resnet50");
        Map<String, String> m = KeyConverter.convert(Source.TORCHVISION, Arch.RESNET, keys);
        assertEquals(Optional.of(Arch.RESNET), KeyConverter.detect(Source.TORCHVISION, keys));
        assertEquals(320, m.size());
        assertEquals("backbone.layer1.0.downsample.1.running_var", m.get("layer1.0.downsample.1.running_var"));
        assertEquals("head.fc.weight", m.get("fc.weight"));
        assertEquals(m, KeyConverter.convert(Source.TIMM, Arch.RESNET, keys), "timm's ResNet keys are torchvision's");
    }

    @Test
    void torchvisionVitB16BecomesMmpretrainsVisionTransformer() throws IOException {
        List<String> keys = torchvision("vit_b_16");
        assertEquals(mmpretrainVit(12, false, "ln1"), converted(Source.TORCHVISION, Arch.VIT, keys));
        Map<String, String> old = KeyConverter.convert(Source.TORCHVISION, Arch.VIT,
                List.of("encoder.layers.encoder_layer_3.mlp.linear_1.weight",
                        "encoder.layers.encoder_layer_3.mlp.linear_2.bias", "heads.pre_logits.weight"));
        assertEquals(List.of("backbone.layers.3.ffn.layers.0.0.weight", "backbone.layers.3.ffn.layers.1.bias",
                "head.layers.pre_logits.weight"), List.copyOf(old.values()), "torchvision before 0.13");
    }

    @Test
    void timmVitWithLayerScaleAndAveragePoolingNormBecomesMmpretrains() {
        List<String> keys = new ArrayList<>(List.of("cls_token", "pos_embed", "patch_embed.proj.weight",
                "patch_embed.proj.bias"));
        for (int i = 0; i < 2; i++) {
            for (String m : List.of("norm1", "attn.qkv", "attn.proj", "norm2", "mlp.fc1", "mlp.fc2")) {
                keys.add("blocks." + i + "." + m + ".weight");
                keys.add("blocks." + i + "." + m + ".bias");
            }
            keys.add("blocks." + i + ".ls1.gamma");
            keys.add("blocks." + i + ".ls2.gamma");
        }
        keys.addAll(List.of("fc_norm.weight", "fc_norm.bias", "head.weight", "head.bias"));
        assertEquals(mmpretrainVit(2, true, "ln2"), converted(Source.TIMM, Arch.VIT, keys));
        assertEquals("backbone.ln1.weight", KeyConverter.convert(Source.TIMM, Arch.VIT, List.of("norm.weight"))
                .get("norm.weight"));
    }

    @Test
    void torchvisionAndTimmMobileNetV2BothBecomeMmpretrainsKeys() throws IOException {
        List<String> tv = torchvision("mobilenet_v2");
        assertEquals(mmpretrainMobileNetV2(), converted(Source.TORCHVISION, Arch.MOBILENET_V2, tv));
        Map<String, String> m = KeyConverter.convert(Source.TORCHVISION, Arch.MOBILENET_V2, tv);
        assertEquals("backbone.layer1.0.conv.1.bn.running_var", m.get("features.1.conv.2.running_var"));
        assertEquals("backbone.layer2.1.conv.1.conv.weight", m.get("features.3.conv.1.0.weight"));
        assertEquals("backbone.layer6.2.conv.2.conv.weight", m.get("features.16.conv.2.weight"));
        assertEquals("backbone.layer7.0.conv.2.bn.bias", m.get("features.17.conv.3.bias"));
        assertEquals("backbone.conv2.bn.running_mean", m.get("features.18.1.running_mean"));

        // timm's mobilenetv2_100: a DepthwiseSeparableConv stage, then InvertedResidual stages.
        List<String> timm = new ArrayList<>(List.of("conv_stem.weight"));
        List.of(BN).forEach(b -> timm.add("bn1." + b));
        for (int s = 0; s < MOBILENET_V2_BLOCKS.length; s++) {
            List<String> parts = s == 0 ? List.of("conv_dw", "bn1", "conv_pw", "bn2")
                    : List.of("conv_pw", "bn1", "conv_dw", "bn2", "conv_pwl", "bn3");
            for (int b = 0; b < MOBILENET_V2_BLOCKS[s]; b++) {
                for (String part : parts) {
                    String p = "blocks." + s + "." + b + "." + part;
                    if (part.startsWith("conv")) {
                        timm.add(p + ".weight");
                    } else {
                        List.of(BN).forEach(x -> timm.add(p + "." + x));
                    }
                }
            }
        }
        timm.add("conv_head.weight");
        List.of(BN).forEach(b -> timm.add("bn2." + b));
        timm.addAll(List.of("classifier.weight", "classifier.bias"));
        assertEquals(mmpretrainMobileNetV2(), converted(Source.TIMM, Arch.MOBILENET_V2, timm));
    }

    @Test
    void unknownKeysAndUndetectableArchitecturesAreErrors() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> KeyConverter.convert(
                Source.TORCHVISION, Arch.MOBILENET_V2, List.of("features.0.0.weight", "features.19.0.weight",
                        "features.2.conv.1.weight")));
        assertTrue(e.getMessage().startsWith("2 keys are not torchvision mobilenet_v2 keys")
                && e.getMessage().contains("features.19.0.weight, features.2.conv.1.weight"), e.getMessage());
        assertEquals(Optional.empty(), KeyConverter.detect(Source.TIMM, List.of("a.weight")));
        assertEquals(List.of("x", "y"), List.copyOf(KeyConverter.convert(Source.MMPRETRAIN, null, List.of("x", "y"))
                .values()));
    }

    @Test
    void convertFileWritesSafetensorsWithNewNamesAndTheSameValues() {
        Path in = dir.resolve("vit.bin");
        Path out = dir.resolve("vit.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tv = new LinkedHashMap<>();
            tv.put("class_token", manager.create(new float[] {1, 2}).reshape(1, 1, 2));
            tv.put("encoder.pos_embedding", manager.create(new float[] {3, 4, 5, 6}).reshape(1, 2, 2));
            tv.put("heads.head.bias", manager.create(new float[] {7}));
            SafeTensors.write(in, tv, Map.of());

            KeyConverter.FileConversion c = KeyConverter.convertFile(in, out, Source.TORCHVISION, null);

            assertEquals(Arch.VIT, c.arch());
            assertTrue(c.archDetected());
            assertEquals(3, c.tensors());
            try (WeightFile w = WeightFile.open(out)) {
                assertEquals(List.of("backbone.cls_token", "backbone.pos_embed", "head.layers.head.bias"),
                        List.copyOf(w.tensors().keySet()));
                assertEquals("vit", w.metadata().get("arch"));
                assertEquals(tv.get("encoder.pos_embedding"), w.read(manager, k -> true).get("backbone.pos_embed"));
            }
        }
    }

    @Test
    void anMmengineCheckpointConvertsToSafetensorsKeepingItsNames() {
        Path out = dir.resolve("mm.safetensors");
        KeyConverter.FileConversion c = KeyConverter.convertFile(
                Path.of("src/test/resources/weights/mmengine.pth"), out, Source.MMPRETRAIN, null);
        assertEquals(WeightFile.Format.TORCH, c.inputFormat());
        assertEquals(7, c.tensors());
        assertTrue(c.notes().get(0).contains("'state_dict'"), c.notes().toString());
        assertEquals(Set.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), SafeTensors.readHeader(out).tensors().keySet());
    }
}
