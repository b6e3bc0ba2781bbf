package org.pretrain4j.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.train.RunInfo;

/** mmpretrain's CosineEMA schedule and update, against hand-computed values. */
final class CosineEMATest {
    @Test
    void momentumAnnealsFromStartToEnd() {
        assertEquals(0.004, CosineEMA.momentumAt(0.004, 0, 0, 100), 1e-15);
        assertEquals(0.002, CosineEMA.momentumAt(0.004, 0, 50, 100), 1e-15);
        assertEquals(0.0, CosineEMA.momentumAt(0.004, 0, 100, 100), 1e-15);
        // a quarter in: (cos(pi / 4) + 1) / 2 = 0.853553...; end 0.001: 0.001 - (0.001 - 0.01) * 0.853553
        assertEquals(0.001 + 0.009 * (Math.sqrt(0.5) + 1) / 2, CosineEMA.momentumAt(0.01, 0.001, 25, 100), 1e-15);
    }

    @Test
    void updateUsesTheScheduledMomentumOfItsStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(4, 3);
            Block source = ExponentialMovingAverageTest.net();
            CosineEMA ema = new CosineEMA(ExponentialMovingAverageTest.net(), 0.004, 0, 1, false);
            source.initialize(manager, DataType.FLOAT32, input);
            ema.initialize(manager, DataType.FLOAT32, input);
            ExponentialMovingAverageTest.fill(source, 1f);
            ema.update(source);
            ExponentialMovingAverageTest.fill(source, 2f);
            assertThrows(IllegalStateException.class, () -> ema.update(source), "K unknown");
            // The trainer hands K over as it does to any hook; an EMA anywhere in a model is found and called.
            ema.beforeTrain(new RunInfo(Path.of("."), 0, 0, 10, 0.1, Map.of()));
            ema.update(source);
            // step 1 of 10: m = 0.004 * (cos(pi / 10) + 1) / 2 = 0.0039021130; ema = (1 - m) * 1 + m * 2
            double m = 0.004 * (Math.cos(Math.PI / 10) + 1) / 2;
            ExponentialMovingAverageTest.assertValues(ema, (float) (1 + m), 2f);
            assertThrows(IllegalArgumentException.class,
                    () -> new CosineEMA(ExponentialMovingAverageTest.net(), 0.004, 1, 1, false));
        }
    }
}
