package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.api.model.CheckpointAdapter;
import org.pretrain4j.api.train.Optimizer;
import org.pretrain4j.core.inspect.ModuleTree;

/**
 * Model weights and resume state as safetensors files.
 *
 * <p>Weights are stored under PyTorch's state-dict keys ({@code backbone.layer1.0.conv1.weight},
 * {@code backbone.bn1.running_mean}, {@code head.fc.weight}, from {@link ModuleTree#torchParameters}), so
 * {@code model.load_state_dict(safetensors.torch.load_file(path))} works in Python. PyTorch's BatchNorm fills in
 * {@code num_batches_tracked} itself when a plain dict lacks it, so it is not written; when a file from Python has
 * it, it is ignored, as DJL has no such counter.
 *
 * <p>The resume state (optimizer state plus strings: epoch, iteration, seed, best score, ...) is a separate file,
 * {@code <name>.resume.safetensors}, so the weights file stays a plain, portable state dict.
 */
public final class Checkpoints {
    /** The {@code format} metadata value of weights files written here. */
    public static final String WEIGHTS_FORMAT = "pretrain4j";
    /** The {@code format} metadata value of resume files written here. */
    public static final String RESUME_FORMAT = "pretrain4j-resume";
    /** The metadata key holding the format. */
    public static final String FORMAT_KEY = "format";

    private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";
    /** How many names of each kind a strict-load error lists before giving a count. */
    private static final int LIST_LIMIT = 20;

    private Checkpoints() {}

    /**
     * How {@link #loadWeights} matches a file's keys to the model's.
     *
     * @param isStrict whether a missing or unexpected key is an error (nothing is loaded then)
     * @param allowShapeMismatch whether a key whose shape differs (and that no {@link CheckpointAdapter} adapts) is
     *     skipped and reported rather than an error
     * @param prefixes file-key prefix to model-key prefix: a file key is used only when it starts with one of the
     *     file prefixes (the longest that matches), which is replaced by its model prefix; the other file keys are
     *     ignored. {@code "" -> ""} (the default) uses every key as it is; {@code "backbone." -> ""} loads a
     *     classifier checkpoint's backbone into a bare backbone, as mmpretrain's {@code prefix}; {@code "" ->
     *     "backbone."} loads a bare backbone's weights into a classifier
     */
    public record LoadOptions(boolean isStrict, boolean allowShapeMismatch, Map<String, String> prefixes) {
        /**
         * Validates the fields.
         *
         * @param isStrict whether missing and unexpected keys are errors
         * @param allowShapeMismatch whether shape mismatches are skipped instead of failing
         * @param prefixes file-key prefix to model-key prefix, at least one
         */
        public LoadOptions {
            requireNonNull(prefixes, "prefixes is null");
            if (prefixes.isEmpty()) {
                throw new IllegalArgumentException("prefixes is empty; use \"\" -> \"\" to load every key as it is");
            }
            prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes));
        }

        /**
         * Strict loading without prefixes: the default, for resuming, testing and inference.
         *
         * @return the options
         */
        public static LoadOptions strict() {
            return new LoadOptions(true, false, Map.of("", ""));
        }

        /**
         * Non-strict loading without prefixes: loads what matches and reports missing and unexpected keys; shape
         * mismatches are still errors.
         *
         * @return the options
         */
        public static LoadOptions nonStrict() {
            return new LoadOptions(false, false, Map.of("", ""));
        }

        /**
         * A copy that uses only the file keys starting with a prefix, with it removed; it replaces any other prefix
         * handling.
         *
         * @param prefix e.g. {@code "backbone."}
         * @return the new options
         */
        public LoadOptions withStripPrefix(String prefix) {
            return withPrefixes(Map.of(prefix, ""));
        }

        /**
         * A copy that prepends a prefix to every file key; it replaces any other prefix handling.
         *
         * @param prefix e.g. {@code "backbone."}
         * @return the new options
         */
        public LoadOptions withAddPrefix(String prefix) {
            return withPrefixes(Map.of("", prefix));
        }

        /**
         * A copy with other prefix renames, e.g. a classifier's {@code backbone.} and {@code neck.} onto the parts
         * of a retriever's {@code image_encoder.} in one load, so that strictness covers them together.
         *
         * @param renames file-key prefix to model-key prefix, in the order messages list them
         * @return the new options
         */
        public LoadOptions withPrefixes(Map<String, String> renames) {
            return new LoadOptions(isStrict, allowShapeMismatch, renames);
        }

        /**
         * A copy that skips shape-mismatched keys instead of failing (or fails again).
         *
         * @param allow whether to allow mismatches
         * @return the new options
         */
        public LoadOptions withAllowShapeMismatch(boolean allow) {
            return new LoadOptions(isStrict, allow, prefixes);
        }

        /** The model key for a file key, or null when no prefix matches it. */
        private String modelKey(String fileKey) {
            String from = null;
            for (String p : prefixes.keySet()) {
                if (fileKey.startsWith(p) && (from == null || p.length() > from.length())) {
                    from = p;
                }
            }
            return from == null ? null : prefixes.get(from) + fileKey.substring(from.length());
        }
    }

    /**
     * What a load matched, as PyTorch's {@code load_state_dict} reports it.
     *
     * @param loaded the model keys whose values were loaded (adapted ones included)
     * @param missing model keys the file lacks
     * @param unexpected file keys (after prefix handling) the model lacks
     * @param shapeMismatched {@code key: checkpoint (a, b) vs model (c, d)} for keys both have with different shapes
     *     that were not loaded
     * @param adapted {@code key: checkpoint (a, b) -> model (c, d)} for keys a {@link CheckpointAdapter} reshaped
     * @param notes what reading the file did beyond taking tensors as they are (see {@link WeightFile#notes})
     */
    public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
            List<String> shapeMismatched, List<String> adapted, List<String> notes) {
        /**
         * Copies the lists.
         *
         * @param loaded loaded keys
         * @param missing missing keys
         * @param unexpected unexpected keys
         * @param shapeMismatched mismatch descriptions
         * @param adapted adaptation descriptions
         * @param notes reading notes
         */
        public LoadReport {
            loaded = List.copyOf(loaded);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
            shapeMismatched = List.copyOf(shapeMismatched);
            adapted = List.copyOf(adapted);
            notes = List.copyOf(notes);
        }

        /**
         * Whether file and model matched exactly.
         *
         * @return true when all three problem lists are empty
         */
        public boolean isExact() {
            return missing.isEmpty() && unexpected.isEmpty() && shapeMismatched.isEmpty();
        }

        /**
         * A short multi-line summary for logs: the count loaded and the (truncated) lists of problems.
         *
         * @param source what was loaded, e.g. the file and the config key that named it
         * @return the summary
         */
        public String summary(String source) {
            StringBuilder sb = new StringBuilder("loaded ").append(loaded.size()).append(" tensors from ")
                    .append(source);
            notes.forEach(n -> sb.append("\n  note: ").append(n));
            appendList(sb, "adapted by their component", adapted);
            appendList(sb, "missing keys (in the model, not in the checkpoint; left as initialised)", missing);
            appendList(sb, "unexpected keys (in the checkpoint, not in the model; ignored)", unexpected);
            appendList(sb, "shape-mismatched keys (left as initialised)", shapeMismatched);
            return sb.toString();
        }
    }

    /**
     * A resume file's content.
     *
     * @param optimizerState the optimizer state arrays by name, owned by the caller's manager
     * @param state the strings the runner saved (epoch, iteration, seed, ...), without the format marker
     */
    public record ResumeState(Map<String, NDArray> optimizerState, Map<String, String> state) {}

    /**
     * What {@link #resume} restored.
     *
     * @param epoch the epoch saved in the resume state
     * @param iteration the iteration saved in the resume state
     * @param best the best score so far, or null if none was saved
     * @param state every string of the resume state
     */
    public record Resumed(int epoch, long iteration, Double best, Map<String, String> state) {}

    // ---------------------------------------------------------------------------------------------- weights

    /**
     * Saves every parameter of a model (BatchNorm running statistics included) under its PyTorch key, atomically.
     * Metadata gets {@code format = pretrain4j} plus the caller's entries (resolved config, class names, epoch,
     * versions, ...).
     *
     * @param file the weights file
     * @param model an initialised model
     * @param metadata extra metadata; must not contain {@code format}
     * @throws IllegalStateException if a parameter is not initialised
     * @throws IllegalArgumentException if {@code metadata} contains {@code format}
     * @throws CheckpointException if the file cannot be written (an existing file is then unchanged)
     */
    public static void saveWeights(Path file, Block model, Map<String, String> metadata) {
        requireNonNull(model, "model is null");
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        ModuleTree.torchParameters(model).forEach((key, p) -> tensors.put(key, arrayOf(key, p)));
        SafeTensors.write(file, tensors, withFormat(metadata, WEIGHTS_FORMAT));
    }

    /**
     * Loads weights into an initialised model, copying values into its existing parameter arrays so that parameter
     * identity (and anything holding the arrays, such as an optimizer) is kept. The file may be in any format
     * {@link WeightFile} reads. Values are converted to each parameter's data type (e.g. F16 or BF16 files into an
     * F32 model).
     *
     * <p>A key whose shape differs from its parameter's is offered to the nearest enclosing block that implements
     * {@link CheckpointAdapter} (e.g. a ViT resizing its position embedding) before it counts as a mismatch.
     * Mismatches fail unless {@link LoadOptions#allowShapeMismatch}; missing and unexpected keys fail in strict mode
     * and are reported otherwise. Every check, and reading the whole file, happens before the first parameter
     * changes, so a failure never leaves a half-loaded model.
     *
     * @param file the weights file
     * @param model an initialised model
     * @param options strictness and prefixes
     * @return what matched
     * @throws CheckpointException naming the file: unreadable, malformed, or not matching, listing the missing,
     *     unexpected and shape-mismatched keys
     */
    public static LoadReport loadWeights(Path file, Block model, LoadOptions options) {
        requireNonNull(model, "model is null");
        requireNonNull(options, "options is null");
        try (WeightFile weights = WeightFile.open(file)) {
            return loadWeights(weights, model, options);
        }
    }

    private static LoadReport loadWeights(WeightFile weights, Block model, LoadOptions options) {
        Path file = weights.path();
        Map<String, WeightFile.Entry> entries = weights.tensors();
        Map<String, Parameter> params = ModuleTree.torchParameters(model);
        Map<String, CheckpointAdapter> adapters = adapters(model);

        // File key -> model key, after prefix handling.
        Map<String, String> fileToModel = new LinkedHashMap<>();
        for (String key : entries.keySet()) {
            String modelKey = options.modelKey(key);
            if (modelKey != null) {
                fileToModel.put(key, modelKey);
            }
        }
        if (fileToModel.isEmpty() && !entries.isEmpty()) {
            throw new CheckpointException("no key of " + file + " starts with " + options.prefixes().keySet()
                    .stream().map(p -> "'" + p + "'").collect(Collectors.joining(" or ")) + " (its keys start "
                    + entries.keySet().stream().limit(3).toList() + ")");
        }
        Map<String, String> modelToFile = new LinkedHashMap<>();
        Map<String, String> toAdapt = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        fileToModel.forEach((fileKey, modelKey) -> {
            Parameter p = params.get(modelKey);
            if (p == null) {
                if (!isNumBatchesTracked(modelKey)) {
                    unexpected.add(modelKey);
                }
                return;
            }
            Shape fileShape = entries.get(fileKey).shape();
            Shape modelShape = arrayOf(modelKey, p).getShape();
            if (fileShape.equals(modelShape)) {
                modelToFile.put(modelKey, fileKey);
            } else if (adapterFor(adapters, modelKey) != null) {
                toAdapt.put(modelKey, fileKey);
            } else {
                mismatched.add(mismatch(modelKey, fileShape, modelShape));
            }
        });
        List<String> missing = new ArrayList<>();
        for (String key : params.keySet()) {
            if (!modelToFile.containsKey(key) && !fileToModel.containsValue(key)) {
                missing.add(key);
            }
        }
        checkFits(file, options, missing, unexpected, mismatched);
        if (modelToFile.isEmpty() && toAdapt.isEmpty()) {
            return new LoadReport(List.of(), missing, unexpected, mismatched, List.of(), weights.notes());
        }

        String firstKey = params.keySet().iterator().next();
        NDArray first = arrayOf(firstKey, params.get(firstKey));
        // Read everything before touching the model, so a damaged file cannot leave it half loaded.
        try (NDManager scratch = first.getManager().newSubManager(Device.cpu())) {
            Set<String> wanted = new HashSet<>(modelToFile.values());
            wanted.addAll(toAdapt.values());
            Map<String, NDArray> values = new HashMap<>(weights.read(scratch, wanted::contains));
            List<String> adapted = new ArrayList<>();
            toAdapt.forEach((modelKey, fileKey) -> {
                NDArray loaded = values.get(fileKey);
                Shape expected = arrayOf(modelKey, params.get(modelKey)).getShape();
                NDArray result = adapt(adapters, modelKey, loaded, expected);
                if (result == null) {
                    mismatched.add(mismatch(modelKey, loaded.getShape(), expected));
                } else {
                    adapted.add(modelKey + ": checkpoint " + loaded.getShape() + " -> model " + expected);
                    values.put(fileKey, result);
                    modelToFile.put(modelKey, fileKey);
                }
            });
            checkFits(file, options, missing, unexpected, mismatched);
            modelToFile.forEach((modelKey, fileKey) -> {
                NDArray dst = arrayOf(modelKey, params.get(modelKey));
                NDArray src = values.get(fileKey);
                if (src.getDataType() != dst.getDataType()) {
                    src = src.toType(dst.getDataType(), false);
                }
                // toByteBuffer() copies, and set() keeps the array object: identity and requires_grad survive.
                dst.set(src.toByteBuffer());
            });
            return new LoadReport(new ArrayList<>(modelToFile.keySet()), missing, unexpected, mismatched, adapted,
                    weights.notes());
        }
    }

    private static void checkFits(Path file, LoadOptions options, List<String> missing, List<String> unexpected,
            List<String> mismatched) {
        boolean strictFails = options.isStrict() && (!missing.isEmpty() || !unexpected.isEmpty());
        boolean shapeFails = !options.allowShapeMismatch() && !mismatched.isEmpty();
        if (!strictFails && !shapeFails) {
            return;
        }
        StringBuilder sb = new StringBuilder("checkpoint ").append(file)
                .append(" does not fit the model (a different architecture or config?)");
        if (strictFails) {
            appendList(sb, "missing keys (in the model, not in the checkpoint)", missing);
            appendList(sb, "unexpected keys (in the checkpoint, not in the model)", unexpected);
        }
        appendList(sb, "shape-mismatched keys", mismatched);
        if (shapeFails) {
            sb.append("\n  (to load the rest and keep these parameters as initialised, allow shape mismatches, e.g. "
                    + "init_cfg { ..., allow_shape_mismatch = true })");
        }
        throw new CheckpointException(sb.toString());
    }

    private static String mismatch(String key, Shape file, Shape model) {
        return key + ": checkpoint " + file + " vs model " + model;
    }

    /** The blocks of a model that adapt checkpoint tensors, by dotted name ({@code ""} for the model itself). */
    private static Map<String, CheckpointAdapter> adapters(Block model) {
        Map<String, CheckpointAdapter> out = new LinkedHashMap<>();
        if (model instanceof CheckpointAdapter a) {
            out.put("", a);
        }
        ModuleTree.visit(model, (name, block) -> {
            if (block instanceof CheckpointAdapter a) {
                out.put(name, a);
            }
        });
        return out;
    }

    /** The name of the nearest enclosing adapter of a key, or null. */
    private static String adapterFor(Map<String, CheckpointAdapter> adapters, String key) {
        String best = null;
        for (String name : adapters.keySet()) {
            boolean encloses = name.isEmpty() || key.startsWith(name + ".");
            if (encloses && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return best;
    }

    private static NDArray adapt(Map<String, CheckpointAdapter> adapters, String key, NDArray loaded, Shape expected) {
        String owner = adapterFor(adapters, key);
        CheckpointAdapter adapter = adapters.get(owner);
        String relative = owner.isEmpty() ? key : key.substring(owner.length() + 1);
        NDArray result = adapter.adaptCheckpointTensor(relative, loaded, expected);
        if (result != null && !result.getShape().equals(expected)) {
            throw new IllegalStateException(adapter.getClass().getName() + " adapted '" + relative + "' to "
                    + result.getShape() + ", not the parameter's shape " + expected);
        }
        return result;
    }

    /**
     * Reads only a checkpoint's metadata (config, class names, epoch, ...).
     *
     * @param file a weights or resume file
     * @return its metadata (empty for formats other than safetensors)
     * @throws CheckpointException naming the file if it is missing or malformed
     */
    public static Map<String, String> readMetadata(Path file) {
        try (WeightFile weights = WeightFile.open(file)) {
            return weights.metadata();
        }
    }

    // ---------------------------------------------------------------------------------------------- resume

    /**
     * Saves the resume state atomically: the optimizer state arrays and the runner's strings.
     *
     * @param file the resume file
     * @param optimizerState the optimizer's state by name (see {@link Optimizer#state()})
     * @param state epoch, iteration, seed, RNG state and whatever else the runner needs; must not contain
     *     {@code format}
     * @throws CheckpointException if the file cannot be written (an existing file is then unchanged)
     */
    public static void saveResume(Path file, Map<String, NDArray> optimizerState, Map<String, String> state) {
        SafeTensors.write(file, optimizerState, withFormat(state, RESUME_FORMAT));
    }

    /**
     * Loads a resume file.
     *
     * @param file the resume file
     * @param manager the manager the optimizer state arrays are created in
     * @return the optimizer state and the strings, as saved
     * @throws CheckpointException naming the file if it is missing, malformed, or not a resume file
     */
    public static ResumeState loadResume(Path file, NDManager manager) {
        String format = SafeTensors.readMetadata(file).get(FORMAT_KEY);
        if (!RESUME_FORMAT.equals(format)) {
            throw new CheckpointException(file + " is not a pretrain4j resume file (format " + (format == null
                    ? "missing" : "'" + format + "'") + ", expected '" + RESUME_FORMAT + "')");
        }
        SafeTensors.Contents c = SafeTensors.read(file, manager);
        Map<String, String> state = new LinkedHashMap<>(c.metadata());
        state.remove(FORMAT_KEY);
        return new ResumeState(c.tensors(), Collections.unmodifiableMap(state));
    }

    /**
     * Resumes from a checkpoint: loads the weights strictly into the model and the optimizer state from the resume
     * file beside it ({@code epoch_3.safetensors} → {@code epoch_3.resume.safetensors}). Both files are read and
     * checked before the model or optimizer changes.
     *
     * @param weights the weights file
     * @param model the initialised model
     * @param optimizer the optimizer to restore
     * @param manager the manager the optimizer keeps its state in
     * @return epoch, iteration, best score and all resume strings
     * @throws CheckpointException naming the file if either file is missing, malformed or does not fit
     */
    public static Resumed resume(Path weights, Block model, Optimizer optimizer, NDManager manager) {
        requireNonNull(optimizer, "optimizer is null");
        Path resumeFile = CheckpointStore.resumeFileFor(weights);
        if (!Files.exists(resumeFile)) {
            throw new CheckpointException("cannot resume from " + weights + ": its resume state " + resumeFile
                    + " does not exist (to start a new run from these weights, use load_from)");
        }
        try (NDManager scratch = manager.newSubManager()) {
            ResumeState rs = loadResume(resumeFile, scratch);
            int epoch = (int) requiredLong(resumeFile, rs.state(), "epoch");
            long iteration = requiredLong(resumeFile, rs.state(), "iteration");
            Double best = null;
            String bestText = rs.state().get("best");
            if (bestText != null) {
                try {
                    best = Double.valueOf(bestText);
                } catch (NumberFormatException e) {
                    throw new CheckpointException(resumeFile + ": resume value 'best' = '" + bestText
                            + "' is not a number");
                }
            }
            loadWeights(weights, model, LoadOptions.strict());
            optimizer.loadState(rs.optimizerState(), manager);
            return new Resumed(epoch, iteration, best, rs.state());
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static long requiredLong(Path file, Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new CheckpointException(file + ": resume state lacks '" + key + "'");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CheckpointException(file + ": resume value '" + key + "' = '" + v + "' is not an integer");
        }
    }

    private static Map<String, String> withFormat(Map<String, String> metadata, String format) {
        requireNonNull(metadata, "metadata is null");
        if (metadata.containsKey(FORMAT_KEY)) {
            throw new IllegalArgumentException("metadata key '" + FORMAT_KEY + "' is reserved (it is set to '"
                    + format + "')");
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(FORMAT_KEY, format);
        out.putAll(metadata);
        return out;
    }

    private static NDArray arrayOf(String key, Parameter p) {
        if (!p.isInitialized()) {
            throw new IllegalStateException("parameter '" + key + "' is not initialised; initialise the model first");
        }
        return p.getArray();
    }

    private static boolean isNumBatchesTracked(String key) {
        return key.equals(NUM_BATCHES_TRACKED) || key.endsWith("." + NUM_BATCHES_TRACKED);
    }

    private static void appendList(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append("\n  ").append(items.size()).append(' ').append(title).append(':');
        for (int i = 0; i < Math.min(items.size(), LIST_LIMIT); i++) {
            sb.append("\n    ").append(items.get(i));
        }
        if (items.size() > LIST_LIMIT) {
            sb.append("\n    ... and ").append(items.size() - LIST_LIMIT).append(" more");
        }
    }
}
