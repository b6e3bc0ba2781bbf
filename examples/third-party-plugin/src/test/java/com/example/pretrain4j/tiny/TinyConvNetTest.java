package com.example.pretrain4j.tiny;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.Kind;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.model.Backbone;

final class TinyConvNetTest {
    @Test
    void returnsTheSelectedStagesAndTrains() {
        Backbone net = Components.build(Kind.BACKBONE, "type = TinyConvNet, channels = [4, 6, 8], out_indices = [0, -1]");
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = Components.forwardBackward(net, m, m.randomNormal(new Shape(2, 1, 12, 12)));
            assertEquals(new Shape(2, 4, 12, 12), out.get(0).getShape());
            assertEquals(new Shape(2, 8, 3, 3), out.get(1).getShape());
            assertTrue(Components.gradientMass(net) > 0);
            assertTrue(net.getParameters().keys().stream().anyMatch(k -> k.contains("layer3") && k.contains("conv")),
                    "children named layer<i>.conv: " + net.getParameters().keys());
        }
    }

    @Test
    void outOfRangeStageIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Components.build(Kind.BACKBONE, "type = TinyConvNet, channels = [4], out_indices = [1]"));
        assertTrue(e.getMessage().contains("out_indices"), e.getMessage());
    }
}
