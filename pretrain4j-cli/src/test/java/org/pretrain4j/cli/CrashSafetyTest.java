package org.pretrain4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pretrain4j.core.checkpoint.AtomicFiles;
import org.pretrain4j.core.checkpoint.CheckpointStore;
import org.pretrain4j.core.checkpoint.SafeTensors;
import org.pretrain4j.core.config.ConfigLoader;
import org.pretrain4j.core.registry.ComponentRegistry;
import org.pretrain4j.core.runner.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a real training process with SIGKILL at random moments, 20 times, with a checkpoint written every iteration
 * so that many kills land in the middle of a write. After each kill the newest checkpoint must load; {@code --resume}
 * then carries on, and the finished run must end with the weights and metrics of a run never killed.
 */
final class CrashSafetyTest {
    private static final Logger LOG = LoggerFactory.getLogger(CrashSafetyTest.class);
    private static final Path CONFIG = Path.of("../configs/fashion_mnist/quickstart.conf");
    private static final int KILLS = 20;
    private static final int MAX_ITERS = 120;
    private static final List<String> TINY = List.of(
            "data_root=../data/fashion-mnist-subset",
            "model.backbone.base_channels=4",
            "model.head.in_channels=32",
            "train_dataloader.batch_size=16",
            "train_dataloader.num_workers=0",
            "val_dataloader.num_workers=0",
            "train_cfg={by_epoch=false, max_iters=" + MAX_ITERS + ", val_interval=60, _delete_=true}",
            "param_scheduler=[{type=MultiStepLR, by_epoch=false, milestones=[90], gamma=0.1}]",
            "default_hooks.checkpoint={interval=1, by_epoch=false, max_keep_ckpts=3, save_best=null}",
            "default_hooks.logger.interval=40");

    @Test
    void randomKillsNeverCorruptACheckpointAndResumeEndsAsAnUnkilledRun(@TempDir Path tmp) throws Exception {
        Path straight = tmp.resolve("straight");
        try (Trainer trainer = new Trainer(new ConfigLoader().load(CONFIG, TINY), ComponentRegistry.ofClasspath(),
                straight, null)) {
            trainer.train();
        }

        Path killed = tmp.resolve("killed");
        SplittableRandom random = new SplittableRandom(42);
        int kills = 0;
        int midWrite = 0;
        while (kills < KILLS) {
            Process child = start(killed, Files.exists(killed.resolve(CheckpointStore.LAST_CHECKPOINT)));
            String before = lastCheckpoint(killed);
            // Wait for at least one new checkpoint, so every life makes progress, then kill at a random moment.
            while (child.isAlive() && lastCheckpoint(killed).equals(before)) {
                Thread.sleep(5);
            }
            if (!child.isAlive()) {
                break; // finished before it could be killed: the run is shorter than the test assumed
            }
            if (kills % 2 == 0) {
                Thread.sleep(random.nextInt(120));
            } else {
                // Aim at a write: kill as soon as a checkpoint temp file shows up.
                while (child.isAlive() && !hasTempFiles(killed)) {
                    Thread.onSpinWait();
                }
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child did not exit");
            kills++;
            if (hasTempFiles(killed)) {
                midWrite++;
            }
            assertNewestCheckpointLoads(killed);
        }
        LOG.info("{} kills, {} of them left a checkpoint write unfinished", kills, midWrite);
        assertEquals(KILLS, kills, "the run ended before " + KILLS + " kills; make it longer");

        Process last = start(killed, true);
        String out = new String(last.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "resumed run hung");
        assertEquals(0, last.exitValue(), out);

        assertEquals(lastVal(straight), lastVal(killed));
        Map<String, float[]> a = weights(straight.resolve("iter_" + MAX_ITERS + ".safetensors"));
        Map<String, float[]> b = weights(killed.resolve("iter_" + MAX_ITERS + ".safetensors"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), 1e-6f, k));
    }

    private static Process start(Path workDir, boolean resume) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", CONFIG.toString(),
                "--work-dir", workDir.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        for (String o : TINY) {
            cmd.add("--set");
            cmd.add(o);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(workDir.resolveSibling(workDir.getFileName() + ".out").toFile()).start();
    }

    private static String lastCheckpoint(Path workDir) throws IOException {
        Path file = workDir.resolve(CheckpointStore.LAST_CHECKPOINT);
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.nio.file.NoSuchFileException e) {
            return ""; // replaced between the check and the read
        }
    }

    private static boolean hasTempFiles(Path workDir) throws IOException {
        try (Stream<Path> files = Files.list(workDir)) {
            return files.anyMatch(f -> f.getFileName().toString().contains(AtomicFiles.TEMP_MARKER));
        }
    }

    private static void assertNewestCheckpointLoads(Path workDir) {
        Optional<Path> latest = new CheckpointStore(workDir).latest();
        assertTrue(latest.isPresent(), "a checkpoint exists after the kill");
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(SafeTensors.read(latest.get(), m).tensors().size() > 0);
            SafeTensors.read(CheckpointStore.resumeFileFor(latest.get()), m);
        }
    }

    private static String lastVal(Path workDir) throws IOException {
        return Files.readAllLines(workDir.resolve("metrics.jsonl")).stream()
                .filter(r -> r.contains("\"mode\": \"val\"")).reduce((x, y) -> y).orElseThrow();
    }

    private static Map<String, float[]> weights(Path file) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, float[]> out = new LinkedHashMap<>();
            SafeTensors.read(file, m).tensors().forEach((k, v) -> out.put(k, v.toFloatArray()));
            return out;
        }
    }
}
