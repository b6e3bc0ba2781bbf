package org.pretrain4j.backbones.resnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mmpretrain's {@code ResNet.get_layer_depth}. The expected ids are that function's results for the names below
 * (with the {@code backbone.} prefix), computed with /usr/bin/python3 from a transcription of it.
 */
final class ResNetLayerDepthTest {
    private static final List<String> NAMES = List.of("conv1.weight", "layer1.2.conv1.weight",
            "layer2.1.bn1.weight", "layer2.2.conv1.weight", "layer3.2.conv1.weight", "layer3.3.conv1.weight",
            "layer4.0.downsample.0.weight");

    private static int[] depths(ResNet net) {
        return NAMES.stream().mapToInt(net::layerDepth).toArray();
    }

    @Test
    void resnet50GroupsStagesTwoAndThreeInPairsAndTriples() {
        ResNet net = TestNets.resnet("depth = 50");
        assertEquals(8, net.numLayers());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, depths(net));
        assertArrayEquals(depths(net), depths(TestNets.resnet("depth = 34")), "ResNet-34 has ResNet-50's stages");
    }

    @Test
    void resnet101And152() {
        ResNet r101 = TestNets.resnet("depth = 101");
        assertEquals(14, r101.numLayers());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 12}, depths(r101));
        assertEquals(11, r101.layerDepth("layer3.22.conv1.weight"));
        ResNet r152 = TestNets.resnet("depth = 152");
        assertEquals(15, r152.numLayers());
        assertArrayEquals(new int[] {0, 1, 2, 2, 4, 4, 13}, depths(r152));
        assertEquals(9, r152.layerDepth("layer3.22.conv1.weight"));
        assertEquals(12, r152.layerDepth("layer3.35.conv1.weight"));
    }

    @Test
    void everyParameterGetsAnIdBelowTheLastOne() {
        ResNet net = TestNets.resnet("depth = 50, base_channels = 4, stem_channels = 4, deep_stem = true");
        for (String name : TestNets.parametersByPath(net).keySet()) {
            int id = net.layerDepth(name);
            assertTrue(id >= 0 && id < net.numLayers() - 1, name + " -> " + id);
        }
    }

    @Test
    void resnet18HasNoGroupingAsInMmpretrain() {
        ResNet net = TestNets.resnet("depth = 18");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, net::numLayers);
        assertTrue(e.getMessage().contains("ResNet-18"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> net.layerDepth("layer1.0.conv1.weight"));
    }
}
