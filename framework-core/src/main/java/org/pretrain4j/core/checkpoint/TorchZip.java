package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.Unpickler.Global;
import org.pretrain4j.core.checkpoint.Unpickler.Opaque;
import org.pretrain4j.core.checkpoint.Unpickler.Tuple;

/**
 * Reads the zip format {@code torch.save} has written since PyTorch 1.6: {@code <name>/data.pkl} (the pickled object,
 * storages replaced by persistent ids), {@code <name>/data/<key>} (each storage's raw bytes), {@code <name>/version}
 * and, in newer files, {@code <name>/byteorder}.
 *
 * <p>The pickle is interpreted by {@link Unpickler} under this policy:
 * <ul>
 *   <li>allowed and built: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 *       {@code torch._utils._rebuild_parameter}, and the typed storages {@code torch.<Dtype>Storage};</li>
 *   <li>allowed only outside the state dict, and never constructed: the data containers an mmengine or timm
 *       training checkpoint keeps beside its weights ({@link #INERT}: numpy arrays and scalars, mmengine's
 *       {@code HistoryBuffer}, {@code argparse.Namespace}, sets). These entries ({@code message_hub},
 *       {@code optimizer}, {@code meta}, ...) are skipped; since nothing in them is ever called, skipping them is as
 *       safe as not reading them;</li>
 *   <li>anything else refuses the whole file, naming the global and its position: a checkpoint has no reason to
 *       name {@code os.system} or {@code builtins.eval}, and Python's {@code torch.load} would call it.</li>
 * </ul>
 *
 * <p>The state dict is the top-level dict itself, or its {@code state_dict} entry (mmengine/mmpretrain checkpoints),
 * or its {@code model} entry (DeiT and timm training checkpoints). A leading {@code module.} (DataParallel) is
 * removed from keys, as mmengine's loader does.
 */
final class TorchZip {
    /** The largest {@code data.pkl} read: a state dict's pickle is a few megabytes even for billion-weight models. */
    static final long MAX_PICKLE_BYTES = 64L << 20;

    /** Globals that may appear outside the state dict; they are recorded by name and never constructed. */
    static final Set<String> INERT = Set.of(
            "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar",
            "numpy._core.multiarray._reconstruct", "numpy._core.multiarray.scalar", "numpy.ndarray", "numpy.dtype",
            "_codecs.encode", "mmengine.logging.history_buffer.HistoryBuffer", "argparse.Namespace",
            "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset",
            "copyreg._reconstructor", "copy_reg._reconstructor", "builtins.object", "__builtin__.object");

    private static final Map<String, StDtype> STORAGES = Map.of(
            "DoubleStorage", StDtype.F64, "FloatStorage", StDtype.F32, "HalfStorage", StDtype.F16,
            "BFloat16Storage", StDtype.BF16, "LongStorage", StDtype.I64, "IntStorage", StDtype.I32,
            "ShortStorage", StDtype.I16, "CharStorage", StDtype.I8, "ByteStorage", StDtype.U8,
            "BoolStorage", StDtype.BOOL);

    private static final Pattern STORAGE_KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String DATA_PARALLEL_PREFIX = "module.";

    /** Deflate cannot expand data more than about 1032 times; a larger declared size is a lie. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private TorchZip() {}

    /** What a read found: the tensors in state-dict order, and what was skipped or renamed. */
    record Contents(List<StoredTensor> tensors, List<String> notes) {}

    /** A typed storage class, e.g. {@code torch.FloatStorage}. */
    private record StorageType(StDtype dtype) {}

    /** One storage's zip entry, validated against its declared element count. */
    private record Storage(StDtype dtype, ZipEntry entry, long numel) {}

    /** A tensor: a strided view into a storage. */
    private record TensorView(Storage storage, long offset, long[] shape, long[] strides) {}

    /**
     * Reads the tensors of a {@code torch.save} zip.
     *
     * @param file the file, for messages
     * @param zip the open archive
     * @param prefix the archive's record folder (what precedes {@code /data.pkl})
     */
    static Contents read(Path file, ZipFile zip, String prefix) {
        checkByteOrder(file, zip, prefix);
        ZipEntry pkl = zip.getEntry(prefix + "/data.pkl");
        byte[] pickle;
        try (InputStream in = zip.getInputStream(pkl)) {
            checkDeclaredSize(file, pkl, 0);
            if (pkl.getSize() > MAX_PICKLE_BYTES) {
                throw invalid(file, pkl.getName() + " declares " + pkl.getSize() + " bytes, over the "
                        + MAX_PICKLE_BYTES + "-byte limit for a state dict's pickle");
            }
            pickle = in.readNBytes((int) pkl.getSize());
        } catch (IOException e) {
            throw invalid(file, "cannot read " + pkl.getName() + ": " + e.getMessage());
        }
        String source = file + " (entry " + pkl.getName() + ")";
        Object root = Unpickler.load(pickle, source, new Policy(file, zip, prefix, source));
        return extract(file, zip, root);
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) {
        ZipEntry e = zip.getEntry(prefix + "/byteorder");
        if (e == null) {
            return;
        }
        try (InputStream in = zip.getInputStream(e)) {
            String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw invalid(file, "storages are " + order + "-endian; only little-endian files are read "
                        + "(re-save it on a little-endian machine)");
            }
        } catch (IOException ex) {
            throw invalid(file, "cannot read " + e.getName() + ": " + ex.getMessage());
        }
    }

    /** The unpickling policy: which globals mean what, and how storages are found. */
    private static final class Policy implements Unpickler.Globals {
        private final Path file;
        private final ZipFile zip;
        private final String prefix;
        private final String source;
        private final Map<String, Storage> storages = new HashMap<>();

        Policy(Path file, ZipFile zip, String prefix, String source) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
            this.source = source;
        }

        @Override
        public Object resolve(Global g) {
            String name = g.qualifiedName();
            if (g.module().equals("torch") && STORAGES.containsKey(g.name())) {
                return new StorageType(STORAGES.get(g.name()));
            }
            switch (name) {
                case "collections.OrderedDict":
                    return (Unpickler.Callable) (args, pos) -> {
                        if (args.size() != 0) {
                            throw refuse("OrderedDict is only rebuilt empty (as torch.save writes it)", pos);
                        }
                        return new LinkedHashMap<>();
                    };
                case "torch._utils._rebuild_tensor_v2":
                    return (Unpickler.Callable) this::rebuildTensor;
                case "torch._utils._rebuild_parameter":
                    return (Unpickler.Callable) (args, pos) -> {
                        if (args.size() != 3 || !(args.get(0) instanceof TensorView)) {
                            throw refuse("_rebuild_parameter expects (tensor, requires_grad, hooks)", pos);
                        }
                        return args.get(0);
                    };
                default:
                    if (INERT.contains(name)) {
                        return new Opaque(g);
                    }
                    throw refuse("refuses global '" + name + "': a state dict needs only tensors, storages, "
                            + "ordered dicts, lists, tuples, strings and numbers, and Python's torch.load would call "
                            + "it. If this is a whole pickled model, save model.state_dict() instead; otherwise the "
                            + "file may be malicious: do not load it with torch.load either", g.position());
            }
        }

        /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])}. */
        private Object rebuildTensor(Tuple args, long pos) {
            if (args.size() < 6 || args.size() > 7 || !(args.get(0) instanceof Storage storage)) {
                throw refuse("_rebuild_tensor_v2 expects (storage, offset, size, stride, requires_grad, hooks"
                        + "[, metadata]), got " + args.size() + " arguments", pos);
            }
            if (!(args.get(5) instanceof Map<?, ?> hooks) || !hooks.isEmpty()) {
                throw refuse("a tensor with backward hooks is not a plain state-dict tensor", pos);
            }
            long offset = nonNegative(args.get(1), "storage offset", pos);
            long[] shape = longs(args.get(2), "size", pos);
            long[] strides = longs(args.get(3), "stride", pos);
            if (shape.length != strides.length) {
                throw refuse("size " + java.util.Arrays.toString(shape) + " and stride "
                        + java.util.Arrays.toString(strides) + " differ in rank", pos);
            }
            long span;
            try {
                long numel = 1;
                for (long d : shape) {
                    numel = Math.multiplyExact(numel, d);
                }
                Math.multiplyExact(numel, (long) storage.dtype().itemSize());
                span = TensorBytes.span(shape, strides);
                if (span > 0 && Math.addExact(offset, span) > storage.numel()) {
                    throw refuse("a tensor view of size " + java.util.Arrays.toString(shape) + ", stride "
                            + java.util.Arrays.toString(strides) + " at offset " + offset + " reaches past the end "
                            + "of its storage of " + storage.numel() + " elements", pos);
                }
                if (Math.multiplyExact(span, (long) storage.dtype().itemSize()) > TensorBytes.MAX_TENSOR_BYTES) {
                    throw refuse("a tensor view spans more than 2 GiB of its storage", pos);
                }
            } catch (ArithmeticException e) {
                throw refuse("a tensor's size or stride overflows", pos);
            }
            return new TensorView(storage, offset, shape, strides);
        }

        @Override
        public Object persistentLoad(Object pid, long pos) {
            if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof StorageType type) || !(t.get(2) instanceof String key)) {
                throw refuse("a persistent id must be ('storage', <Dtype>Storage, key, location, numel), got "
                        + Unpickler.typeName(pid), pos);
            }
            long numel = nonNegative(t.get(4), "storage size", pos);
            Storage known = storages.get(key);
            if (known != null) {
                if (known.dtype() != type.dtype() || known.numel() != numel) {
                    throw refuse("storage '" + key + "' is declared twice with different types or sizes", pos);
                }
                return known;
            }
            if (!STORAGE_KEY.matcher(key).matches()) {
                throw refuse("storage key '" + key + "' is not a plain name", pos);
            }
            ZipEntry entry = zip.getEntry(prefix + "/data/" + key);
            if (entry == null) {
                throw refuse("storage '" + key + "' has no entry " + prefix + "/data/" + key + " (incomplete file?)",
                        pos);
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(numel, (long) type.dtype().itemSize());
            } catch (ArithmeticException e) {
                throw refuse("storage '" + key + "' declares " + numel + " elements, which overflows", pos);
            }
            checkDeclaredSize(file, entry, bytes);
            Storage s = new Storage(type.dtype(), entry, numel);
            storages.put(key, s);
            return s;
        }

        private CheckpointException refuse(String problem, long pos) {
            return new CheckpointException("cannot read " + source + ": " + problem + " (at byte " + pos + ")");
        }

        private long nonNegative(Object v, String what, long pos) {
            if (v instanceof Long l && l >= 0) {
                return l;
            }
            throw refuse(what + " must be a non-negative integer, got " + Unpickler.typeName(v) + " " + v, pos);
        }

        private long[] longs(Object v, String what, long pos) {
            if (!(v instanceof Tuple t) || t.size() > 64) {
                throw refuse(what + " must be a tuple of at most 64 integers, got " + Unpickler.typeName(v), pos);
            }
            long[] out = new long[t.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = nonNegative(t.get(i), what + " element", pos);
            }
            return out;
        }
    }

    /**
     * Checks a zip entry's declared size before anything is allocated from it: it must hold {@code expected} bytes
     * (unless 0, for entries of unknown content), and its stored data must fit the file.
     */
    static void checkDeclaredSize(Path file, ZipEntry entry, long expected) {
        long size = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (size < 0 || compressed < 0) {
            throw invalid(file, entry.getName() + " does not declare its size");
        }
        if (expected > 0 && size != expected) {
            throw invalid(file, entry.getName() + " holds " + size + " bytes, but its tensor needs " + expected);
        }
        long fileSize = file.toFile().length();
        if (compressed > fileSize) {
            throw invalid(file, entry.getName() + " declares " + compressed + " stored bytes in a file of " + fileSize
                    + " (truncated or corrupt)");
        }
        boolean stored = entry.getMethod() == ZipEntry.STORED;
        if (stored ? size != compressed : size > compressed * MAX_DEFLATE_RATIO + 1024) {
            throw invalid(file, entry.getName() + " declares " + size + " bytes from " + compressed
                    + " compressed ones, which is impossible (corrupt or hostile)");
        }
    }

    private static Contents extract(Path file, ZipFile zip, Object root) {
        if (!(root instanceof Map<?, ?> top)) {
            throw invalid(file, "it holds a " + Unpickler.typeName(root) + ", not a dict of tensors");
        }
        List<String> notes = new ArrayList<>();
        Map<?, ?> dict = top;
        String took = null;
        if (top.get("state_dict") instanceof Map<?, ?> sd) {
            dict = sd;
            took = "state_dict";
        } else if (!top.values().stream().allMatch(v -> v instanceof TensorView)
                && top.get("model") instanceof Map<?, ?> model) {
            dict = model;
            took = "model";
        }
        if (took != null) {
            String used = took;
            List<String> skipped = top.keySet().stream().filter(k -> !used.equals(k)).map(String::valueOf).toList();
            notes.add("read the '" + took + "' entry" + (skipped.isEmpty() ? "" : "; skipped " + skipped));
        }
        List<StoredTensor> tensors = new ArrayList<>();
        int renamed = 0;
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw invalid(file, "state-dict key " + e.getKey() + " is a " + Unpickler.typeName(e.getKey())
                        + ", not a string");
            }
            if (!(e.getValue() instanceof TensorView view)) {
                Object v = e.getValue();
                String at = v instanceof Opaque o ? " (built by the global at byte " + o.global().position() + ")" : "";
                throw invalid(file, "state-dict entry '" + key + "' is a " + Unpickler.typeName(v)
                        + ", not a tensor" + at + (took == null ? "; top-level keys: " + top.keySet() : ""));
            }
            String name = key;
            if (name.startsWith(DATA_PARALLEL_PREFIX)) {
                name = name.substring(DATA_PARALLEL_PREFIX.length());
                renamed++;
            }
            tensors.add(new StoredTensor(name, view.storage().dtype(), new Shape(view.shape()),
                    () -> load(zip, view)));
        }
        if (renamed > 0) {
            notes.add("removed the DataParallel prefix 'module.' from " + renamed + " keys");
        }
        return new Contents(tensors, notes);
    }

    private static ByteBuffer load(ZipFile zip, TensorView v) throws IOException {
        int item = v.storage().dtype().itemSize();
        long span = TensorBytes.span(v.shape(), v.strides());
        if (span == 0) {
            return TensorBytes.readExactly(InputStream.nullInputStream(), 0);
        }
        try (InputStream in = zip.getInputStream(v.storage().entry())) {
            in.skipNBytes(v.offset() * item);
            ByteBuffer region = TensorBytes.readExactly(in, span * item);
            return TensorBytes.isContiguous(v.shape(), v.strides()) ? region
                    : TensorBytes.gather(region, item, v.shape(), v.strides());
        }
    }

    private static CheckpointException invalid(Path file, String problem) {
        return new CheckpointException("invalid torch.save file " + file + ": " + problem);
    }
}
