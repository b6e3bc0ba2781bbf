package org.pretrain4j.core.runner;

import org.pretrain4j.api.config.ConfigView;

/**
 * The loop and hook settings of a config: mmengine's {@code train_cfg} and {@code default_hooks}.
 *
 * @param byEpoch epoch-based (true) or iteration-based loop
 * @param maxEpochs epochs to train when epoch-based
 * @param maxIters iterations to train when iteration-based
 * @param valInterval validate every this many epochs (or iterations)
 * @param valBegin first epoch (or iteration) that may validate
 * @param logInterval log every this many iterations
 * @param ckptInterval checkpoint every this many epochs (or iterations)
 * @param ckptByEpoch whether the checkpoint interval counts epochs
 * @param maxKeepCkpts checkpoints to keep, -1 for all
 * @param saveBest metric to keep the best checkpoint of, {@code auto} for the first one, or null
 * @param greater whether a larger metric is better
 * @param skipNonfinite whether a step with a non-finite loss or gradient is skipped (counted, logged) instead of
 *     stopping the run
 */
record TrainSettings(boolean byEpoch, int maxEpochs, long maxIters, int valInterval, int valBegin, int logInterval,
        int ckptInterval, boolean ckptByEpoch, int maxKeepCkpts, String saveBest, boolean greater,
        boolean skipNonfinite) {

    static TrainSettings read(ConfigView root) {
        ConfigView train = root.getView("train_cfg");
        train.getString("type", "");
        boolean byEpoch = train.getBoolean("by_epoch", true);
        int maxEpochs = byEpoch ? positive(train, "max_epochs", train.getInt("max_epochs")) : 0;
        long maxIters = byEpoch ? 0 : positive(train, "max_iters", train.getInt("max_iters"));
        int valInterval = positive(train, "val_interval", train.getInt("val_interval", byEpoch ? 1 : 1000));
        int valBegin = train.getInt("val_begin", 1);
        // Not an mmengine key: AmpOptimWrapper skips steps with non-finite gradients silently; we only do it when
        // asked, and count and log each skip.
        boolean skipNonfinite = train.getBoolean("skip_nonfinite", false);
        train.checkNoUnknownKeys();

        ConfigView hooks = root.getOptionalView("default_hooks").orElse(ConfigView.parse(""));
        int logInterval = 100;
        int ckptInterval = 1;
        boolean ckptByEpoch = byEpoch;
        int maxKeep = -1;
        String saveBest = null;
        boolean greater = true;
        for (String key : java.util.List.of("timer", "logger", "param_scheduler", "checkpoint", "sampler_seed",
                "visualization")) {
            ConfigView hook = hooks.getOptionalView(key).orElse(null);
            if (hook == null) {
                continue;
            }
            hook.getString("type", "");
            switch (key) {
                case "logger" -> {
                    logInterval = positive(hook, "interval", hook.getInt("interval", 100));
                    hook.getBoolean("log_metric_by_epoch", true);
                }
                case "checkpoint" -> {
                    ckptInterval = positive(hook, "interval", hook.getInt("interval", 1));
                    ckptByEpoch = hook.getBoolean("by_epoch", byEpoch);
                    maxKeep = hook.getInt("max_keep_ckpts", -1);
                    saveBest = hook.getString("save_best", null);
                    greater = hook.getEnum("rule", "greater", "greater", "less").equals("greater");
                    hook.getBoolean("save_last", true);
                }
                case "visualization" -> {
                    hook.getBoolean("enable", false);
                    hook.getInt("interval", 5000);
                }
                // timer, param_scheduler and sampler_seed are built into the loop; their keys carry no options.
                default -> { }
            }
            hook.checkNoUnknownKeys();
        }
        hooks.checkNoUnknownKeys();
        return new TrainSettings(byEpoch, maxEpochs, maxIters, valInterval, valBegin, logInterval, ckptInterval,
                ckptByEpoch, maxKeep, saveBest, greater, skipNonfinite);
    }

    private static int positive(ConfigView view, String key, int value) {
        if (value <= 0) {
            throw view.error(key, "expected a positive integer, got " + value);
        }
        return value;
    }
}
