package org.pretrain4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.OptimParam;

/**
 * torch.optim.Adam / AdamW rules against a float32 numpy transcription of PyTorch's single-tensor code over three
 * steps (step 1 of plain Adam moves every weight by exactly lr * sign(g), which checks the bias corrections).
 */
final class AdamTest {
    private static final float TOL = 2e-6f;

    private static Adam check(AdamConfig config, float[][] expected, NDManager manager, OptimParam p) {
        Adam adam = new Adam(config);
        for (int i = 0; i < 3; i++) {
            OptimTesting.step(adam, p, OptimTesting.GRADS[i], config.lr(), manager);
            assertArrayEquals(expected[i], OptimTesting.values(p), TOL, "step " + (i + 1));
        }
        return adam;
    }

    @Test
    void adamMatchesTorch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam p = OptimTesting.param(manager, "w", OptimTesting.W0, 1, 1);
            check(new AdamConfig(0.1, 0.9, 0.999, 1e-8, 0, false, false), new float[][] {
                {0.9f, -2.1f, 0.6f},
                {0.9366104006767273f, -2.1965181827545166f, 0.5505809783935547f},
                {0.9502794742584229f, -2.2553789615631104f, 0.4762578010559082f}}, manager, p);
        }
    }

    @Test
    void adamWithL2AndAmsgrad() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam p = OptimTesting.param(manager, "w", OptimTesting.W0, 1, 1);
            Adam adam = check(new AdamConfig(0.1, 0.9, 0.999, 1e-8, 0.1, true, false), new float[][] {
                {0.9000000357627869f, -2.0999999046325684f, 0.6000000238418579f},
                {0.925263524055481f, -2.1952719688415527f, 0.5438085794448853f},
                {0.9247305989265442f, -2.242384433746338f, 0.4669821858406067f}}, manager, p);
            assertEquals(Set.of("w.exp_avg", "w.exp_avg_sq", "w.max_exp_avg_sq", "w.step"), adam.state().keySet());
            assertEquals(3f, adam.state().get("w.step").getFloat());
            assertEquals(0, adam.state().get("w.step").getShape().dimension());
        }
    }

    @Test
    void adamWDecouplesWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            OptimParam p = OptimTesting.param(manager, "w", OptimTesting.W0, 1, 1);
            // step 1: w * (1 - 0.1 * 0.1) - 0.1 * sign(g) = [0.99 - 0.1, -1.98 - 0.1, 0.495 + 0.1]
            check(new AdamConfig(0.1, 0.9, 0.999, 1e-8, 0.1, false, true), new float[][] {
                {0.89f, -2.08f, 0.595f},
                {0.9177104234695435f, -2.1557183265686035f, 0.5396310091018677f},
                {0.9222024083137512f, -2.1930220127105713f, 0.4599115252494812f}}, manager, p);
        }
    }

    @Test
    void stateRoundTripContinuesBitIdentically() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdamConfig config = new AdamConfig(0.05, 0.9, 0.99, 1e-8, 0.05, true, true);
            OptimParam a = OptimTesting.param(manager, "head.fc.weight", OptimTesting.W0, 1, 1);
            Adam first = new Adam(config);
            OptimTesting.step(first, a, OptimTesting.GRADS[0], 0.05, manager);
            OptimTesting.step(first, a, OptimTesting.GRADS[1], 0.05, manager);

            OptimParam b = OptimTesting.param(manager, "head.fc.weight", OptimTesting.values(a), 1, 1);
            Adam resumed = new Adam(config);
            try (NDManager checkpoint = NDManager.newBaseManager()) {
                Map<String, NDArray> saved = new LinkedHashMap<>();
                first.state().forEach((k, v) -> {
                    NDArray copy = checkpoint.create(v.toFloatArray(), v.getShape());
                    saved.put(k, copy);
                });
                resumed.loadState(saved, manager);
            }
            assertEquals(2f, resumed.state().get("head.fc.weight.step").getFloat());
            OptimTesting.step(first, a, OptimTesting.GRADS[2], 0.05, manager);
            OptimTesting.step(resumed, b, OptimTesting.GRADS[2], 0.05, manager);
            assertArrayEquals(OptimTesting.values(a), OptimTesting.values(b), 0f);
            for (String k : first.state().keySet()) {
                assertArrayEquals(first.state().get(k).toFloatArray(), resumed.state().get(k).toFloatArray(), 0f, k);
            }
        }
    }

    @Test
    void factoriesUseTorchDefaults() {
        AdamConfig adam = new AdamFactory().parseConfig(ConfigView.parse(""));
        assertEquals(AdamConfig.adamDefaults(), adam);
        AdamConfig adamW = new AdamWFactory().parseConfig(ConfigView.parse("lr = 0.002, betas = [0.9, 0.95]"));
        assertEquals(new AdamConfig(0.002, 0.9, 0.95, 1e-8, 0.01, false, true), adamW);
        assertThrows(ConfigException.class, () -> new AdamFactory().parseConfig(ConfigView.parse("betas = [0.9]")));
        assertThrows(ConfigException.class, () -> new AdamWFactory().parseConfig(ConfigView.parse("betas = [1.0, 0.9]")));
        for (var f : java.util.List.of(new AdamFactory(), new AdamWFactory())) {
            ConfigView view = ConfigView.parse(f.example().config());
            f.parseConfig(view);
            assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys());
        }
    }
}
