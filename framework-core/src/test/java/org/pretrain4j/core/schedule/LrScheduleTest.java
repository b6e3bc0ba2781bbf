package org.pretrain4j.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.ComponentFactory;
import org.pretrain4j.api.ParamDoc;
import org.pretrain4j.api.config.ConfigException;
import org.pretrain4j.api.config.ConfigView;
import org.pretrain4j.api.train.ParamScheduler;

/**
 * Learning-rate curves of mmpretrain's recipes, against values worked out by hand from mmengine's formulas and
 * against a transcription of mmengine's chained (step-by-step) schedulers and runner loop.
 */
final class LrScheduleTest {
    private static final double BASE = 0.1;

    private static ParamScheduler linear(String hocon) {
        LinearLrFactory f = new LinearLrFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static ParamScheduler cosine(String hocon) {
        CosineAnnealingLrFactory f = new CosineAnnealingLrFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static ParamScheduler multiStep(String hocon) {
        MultiStepLrFactory f = new MultiStepLrFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    private static ParamScheduler step(String hocon) {
        StepLrFactory f = new StepLrFactory();
        return f.create(f.parseConfig(ConfigView.parse(hocon)), null);
    }

    // ---- mmengine's chained schedulers, transcribed from mmengine/optim/scheduler/param_scheduler.py -------------

    /** One chained scheduler: mmengine's _ParamScheduler.step() with _get_value() of its subclass. */
    private static final class Chained {
        final ParamScheduler s;
        final long begin;
        final long end;
        final double scale;
        long globalStep = -1;
        long lastStep = -1;

        Chained(ParamScheduler s, int ipe, long maxIters) {
            this.s = s;
            scale = s.convertToIterBased() ? ipe : 1;
            long maxEpochs = (maxIters + ipe - 1) / ipe;
            long e = s.end() == Integer.MAX_VALUE ? (s.byEpoch() ? maxEpochs : maxIters) : s.end();
            begin = (long) (s.begin() * scale);
            end = (long) (e * scale);
        }

        double step(double lr) {
            globalStep++;
            if (begin <= globalStep && globalStep < end) {
                lastStep++;
                return value(lr);
            }
            return lr;
        }

        private double value(double lr) {
            long t = lastStep;
            if (s instanceof LinearLr l) {
                double start = l.config().startFactor();
                double stop = l.config().endFactor();
                double total = end - begin - 1;
                return t == 0 ? lr * start : lr * (1 + (stop - start) / (total * start + (t - 1) * (stop - start)));
            }
            if (s instanceof MultiStepLr m) {
                long hits = m.config().milestones().stream().filter(x -> x * scale == t).count();
                return lr * Math.pow(m.config().gamma(), hits);
            }
            if (s instanceof StepLr st) {
                double size = st.config().stepSize() * scale;
                return t == 0 || t % size != 0 ? lr : lr * st.config().gamma();
            }
            CosineAnnealingLr c = (CosineAnnealingLr) s;
            double tMax = c.config().tMax() != null ? c.config().tMax() * scale : end - begin;
            double etaMin = c.config().etaMinRatio() != null ? BASE * c.config().etaMinRatio() : c.config().etaMin();
            if (t == 0) {
                return lr;
            }
            if ((t - 1 - tMax) % (2 * tMax) == 0) {
                return lr + (BASE - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            }
            return (1 + Math.cos(Math.PI * t / tMax)) / (1 + Math.cos(Math.PI * (t - 1) / tMax)) * (lr - etaMin)
                    + etaMin;
        }
    }

    /** The lr of each iteration under mmengine's runner: construct (one step each), then step iter-based ones after
     * every iteration and epoch-based ones after every epoch. */
    private static List<Double> mmengine(List<ParamScheduler> schedulers, int ipe, long maxIters) {
        List<Chained> chain = schedulers.stream().map(s -> new Chained(s, ipe, maxIters)).toList();
        double lr = BASE;
        for (Chained c : chain) {
            lr = c.step(lr);
        }
        List<Double> out = new ArrayList<>();
        for (long iter = 0; iter < maxIters; iter++) {
            out.add(lr);
            for (Chained c : chain) {
                if (!c.s.byEpoch() || c.s.convertToIterBased()) {
                    lr = c.step(lr);
                }
            }
            if ((iter + 1) % ipe == 0) {
                for (Chained c : chain) {
                    if (c.s.byEpoch() && !c.s.convertToIterBased()) {
                        lr = c.step(lr);
                    }
                }
            }
        }
        return out;
    }

    private static void assertMatchesMmengine(List<ParamScheduler> schedulers, int ipe, long maxIters) {
        LrSchedule schedule = new LrSchedule(schedulers, ipe, maxIters);
        List<Double> expected = mmengine(schedulers, ipe, maxIters);
        for (int i = 0; i < maxIters; i++) {
            assertEquals(expected.get(i), schedule.lr(BASE, i), 1e-12 + 1e-9 * expected.get(i), "iteration " + i);
        }
    }

    // ---- recipes --------------------------------------------------------------------------------------------------

    @Test
    void warmupThenCosineByHand() {
        // imagenet_bs1024_adamw_swin-like: LinearLR(start 0.1, 5 epochs, per iteration) + cosine over epochs [5, 100)
        List<ParamScheduler> s = List.of(
                linear("start_factor = 0.1, begin = 0, end = 5, convert_to_iter_based = true"),
                cosine("eta_min = 1e-5, begin = 5, end = 100"));
        LrSchedule schedule = new LrSchedule(s, 10, 1000);
        // warm-up over 5 * 10 = 50 iterations: factor 0.1 + 0.9 * i / 49
        assertEquals(0.1 * BASE, schedule.lr(BASE, 0), 1e-15);
        assertEquals((0.1 + 0.9 * 20 / 49) * BASE, schedule.lr(BASE, 20), 1e-15);
        assertEquals(BASE, schedule.lr(BASE, 49), 1e-15);
        // epoch 5 (iterations 50..59): cosine at t = 0 leaves the base value
        assertEquals(BASE, schedule.lr(BASE, 50), 1e-15);
        assertEquals(BASE, schedule.lr(BASE, 59), 1e-15);
        // epoch 6: eta_min + (base - eta_min) * (1 + cos(pi / 95)) / 2
        assertEquals(1e-5 + (BASE - 1e-5) * (1 + Math.cos(Math.PI / 95)) / 2, schedule.lr(BASE, 60), 1e-15);
        // mid-way, epoch 52.5 can't happen; epoch 52: t = 47
        assertEquals(1e-5 + (BASE - 1e-5) * (1 + Math.cos(Math.PI * 47 / 95)) / 2, schedule.lr(BASE, 525), 1e-15);
        // last epoch 99: t = 94, not yet eta_min
        assertEquals(1e-5 + (BASE - 1e-5) * (1 + Math.cos(Math.PI * 94 / 95)) / 2, schedule.lr(BASE, 999), 1e-15);
        assertMatchesMmengine(s, 10, 1000);
    }

    @Test
    void warmupWithEndFactorAndOpenCosineMatchMmengine() {
        assertMatchesMmengine(List.of(
                linear("start_factor = 0.001, end_factor = 0.5, end = 3, convert_to_iter_based = true"),
                cosine("eta_min_ratio = 0.01, begin = 3")), 7, 70);
        assertMatchesMmengine(List.of(
                linear("start_factor = 0.25, end = 4, by_epoch = false"),
                cosine("T_max = 30, eta_min = 0.001, begin = 4, by_epoch = false")), 5, 60);
    }

    @Test
    void multiStepByHand() {
        // imagenet_bs256 / cifar10_bs128: milestones [100, 150] over 200 epochs
        List<ParamScheduler> s = List.of(multiStep("milestones = [100, 150]"));
        LrSchedule schedule = new LrSchedule(s, 3, 600);
        assertEquals(BASE, schedule.lr(BASE, 299), 1e-15);
        assertEquals(0.1 * BASE, schedule.lr(BASE, 300), 1e-15);
        assertEquals(0.1 * BASE, schedule.lr(BASE, 449), 1e-15);
        assertEquals(0.01 * BASE, schedule.lr(BASE, 450), 1e-15);
        assertEquals(0.01 * BASE, schedule.lr(BASE, 599), 1e-15);
        assertMatchesMmengine(s, 3, 600);
    }

    @Test
    void multiStepMilestonesCountFromBeginAndConvert() {
        // milestones are relative to begin: begin 2 + milestone 1 decays at epoch 3
        LrSchedule schedule = new LrSchedule(List.of(multiStep("milestones = [1], begin = 2")), 4, 40);
        assertEquals(BASE, schedule.lr(BASE, 11), 1e-15);
        assertEquals(0.1 * BASE, schedule.lr(BASE, 12), 1e-15);
        // converted: milestone 1 epoch = 4 iterations
        LrSchedule converted = new LrSchedule(
                List.of(multiStep("milestones = [1, 1], gamma = 0.5, convert_to_iter_based = true")), 4, 40);
        assertEquals(BASE, converted.lr(BASE, 3), 1e-15);
        assertEquals(0.25 * BASE, converted.lr(BASE, 4), 1e-15);
        assertMatchesMmengine(List.of(multiStep("milestones = [1, 3], begin = 2, end = 7")), 4, 40);
        assertMatchesMmengine(List.of(multiStep("milestones = [2, 5, 5], convert_to_iter_based = true")), 3, 30);
    }

    @Test
    void warmupThenMultiStepMatchesMmengine() {
        assertMatchesMmengine(List.of(linear("start_factor = 0.01, end = 500, by_epoch = false"),
                multiStep("milestones = [30, 60, 90]")), 20, 2000);
    }

    @Test
    void stepLrByHand() {
        List<ParamScheduler> s = List.of(step("step_size = 2, gamma = 0.5, by_epoch = false"));
        LrSchedule schedule = new LrSchedule(s, 100, 10);
        double[] expected = {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625};
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i] * BASE, schedule.lr(BASE, i), 1e-15, "iteration " + i);
        }
        assertMatchesMmengine(s, 100, 10);
        assertMatchesMmengine(List.of(step("step_size = 3, begin = 1, end = 8, convert_to_iter_based = true")), 2, 24);
    }

    @Test
    void linearByEpochRampsOverEndMinusBeginMinusOneSteps() {
        LrSchedule schedule = new LrSchedule(List.of(linear("start_factor = 0.1, end = 5")), 2, 20);
        double[] factors = {0.1, 0.325, 0.55, 0.775, 1.0, 1.0};
        for (int e = 0; e < factors.length; e++) {
            assertEquals(factors[e] * BASE, schedule.lr(BASE, 2L * e + 1), 1e-15, "epoch " + e);
        }
    }

    @Test
    void etaMinRatioIsRelativeToTheBase() {
        List<ParamScheduler> s = List.of(cosine("eta_min_ratio = 0.01, by_epoch = false"));
        LrSchedule schedule = new LrSchedule(s, 10, 100);
        // T_max = window length = 100 iterations
        for (int i : new int[] {0, 25, 50, 99}) {
            double expected = 0.01 * BASE + (BASE - 0.01 * BASE) * (1 + Math.cos(Math.PI * i / 100)) / 2;
            assertEquals(expected, schedule.lr(BASE, i), 1e-15, "iteration " + i);
        }
        assertEquals(0.01 * 0.5 + 0.99 * 0.5 * 0.5, schedule.lr(0.5, 50), 1e-15);
        assertMatchesMmengine(s, 10, 100);
    }

    @Test
    void emptyListAndLateWindowsLeaveTheBase() {
        assertEquals(BASE, new LrSchedule(List.of(), 3, 9).lr(BASE, 8));
        LrSchedule late = new LrSchedule(List.of(multiStep("milestones = [0], begin = 50")), 3, 9);
        assertEquals(BASE, late.lr(BASE, 8));
    }

    @Test
    void configErrors() {
        assertError(() -> cosine("T_max = 0"), "T_max");
        assertError(() -> cosine("eta_min = 0.1, eta_min_ratio = 0.01"), "eta_min_ratio");
        assertError(() -> cosine("begin = 5, end = 5"), "end");
        assertError(() -> linear("by_epoch = false, convert_to_iter_based = true"), "convert_to_iter_based");
        assertError(() -> linear("start_factor = 1.5"), "start_factor");
        assertError(() -> step("step_size = 0"), "step_size");
        assertError(() -> step("gamma = 0.5"), "step_size");
        assertError(() -> multiStep("gamma = 0.5"), "milestones");
        assertError(() -> multiStep("milestones = [-1]"), "milestones");
        assertError(() -> linear("begin = -1"), "begin");
    }

    private static void assertError(Runnable r, String key) {
        ConfigException e = assertThrows(ConfigException.class, r::run);
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void factoriesDocumentEveryKeyTheyRead() {
        List<ComponentFactory<?, ParamScheduler>> factories = List.of(new LinearLrFactory(), new MultiStepLrFactory(),
                new StepLrFactory(), new CosineAnnealingLrFactory());
        for (ComponentFactory<?, ParamScheduler> f : factories) {
            ConfigView view = ConfigView.parse(f.example().config());
            assertTrue(f.create(cast(f.parseConfig(view)), null) instanceof ParamScheduler);
            assertEquals(f.parameters().stream().map(ParamDoc::name).collect(Collectors.toSet()), view.readKeys(),
                    f.typeName());
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> C cast(Object o) {
        return (C) o;
    }

    @Test
    void apiApplyTreatsOneUnitAsOneStep() {
        ParamScheduler l = linear("start_factor = 0.5, end = 3");
        assertEquals(0.5, l.apply(1, 1, 0, 3), 1e-15);
        assertEquals(0.75, l.apply(1, 1, 1, 3), 1e-15);
        assertEquals(1.0, l.apply(1, 1, 2, 3), 1e-15);
    }
}
