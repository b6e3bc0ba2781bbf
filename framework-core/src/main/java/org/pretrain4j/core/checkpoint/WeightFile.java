package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.pretrain4j.api.CheckpointException;

/**
 * A weights file of any supported format, recognised by its content (never its extension): safetensors, the zip
 * format {@code torch.save} writes ({@code .pth}, {@code .pt}, {@code .bin}; plain state dicts, mmengine/mmpretrain
 * checkpoints with {@code state_dict} and {@code meta}), and numpy {@code .npz}. Opening validates the whole
 * structure (names, dtypes, shapes and sizes) without reading tensor data; {@link #read} then allocates only what the
 * checks allowed. Every problem is a {@link CheckpointException} naming the file.
 *
 * <pre>{@code
 * try (WeightFile w = WeightFile.open(Path.of("resnet50.pth"))) {
 *     Map<String, NDArray> all = w.read(manager, name -> true);
 * }
 * }</pre>
 */
public final class WeightFile implements AutoCloseable {
    /** The formats read. */
    public enum Format {
        /** Hugging Face safetensors. */
        SAFETENSORS("safetensors"),
        /** The zip format of {@code torch.save} (PyTorch 1.6 and later). */
        TORCH("torch.save zip"),
        /** A numpy {@code .npz} archive. */
        NPZ("npz");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        /**
         * The format's name in messages.
         *
         * @return e.g. {@code torch.save zip}
         */
        public String label() {
            return label;
        }
    }

    /**
     * One tensor's entry.
     *
     * @param name its key
     * @param dtype its element type in safetensors spelling ({@code F32}, {@code BF16}, {@code I64}, ...)
     * @param shape its shape
     */
    public record Entry(String name, String dtype, Shape shape) {}

    /** The first bytes of the legacy (pre-1.6) torch.save format: PROTO 2, then the magic number as LONG1. */
    private static final byte[] LEGACY_TORCH = HexFormat.of().parseHex("80028a0a6cfc9c46f9206aa850");

    private final Path path;
    private final Format format;
    private final Map<String, StoredTensor> tensors;
    private final Map<String, String> metadata;
    private final List<String> notes;
    private final Closeable resource;

    private WeightFile(Path path, Format format, List<StoredTensor> tensors, Map<String, String> metadata,
            List<String> notes, Closeable resource) {
        this.path = path;
        this.format = format;
        Map<String, StoredTensor> byName = new LinkedHashMap<>();
        for (StoredTensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new CheckpointException("invalid weights file " + path + ": key '" + t.name()
                        + "' occurs twice");
            }
        }
        this.tensors = Collections.unmodifiableMap(byName);
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.notes = List.copyOf(notes);
        this.resource = resource;
    }

    /**
     * Opens and validates a weights file, detecting its format from its first bytes.
     *
     * @param file the file
     * @return the open file; close it when done
     * @throws CheckpointException naming the file if it is missing, of an unsupported or unsafe format, or malformed
     */
    public static WeightFile open(Path file) {
        requireNonNull(file, "file is null");
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        head = Arrays.copyOf(head, n);
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return openZip(file);
        }
        if (isSafeTensors(head)) {
            return openSafeTensors(file);
        }
        throw new CheckpointException(file + " is not a weights file this reader accepts: " + describe(head)
                + ". Supported: safetensors, the zip format of torch.save (.pth/.pt/.bin), and numpy .npz");
    }

    private static boolean isSafeTensors(byte[] head) {
        if (head.length < 9 || head[8] != '{') {
            return false;
        }
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n >= 2 && n <= SafeTensors.MAX_HEADER_BYTES;
    }

    /** Names what a rejected file is, when it is something recognisable, and says what to do. */
    private static String describe(byte[] head) {
        if (head.length == 0) {
            return "it is empty";
        }
        if (startsWith(head, LEGACY_TORCH)) {
            return "it is in the legacy torch.save format of PyTorch before 1.6, which is not read; re-save it with "
                    + "a current PyTorch (torch.save(state_dict, 'new.pth') writes the zip format)";
        }
        if ((head[0] & 0xff) == 0x80 && head.length > 1 && head[1] >= 2 && head[1] <= 5) {
            return "it is a bare Python pickle, which can run code when Python loads it and holds no tensor data "
                    + "here; save a state dict with torch.save, safetensors or numpy.savez";
        }
        if (startsWith(head, 0x93, 'N', 'U', 'M', 'P', 'Y')) {
            return "it is a single .npy array; save a dict of arrays with numpy.savez";
        }
        if (startsWith(head, 0x89, 'H', 'D', 'F')) {
            return "it is an HDF5 file (Keras?), which is not read";
        }
        return "unknown content starting with bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0,
                Math.min(head.length, 8));
    }

    private static boolean startsWith(byte[] head, int... prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xff) != (prefix[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static WeightFile openSafeTensors(Path file) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            SafeTensors.Header h = SafeTensors.parseHeader(file, ch);
            List<StoredTensor> list = new ArrayList<>();
            for (SafeTensors.TensorInfo t : h.tensors().values()) {
                list.add(new StoredTensor(t.name(), StDtype.valueOf(t.dtype()), t.shape(),
                        () -> SafeTensors.readBytes(file, ch, h.dataStart(), t)));
            }
            return new WeightFile(file, Format.SAFETENSORS, list, h.metadata(), List.of(), ch);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch, e);
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static WeightFile openZip(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException("invalid weights file " + file + ": not a readable zip archive ("
                    + e.getMessage() + "; truncated?)", e);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            List<String> pickles = names.stream().filter(s -> s.matches("[^/]+/data\\.pkl")).toList();
            if (pickles.size() == 1) {
                String prefix = pickles.get(0).substring(0, pickles.get(0).indexOf('/'));
                TorchZip.Contents c = TorchZip.read(file, zip, prefix);
                return new WeightFile(file, Format.TORCH, c.tensors(), Map.of(), c.notes(), zip);
            }
            if (names.stream().anyMatch(s -> s.endsWith("/constants.pkl") || s.contains("/code/"))) {
                throw new CheckpointException(file + " is a TorchScript archive (torch.jit.save), which holds code; "
                        + "save the model's state_dict() with torch.save instead");
            }
            if (!names.isEmpty() && names.stream().allMatch(s -> s.endsWith(".npy") || s.endsWith("/"))) {
                return new WeightFile(file, Format.NPZ, Npz.read(file, zip), Map.of(), List.of(), zip);
            }
            throw new CheckpointException(file + " is a zip archive but neither a torch.save file (one "
                    + "<name>/data.pkl) nor an .npz (only .npy entries); entries: " + abbreviate(names));
        } catch (RuntimeException e) {
            closeQuietly(zip, e);
            throw e;
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 5 ? names.toString() : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
    }

    private static void closeQuietly(Closeable c, Exception primary) {
        try {
            c.close();
        } catch (IOException e) {
            primary.addSuppressed(e);
        }
    }

    /**
     * The file.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * The detected format.
     *
     * @return the format
     */
    public Format format() {
        return format;
    }

    /**
     * Every tensor's name, dtype and shape, in file order.
     *
     * @return the entries by name
     */
    public Map<String, Entry> tensors() {
        Map<String, Entry> out = new LinkedHashMap<>();
        tensors.values().forEach(t -> out.put(t.name(), new Entry(t.name(), t.dtype().name(), t.shape())));
        return Collections.unmodifiableMap(out);
    }

    /**
     * String metadata: a safetensors file's {@code __metadata__}; empty for the other formats.
     *
     * @return the metadata
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * What reading did beyond taking tensors as they are, e.g. which entry of an mmengine checkpoint held the state
     * dict and which were skipped.
     *
     * @return human-readable notes, possibly empty
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * Reads the tensors a predicate selects. Every selected tensor is checked (dtype DJL can hold, size) before the
     * first is allocated; a failure part-way closes what was already created.
     *
     * @param manager the manager the arrays are created in
     * @param include selects tensors by name
     * @return the arrays by name, in file order
     * @throws CheckpointException naming the file and tensor on any failure
     */
    public Map<String, NDArray> read(NDManager manager, Predicate<String> include) {
        requireNonNull(manager, "manager is null");
        requireNonNull(include, "include is null");
        List<StoredTensor> selected = tensors.values().stream().filter(t -> include.test(t.name())).toList();
        for (StoredTensor t : selected) {
            String problem = TensorBytes.unreadable(t.name(), t.dtype(), t.byteSize());
            if (problem != null) {
                throw new CheckpointException("cannot read " + path + ": " + problem);
            }
        }
        Map<String, NDArray> out = new LinkedHashMap<>();
        boolean done = false;
        try {
            for (StoredTensor t : selected) {
                ByteBuffer data;
                try {
                    data = t.bytes().load();
                } catch (IOException e) {
                    throw new CheckpointException("cannot read tensor '" + t.name() + "' of " + path + ": "
                            + e.getMessage(), e);
                }
                out.put(t.name(), TensorBytes.create(manager, t.dtype(), t.shape(), data));
            }
            done = true;
        } finally {
            if (!done) {
                out.values().forEach(NDArray::close);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Closes the underlying file.
     *
     * @throws CheckpointException if closing fails
     */
    @Override
    public void close() {
        try {
            resource.close();
        } catch (IOException e) {
            throw new CheckpointException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }
}
