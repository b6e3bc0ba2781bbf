package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.OptimParam;
import org.pretrain4j.api.train.Optimizer;

/** 50 steps leave nothing behind in the model's manager: temporaries go to the step's scratch manager. */
final class OptimizerMemoryTest {
    private static void run(Optimizer optimizer) {
        try (NDManager model = NDManager.newBaseManager()) {
            Block block = new SequentialBlock().add(Linear.builder().setUnits(4).build())
                    .add(BatchNorm.builder().build()).add(Linear.builder().setUnits(2).build());
            block.initialize(model, DataType.FLOAT32, new Shape(3, 5));
            List<OptimParam> params = ParamGroups.build(block,
                    ConfigView.parse("norm_decay_mult = 0, "
                            + "custom_keys { \"Linear.bias\" { lr_mult = 2, lars_exclude = true } }"));
            int afterFirst = -1;
            for (int i = 0; i < 50; i++) {
                try (NDManager step = model.newSubManager()) {
                    ParameterStore ps = new ParameterStore(step, false);
                    NDArray x = step.randomNormal(new Shape(3, 5));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = block.forward(ps, new NDList(x), true).singletonOrThrow();
                        gc.backward(out.square().mean());
                    }
                    GradientClipper.clipByGlobalNorm(params, 0.5, step);
                    optimizer.step(params, 0.01, step);
                    optimizer.state();
                    for (OptimParam p : params) {
                        NDArray g = p.parameter().getArray().getGradient();
                        g.attach(step);
                        g.muli(0f);
                    }
                }
                if (i == 0) {
                    afterFirst = model.getManagedArrays().size();
                }
            }
            assertEquals(afterFirst, model.getManagedArrays().size());
        }
    }

    @Test
    void sgdWithNesterovAndWeightDecayDoesNotLeak() {
        run(new Sgd(new SgdConfig(0.1, 0.9, 0, 1e-4, true)));
    }

    @Test
    void adamWithAmsgradDoesNotLeak() {
        run(new Adam(new AdamConfig(0.001, 0.9, 0.999, 1e-8, 0.01, true, false)));
    }

    @Test
    void larsWithNesterovAndWeightDecayDoesNotLeak() {
        run(new Lars(new LarsConfig(0.1, 0.9, 1e-4, 0, 0.001, true, 1e-8)));
    }

    @Test
    void adamWDoesNotLeak() {
        run(new Adam(AdamConfig.adamWDefaults()));
    }
}
