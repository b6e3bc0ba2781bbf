package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pretrain4j.api.CheckpointException;

/**
 * The checkpoints of one work directory, named as mmengine names them: {@code epoch_3.safetensors} or
 * {@code iter_500.safetensors} (weights), {@code epoch_3.resume.safetensors} (resume state),
 * {@code best_accuracy_top1_epoch_3.safetensors} (best weights) and a {@code last_checkpoint} text file holding the
 * latest weights file's name.
 *
 * <p>Crash safety: {@link #save} writes the resume file, then the weights file, then {@code last_checkpoint}, each
 * atomically; so whenever the process dies, {@code last_checkpoint} names a complete pair (or the previous one), and
 * a weights file never exists without its resume state having been written first. A "complete pair" below is a
 * weights file whose resume file exists and whose headers both validate.
 *
 * <p>Not thread-safe: one trainer owns a work directory.
 */
public final class CheckpointStore {
    /** The file mmengine's CheckpointHook keeps the latest checkpoint's name in. */
    public static final String LAST_CHECKPOINT = "last_checkpoint";
    /** The extension of every checkpoint file. */
    public static final String EXTENSION = ".safetensors";
    /** What a resume file's name ends with. */
    public static final String RESUME_SUFFIX = ".resume" + EXTENSION;
    /** What best-checkpoint file names start with; such files are never pruned. */
    public static final String BEST_PREFIX = "best_";

    private static final Pattern NUMBERED = Pattern.compile("(?:epoch|iter)_(\\d{1,18})");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.+-]+");
    private static final String BEST_METRIC_KEY = "best_metric";
    private static final String BEST_SCORE_KEY = "best_score";

    private final Path workDir;

    /**
     * Opens the store of a work directory (created on the first save).
     *
     * @param workDir the run's work directory
     */
    public CheckpointStore(Path workDir) {
        this.workDir = requireNonNull(workDir, "workDir is null");
    }

    /**
     * The work directory.
     *
     * @return the directory the checkpoints live in
     */
    public Path workDir() {
        return workDir;
    }

    /**
     * The weights file of a checkpoint name.
     *
     * @param name e.g. {@code epoch_3}
     * @return {@code <workDir>/epoch_3.safetensors}
     */
    public Path weightsFile(String name) {
        return workDir.resolve(checkName(name) + EXTENSION);
    }

    /**
     * The resume file of a checkpoint name.
     *
     * @param name e.g. {@code epoch_3}
     * @return {@code <workDir>/epoch_3.resume.safetensors}
     */
    public Path resumeFile(String name) {
        return workDir.resolve(checkName(name) + RESUME_SUFFIX);
    }

    /**
     * The resume file that belongs beside a weights file.
     *
     * @param weights e.g. {@code work/epoch_3.safetensors}
     * @return {@code work/epoch_3.resume.safetensors}
     * @throws CheckpointException if the name does not end with {@code .safetensors} or is itself a resume file
     */
    public static Path resumeFileFor(Path weights) {
        String n = requireNonNull(weights, "weights is null").getFileName().toString();
        if (!n.endsWith(EXTENSION) || n.endsWith(RESUME_SUFFIX)) {
            throw new CheckpointException(weights + " is not a weights file (expected a name ending in " + EXTENSION
                    + ", not " + RESUME_SUFFIX + ")");
        }
        return weights.resolveSibling(n.substring(0, n.length() - EXTENSION.length()) + RESUME_SUFFIX);
    }

    /**
     * Saves a checkpoint: resume state, then weights, then {@code last_checkpoint}, each atomically. Temp files left
     * by an earlier killed save are removed first.
     *
     * @param name the checkpoint name, e.g. {@code epoch_3} or {@code iter_500}
     * @param model the model
     * @param optimizerState the optimizer state
     * @param weightsMeta metadata of the weights file (config, classes, versions, ...)
     * @param resumeMeta the resume strings (epoch, iteration, seed, ...)
     * @return the weights file
     * @throws CheckpointException if a file cannot be written; earlier checkpoints are then intact
     */
    public Path save(String name, Block model, Map<String, NDArray> optimizerState, Map<String, String> weightsMeta,
            Map<String, String> resumeMeta) {
        Path weights = weightsFile(name);
        if (name.startsWith(BEST_PREFIX)) {
            throw new IllegalArgumentException("checkpoint names starting with '" + BEST_PREFIX
                    + "' are reserved for best checkpoints: " + name);
        }
        try {
            Files.createDirectories(workDir);
            AtomicFiles.deleteStaleTemps(workDir);
        } catch (IOException e) {
            throw new CheckpointException("cannot prepare work directory " + workDir + ": " + e.getMessage(), e);
        }
        Checkpoints.saveResume(resumeFile(name), optimizerState, resumeMeta);
        Checkpoints.saveWeights(weights, model, weightsMeta);
        try {
            AtomicFiles.writeString(workDir.resolve(LAST_CHECKPOINT), weights.getFileName().toString());
        } catch (IOException e) {
            throw new CheckpointException("cannot update " + workDir.resolve(LAST_CHECKPOINT) + ": "
                    + e.getMessage(), e);
        }
        return weights;
    }

    /**
     * The latest complete checkpoint: the one {@code last_checkpoint} names, or, if that file is missing or names
     * an incomplete pair, the newest complete pair (highest {@code epoch_N}/{@code iter_N}, then newest
     * modification time). Best checkpoints and temp files are never candidates.
     *
     * @return the weights file, or empty if the directory holds no complete checkpoint
     */
    public Optional<Path> latest() {
        Optional<Path> named = lastCheckpointTarget();
        if (named.isPresent() && isCompletePair(named.get())) {
            return named;
        }
        List<Path> pairs = completePairs();
        return pairs.isEmpty() ? Optional.empty() : Optional.of(pairs.get(pairs.size() - 1));
    }

    /**
     * Keeps the newest {@code maxKeep} complete checkpoints and deletes older ones (weights first, so a pair stops
     * being complete before its resume file goes), as mmengine's {@code max_keep_ckpts}. Never deletes the checkpoint
     * {@code last_checkpoint} names or any best checkpoint. Resume files whose weights never got written (a save
     * killed in between) are deleted too.
     *
     * @param maxKeep how many to keep; zero or less keeps all
     * @return the weights files deleted
     * @throws CheckpointException if a file cannot be deleted
     */
    public List<Path> prune(int maxKeep) {
        List<Path> deleted = new ArrayList<>();
        if (maxKeep <= 0) {
            return deleted;
        }
        Optional<Path> protectedFile = lastCheckpointTarget().map(p -> p.toAbsolutePath().normalize());
        List<Path> pairs = completePairs();
        try {
            // The newest maxKeep stay; of the older ones, only the one last_checkpoint names survives.
            for (Path w : pairs.subList(0, Math.max(0, pairs.size() - maxKeep))) {
                if (protectedFile.isPresent() && protectedFile.get().equals(w.toAbsolutePath().normalize())) {
                    continue;
                }
                Files.deleteIfExists(w);
                Files.deleteIfExists(resumeFileFor(w));
                deleted.add(w);
            }
            for (Path f : list()) {
                String n = f.getFileName().toString();
                if (n.endsWith(RESUME_SUFFIX)) {
                    Path w = f.resolveSibling(n.substring(0, n.length() - RESUME_SUFFIX.length()) + EXTENSION);
                    if (!Files.exists(w)) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot prune checkpoints in " + workDir + ": " + e.getMessage(), e);
        }
        return deleted;
    }

    /**
     * Keeps the best checkpoint of a metric: if {@code value} beats the score stored with the current best file (or
     * there is none), copies {@code <sourceName>.safetensors} to {@code best_<metric>_<sourceName>.safetensors}
     * (metric {@code /} replaced by {@code _}, as mmengine names {@code best_accuracy_top1_epoch_3.pth}) with the
     * metric and score added to its metadata, then deletes the previous best of that metric. Equal scores do not
     * count as better, as in mmengine.
     *
     * @param metricName e.g. {@code accuracy/top1}
     * @param value the new score
     * @param greater true if higher is better
     * @param sourceName the checkpoint name just saved, e.g. {@code epoch_3}
     * @return whether the score improved (and the best file was replaced)
     * @throws CheckpointException if the source checkpoint is missing or a file cannot be written
     */
    public boolean saveBest(String metricName, double value, boolean greater, String sourceName) {
        requireNonNull(metricName, "metricName is null");
        if (Double.isNaN(value)) {
            return false;
        }
        String prefix = BEST_PREFIX + metricName.replace('/', '_') + "_";
        Path source = weightsFile(sourceName);
        Path target = workDir.resolve(prefix + sourceName + EXTENSION);
        List<Path> previous = bestFiles(prefix);
        Double bestSoFar = null;
        for (Path p : previous) {
            Double s = bestScore(p, metricName);
            if (s != null && (bestSoFar == null || (greater ? s > bestSoFar : s < bestSoFar))) {
                bestSoFar = s;
            }
        }
        if (bestSoFar != null && !(greater ? value > bestSoFar : value < bestSoFar)) {
            return false;
        }
        if (!Files.isRegularFile(source)) {
            throw new CheckpointException("cannot keep the best checkpoint: " + source + " does not exist");
        }
        Map<String, String> meta = new LinkedHashMap<>(SafeTensors.readMetadata(source));
        meta.put(BEST_METRIC_KEY, metricName);
        meta.put(BEST_SCORE_KEY, Double.toString(value));
        SafeTensors.copyWithMetadata(source, target, meta);
        try {
            for (Path p : previous) {
                if (!p.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot delete the previous best checkpoint in " + workDir + ": "
                    + e.getMessage(), e);
        }
        return true;
    }

    /**
     * The current best checkpoint of a metric.
     *
     * @param metricName e.g. {@code accuracy/top1}
     * @return its file, or empty
     */
    public Optional<Path> best(String metricName) {
        List<Path> files = bestFiles(BEST_PREFIX + metricName.replace('/', '_') + "_");
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
    }

    // ---------------------------------------------------------------------------------------------- internals

    private List<Path> bestFiles(String prefix) {
        List<Path> out = new ArrayList<>();
        for (Path f : list()) {
            String n = f.getFileName().toString();
            if (n.startsWith(prefix) && n.endsWith(EXTENSION) && !n.endsWith(RESUME_SUFFIX)) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(CheckpointStore::modified).thenComparing(Path::toString));
        return out;
    }

    /** The score stored in a best file; a best file from another run or a damaged one counts as no score. */
    private static Double bestScore(Path file, String metricName) {
        try {
            Map<String, String> meta = SafeTensors.readMetadata(file);
            if (!metricName.equals(meta.get(BEST_METRIC_KEY))) {
                return null;
            }
            return Double.valueOf(meta.get(BEST_SCORE_KEY));
        } catch (CheckpointException | NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    /** The file {@code last_checkpoint} names, by file name, inside the work dir (mmengine writes a full path). */
    private Optional<Path> lastCheckpointTarget() {
        Path last = workDir.resolve(LAST_CHECKPOINT);
        if (!Files.isRegularFile(last)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(last, StandardCharsets.UTF_8).trim();
            if (text.isEmpty()) {
                return Optional.empty();
            }
            // Only the file name counts (mmengine writes an absolute path): the checkpoint is looked up in this work
            // dir, which also survives moving the directory and never follows a path out of it.
            Path name = Path.of(text).getFileName();
            return name == null ? Optional.empty() : Optional.of(workDir.resolve(name));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Regular (non-best) complete pairs, oldest first. */
    private List<Path> completePairs() {
        List<Path> out = new ArrayList<>();
        for (Path f : list()) {
            String n = f.getFileName().toString();
            if (n.endsWith(EXTENSION) && !n.endsWith(RESUME_SUFFIX) && !n.startsWith(BEST_PREFIX)
                    && isCompletePair(f)) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparingLong(CheckpointStore::number).thenComparing(CheckpointStore::modified)
                .thenComparing(Path::toString));
        return out;
    }

    private static boolean isCompletePair(Path weights) {
        if (!Files.isRegularFile(weights)) {
            return false;
        }
        try {
            Path resume = resumeFileFor(weights);
            if (!Files.isRegularFile(resume)) {
                return false;
            }
            SafeTensors.readHeader(weights);
            SafeTensors.readHeader(resume);
            return true;
        } catch (CheckpointException e) {
            return false;
        }
    }

    /** The N of {@code epoch_N}/{@code iter_N}, or -1 so other names sort first and fall back to time. */
    private static long number(Path weights) {
        String n = weights.getFileName().toString();
        Matcher m = NUMBERED.matcher(n.substring(0, n.length() - EXTENSION.length()));
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(workDir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(workDir)) {
            for (Path f : files) {
                if (!AtomicFiles.isTempFile(f) && Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot list checkpoints in " + workDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String checkName(String name) {
        requireNonNull(name, "name is null");
        if (!SAFE_NAME.matcher(name).matches() || name.equals(LAST_CHECKPOINT)
                || name.toLowerCase(Locale.ROOT).endsWith(".resume")) {
            throw new IllegalArgumentException("bad checkpoint name '" + name
                    + "': use letters, digits, '_', '.', '+' or '-', as in epoch_3 or iter_500");
        }
        return name;
    }
}
