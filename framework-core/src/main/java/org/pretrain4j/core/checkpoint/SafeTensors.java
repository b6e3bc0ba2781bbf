package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.pretrain4j.api.CheckpointException;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, written from its
 * specification: an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * ({@code {"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}}}) padded with
 * spaces to a multiple of 8, then the little-endian tensor bytes, contiguous, with offsets relative to the end of the
 * header.
 *
 * <p>Reading trusts nothing in the file: the header length, the JSON, every dtype, shape and offset, and the size of
 * the data section are validated before any tensor memory is allocated, and every violation is a
 * {@link CheckpointException} that names the file and the problem. BF16 tensors are decoded to F32 in Java, because
 * DJL's PyTorch engine aborts the JVM on BF16 arrays. {@link WeightFile} reads these files among other formats.
 *
 * <p>Writing is atomic (see {@link AtomicFiles}): a crash leaves the old file or the new one, never a partial one.
 */
public final class SafeTensors {
    /**
     * The largest header accepted, as the reference implementation's limit: a corrupt length cannot make the reader
     * allocate gigabytes.
     */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    private static final Set<String> TENSOR_KEYS = Set.of("dtype", "shape", "data_offsets");

    private SafeTensors() {}

    /**
     * One tensor's entry in a safetensors header.
     *
     * @param name the tensor's key
     * @param dtype the safetensors dtype name ({@code F32}, {@code BF16}, ...)
     * @param shape the shape ({@code ()} for a scalar)
     * @param begin the offset of its first byte in the data section
     * @param end the offset after its last byte
     */
    public record TensorInfo(String name, String dtype, Shape shape, long begin, long end) {
        /**
         * The tensor's size on disk.
         *
         * @return {@code end - begin}
         */
        public long byteSize() {
            return end - begin;
        }
    }

    /**
     * A validated safetensors header.
     *
     * @param tensors the tensors by name, in header order
     * @param metadata the {@code __metadata__} strings, in header order (empty if absent)
     * @param dataStart the file offset of the data section ({@code 8 + N})
     */
    public record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {}

    /**
     * What {@link #read} returns.
     *
     * @param tensors the arrays by name, in header order, owned by the caller's manager
     * @param metadata the {@code __metadata__} strings
     */
    public record Contents(Map<String, NDArray> tensors, Map<String, String> metadata) {}

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * Writes tensors and metadata to {@code file}, atomically. The header lists the tensors in the map's order; the
     * data is laid out by descending item size (stable), as the reference implementation does, so that every tensor
     * starts at a multiple of its item size and Python can view it without copying.
     *
     * @param file the file to create or replace
     * @param tensors the arrays by name; dtypes F64, F32, F16, I64, I32, I8, U8 and BOOL
     * @param metadata string metadata (may be empty)
     * @throws IllegalArgumentException for a reserved or null name, a null value, or a dtype safetensors cannot hold
     * @throws CheckpointException if the file cannot be written (the old file, if any, is then unchanged)
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata) {
        requireNonNull(file, "file is null");
        requireNonNull(tensors, "tensors is null");
        requireNonNull(metadata, "metadata is null");
        requireLittleEndian();
        List<Map.Entry<String, NDArray>> entries = new ArrayList<>(tensors.size());
        List<StDtype> dtypes = new ArrayList<>(tensors.size());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            String name = requireNonNull(e.getKey(), "tensor name is null");
            NDArray array = requireNonNull(e.getValue(), () -> "tensor '" + name + "' is null");
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            DataType type = array.getDataType();
            dtypes.add(StDtype.of(type).orElseThrow(() -> new IllegalArgumentException("tensor '" + name
                    + "' has data type " + type + ", which safetensors files written here cannot hold")));
            entries.add(Map.entry(name, array));
        }
        metadata.forEach((k, v) -> {
            requireNonNull(k, "metadata key is null");
            requireNonNull(v, () -> "metadata value of '" + k + "' is null");
        });

        // Lay out by descending item size; the header keeps the caller's order.
        List<Integer> layout = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            layout.add(i);
        }
        layout.sort(Comparator.comparingInt((Integer i) -> -dtypes.get(i).itemSize()));
        long[] begins = new long[entries.size()];
        long[] ends = new long[entries.size()];
        long cursor = 0;
        for (int i : layout) {
            Shape shape = entries.get(i).getValue().getShape();
            long bytes = Math.multiplyExact(shape.size(), (long) dtypes.get(i).itemSize());
            begins[i] = cursor;
            ends[i] = cursor + bytes;
            cursor = ends[i];
        }
        List<TensorInfo> infos = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            infos.add(new TensorInfo(entries.get(i).getKey(), dtypes.get(i).name(),
                    entries.get(i).getValue().getShape(), begins[i], ends[i]));
        }
        byte[] header = encodeHeader(infos, metadata);

        try {
            AtomicFiles.write(file, ch -> {
                AtomicFiles.writeFully(ch, lengthPrefix(header.length));
                AtomicFiles.writeFully(ch, ByteBuffer.wrap(header));
                for (int i : layout) {
                    ByteBuffer data = entries.get(i).getValue().toByteBuffer();
                    long expected = ends[i] - begins[i];
                    if (data.remaining() != expected) {
                        throw new IOException("tensor '" + entries.get(i).getKey() + "' gave " + data.remaining()
                                + " bytes, expected " + expected);
                    }
                    AtomicFiles.writeFully(ch, data);
                }
            });
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies a safetensors file to {@code target} (atomically) with its tensors' bytes unchanged and its metadata
     * replaced, without creating any array: used to keep a best checkpoint with its score.
     *
     * @param source a valid safetensors file
     * @param target the file to create or replace
     * @param metadata the new metadata
     * @throws CheckpointException if the source is invalid or the target cannot be written
     */
    public static void copyWithMetadata(Path source, Path target, Map<String, String> metadata) {
        requireNonNull(target, "target is null");
        requireNonNull(metadata, "metadata is null");
        try (FileChannel in = open(source)) {
            Header h = parseHeader(source, in);
            byte[] header = encodeHeader(new ArrayList<>(h.tensors().values()), metadata);
            long dataSize = in.size() - h.dataStart();
            AtomicFiles.write(target, out -> {
                AtomicFiles.writeFully(out, lengthPrefix(header.length));
                AtomicFiles.writeFully(out, ByteBuffer.wrap(header));
                long done = 0;
                while (done < dataSize) {
                    long n = in.transferTo(h.dataStart() + done, dataSize - done, out);
                    if (n <= 0) {
                        throw new IOException(source + " shrank while being copied");
                    }
                    done += n;
                }
            });
        } catch (IOException e) {
            throw new CheckpointException("cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encodeHeader(List<TensorInfo> infos, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(StrictJson.quote(METADATA_KEY)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                sb.append(first ? "" : ",").append(StrictJson.quote(e.getKey())).append(':')
                        .append(StrictJson.quote(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        for (TensorInfo t : infos) {
            sb.append(sb.length() > 1 ? "," : "").append(StrictJson.quote(t.name())).append(":{\"dtype\":\"")
                    .append(t.dtype()).append("\",\"shape\":[");
            long[] dims = t.shape().getShape();
            for (int d = 0; d < dims.length; d++) {
                sb.append(d > 0 ? "," : "").append(dims[d]);
            }
            sb.append("],\"data_offsets\":[").append(t.begin()).append(',').append(t.end()).append("]}");
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        if (out.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors header would be " + out.length + " bytes, over the "
                    + MAX_HEADER_BYTES + "-byte limit readers enforce");
        }
        return out;
    }

    private static ByteBuffer lengthPrefix(long n) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).flip();
        return b;
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * Reads every tensor and the metadata of a safetensors file.
     *
     * @param file the file
     * @param manager the manager the arrays are created in (and on whose device)
     * @return the tensors in header order and the metadata
     * @throws CheckpointException naming the file if it is missing, malformed, truncated, or holds a dtype DJL
     *     cannot represent
     */
    public static Contents read(Path file, NDManager manager) {
        return read(file, manager, name -> true);
    }

    /**
     * Reads the tensors a predicate selects, and the metadata. The whole header is validated either way.
     *
     * @param file the file
     * @param manager the manager the arrays are created in
     * @param include selects tensors by name
     * @return the selected tensors in header order and the metadata
     * @throws CheckpointException naming the file if it is missing, malformed, truncated, or a selected tensor has a
     *     dtype DJL cannot represent
     */
    public static Contents read(Path file, NDManager manager, Predicate<String> include) {
        requireNonNull(manager, "manager is null");
        requireNonNull(include, "include is null");
        requireLittleEndian();
        try (FileChannel ch = open(file)) {
            Header h = parseHeader(file, ch);
            List<TensorInfo> selected = h.tensors().values().stream().filter(t -> include.test(t.name()))
                    .collect(Collectors.toList());
            // Every check that can fail happens before the first allocation.
            for (TensorInfo t : selected) {
                String problem = TensorBytes.unreadable(t.name(), StDtype.valueOf(t.dtype()), t.byteSize());
                if (problem != null) {
                    throw invalid(file, problem);
                }
            }
            Map<String, NDArray> out = new LinkedHashMap<>();
            boolean done = false;
            try {
                for (TensorInfo t : selected) {
                    out.put(t.name(), readTensor(file, ch, h.dataStart(), t, manager));
                }
                done = true;
            } finally {
                if (!done) {
                    out.values().forEach(NDArray::close);
                }
            }
            return new Contents(Collections.unmodifiableMap(out), h.metadata());
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and validates only the header: fast inspection of names, shapes and metadata.
     *
     * @param file the file
     * @return the validated header
     * @throws CheckpointException naming the file if it is missing or malformed
     */
    public static Header readHeader(Path file) {
        try (FileChannel ch = open(file)) {
            return parseHeader(file, ch);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads only the metadata (after validating the whole header).
     *
     * @param file the file
     * @return the {@code __metadata__} strings, in header order
     * @throws CheckpointException naming the file if it is missing or malformed
     */
    public static Map<String, String> readMetadata(Path file) {
        return readHeader(file).metadata();
    }

    private static FileChannel open(Path file) throws IOException {
        requireNonNull(file, "file is null");
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint file " + file + " does not exist", e);
        }
    }

    private static NDArray readTensor(Path file, FileChannel ch, long dataStart, TensorInfo t, NDManager manager)
            throws IOException {
        return TensorBytes.create(manager, StDtype.valueOf(t.dtype()), t.shape(), readBytes(file, ch, dataStart, t));
    }

    /** A tensor's bytes in a fresh direct buffer: on CPU, PyTorch's from_blob keeps pointing at it. */
    static ByteBuffer readBytes(Path file, FileChannel ch, long dataStart, TensorInfo t) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + t.begin();
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw invalid(file, "file ended while reading tensor '" + t.name() + "' (changed while reading?)");
            }
        }
        return buf.flip();
    }

    /** Validates everything about the header and the file's size; allocates at most the header's bytes. */
    static Header parseHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw invalid(file, "file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lenBuf, 0);
        long n = lenBuf.flip().getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw invalid(file, "header length " + Long.toUnsignedString(n) + " exceeds the " + MAX_HEADER_BYTES
                    + "-byte limit (not a safetensors file?)");
        }
        if (n > size - 8) {
            throw invalid(file, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes after the length field (truncated, or not a safetensors file?)");
        }
        if (n < 2) {
            throw invalid(file, "header length " + n + " is too short for a JSON object");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        readFully(file, ch, headerBuf, 8);
        headerBuf.flip();
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf).toString();
        } catch (CharacterCodingException e) {
            throw invalid(file, "header is not valid UTF-8");
        }
        Object root;
        try {
            root = StrictJson.parse(json);
        } catch (StrictJson.JsonSyntaxException e) {
            throw invalid(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> entries)) {
            throw invalid(file, "header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadataObject(file, e.getValue(), metadata);
            } else {
                tensors.put(name, tensorInfo(file, name, e.getValue(), dataSize));
            }
        }
        checkLayout(file, tensors.values(), dataSize);
        return new Header(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata), dataStart);
    }

    private static void readMetadataObject(Path file, Object value, Map<String, String> out) {
        if (value == StrictJson.NULL) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(file, "\"" + METADATA_KEY + "\" is not an object");
        }
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw invalid(file, "metadata value of \"" + m.getKey() + "\" is not a string");
            }
            out.put((String) m.getKey(), s);
        }
    }

    private static TensorInfo tensorInfo(Path file, String name, Object value, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> fields)) {
            throw invalid(file, where + " is not an object");
        }
        for (Object key : fields.keySet()) {
            if (!TENSOR_KEYS.contains(key)) {
                throw invalid(file, where + " has unknown field \"" + key + "\" (expected dtype, shape, data_offsets)");
            }
        }
        for (String key : TENSOR_KEYS) {
            if (!fields.containsKey(key)) {
                throw invalid(file, where + " lacks \"" + key + "\"");
            }
        }
        if (!(fields.get("dtype") instanceof String dtypeName)) {
            throw invalid(file, where + ": dtype is not a string");
        }
        StDtype dtype = StDtype.byName(dtypeName).orElseThrow(() -> invalid(file, where + " has unknown dtype '"
                + dtypeName + "' (known: " + StDtype.allNames() + ")"));
        long[] dims = longList(file, where + ": shape", fields.get("shape"), -1);
        long[] offsets = longList(file, where + ": data_offsets", fields.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw invalid(file, where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long bytes;
        try {
            long count = 1;
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            bytes = Math.multiplyExact(count, (long) dtype.itemSize());
        } catch (ArithmeticException ex) {
            throw invalid(file, where + ": shape " + Arrays.toString(dims) + " is too large");
        }
        if (end > dataSize) {
            throw invalid(file, where + ": data_offsets [" + begin + ", " + end + "] lie outside the data section of "
                    + dataSize + " bytes (file truncated?)");
        }
        if (bytes != end - begin) {
            throw invalid(file, where + ": shape " + Arrays.toString(dims) + " of " + dtypeName + " needs "
                    + bytes + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        return new TensorInfo(name, dtypeName, new Shape(dims), begin, end);
    }

    /** A JSON array of non-negative integers that fit a long; {@code length < 0} accepts any length. */
    private static long[] longList(Path file, String where, Object value, int length) {
        if (!(value instanceof List<?> list)) {
            throw invalid(file, where + " is not an array");
        }
        if (length >= 0 && list.size() != length) {
            throw invalid(file, where + " has " + list.size() + " elements, expected " + length);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigInteger b) || b.signum() < 0 || b.bitLength() > 63) {
                throw invalid(file, where + " element " + list.get(i) + " is not a non-negative 64-bit integer");
            }
            out[i] = b.longValue();
        }
        return out;
    }

    /** Tensors must tile the data section exactly: no overlap, no gap, nothing after the last one. */
    private static void checkLayout(Path file, Collection<TensorInfo> tensors, long dataSize) {
        List<TensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < cursor) {
                throw invalid(file, "tensors '" + previous.name() + "' [" + previous.begin() + ", " + previous.end()
                        + "] and '" + t.name() + "' [" + t.begin() + ", " + t.end() + "] overlap");
            }
            if (t.begin() > cursor) {
                throw invalid(file, "bytes " + cursor + " to " + t.begin()
                        + " of the data section belong to no tensor");
            }
            cursor = t.end();
            if (t.byteSize() > 0) {
                previous = t;
            }
        }
        if (cursor != dataSize) {
            throw invalid(file, "the data section is " + dataSize + " bytes but the tensors cover " + cursor
                    + " (trailing bytes after the last tensor)");
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw invalid(file, "unexpected end of file");
            }
        }
    }

    private static CheckpointException invalid(Path file, String problem) {
        return new CheckpointException("invalid safetensors file " + file + ": " + problem);
    }

    /** Both the format and DJL's buffers are little-endian on every platform PyTorch runs on; refuse the rest. */
    private static void requireLittleEndian() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("safetensors I/O needs a little-endian platform");
        }
    }
}
