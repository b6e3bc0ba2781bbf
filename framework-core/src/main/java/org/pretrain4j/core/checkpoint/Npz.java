package org.pretrain4j.core.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.pretrain4j.api.CheckpointException;

/**
 * Reads numpy's {@code .npz} archives ({@code numpy.savez}, {@code numpy.savez_compressed}): a zip of {@code .npy}
 * arrays named by their keys. Each {@code .npy} starts with {@code \x93NUMPY}, a version, a header length and a
 * Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}, parsed here as data (never
 * evaluated). Numeric and boolean dtypes in either byte order and C or Fortran order are read; object arrays (which
 * numpy pickles) are refused.
 */
final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final String SUFFIX = ".npy";

    private Npz() {}

    /** One array's header. */
    private record Header(StDtype dtype, boolean bigEndian, boolean fortran, long[] shape, int dataStart) {}

    /**
     * Reads the array headers of an archive.
     *
     * @param file the file, for messages
     * @param zip the open archive
     * @return the arrays in archive order
     */
    static List<StoredTensor> read(Path file, ZipFile zip) {
        List<StoredTensor> out = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.isDirectory()) {
                continue;
            }
            if (!entry.getName().endsWith(SUFFIX)) {
                throw invalid(file, "entry '" + entry.getName() + "' is not a .npy array");
            }
            String name = entry.getName().substring(0, entry.getName().length() - SUFFIX.length());
            TorchZip.checkDeclaredSize(file, entry, 0);
            Header h = header(file, zip, entry);
            long bytes;
            try {
                long count = 1;
                for (long d : h.shape()) {
                    count = Math.multiplyExact(count, d);
                }
                bytes = Math.multiplyExact(count, (long) h.dtype().itemSize());
            } catch (ArithmeticException e) {
                throw invalid(file, "array '" + name + "' has a shape too large to exist");
            }
            if (entry.getSize() - h.dataStart() != bytes) {
                throw invalid(file, "array '" + name + "' needs " + bytes + " bytes of data but its entry holds "
                        + (entry.getSize() - h.dataStart()) + " (truncated or corrupt)");
            }
            out.add(new StoredTensor(name, h.dtype(), new Shape(h.shape()), () -> load(zip, entry, h, bytes)));
        }
        return out;
    }

    private static ByteBuffer load(ZipFile zip, ZipEntry entry, Header h, long bytes) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            in.skipNBytes(h.dataStart());
            ByteBuffer data = TensorBytes.readExactly(in, bytes);
            if (h.bigEndian()) {
                TensorBytes.swapBytes(data, h.dtype().itemSize());
            }
            if (!h.fortran() || h.shape().length < 2) {
                return data;
            }
            // Fortran order is column-major: the first index varies fastest.
            long[] strides = new long[h.shape().length];
            long s = 1;
            for (int d = 0; d < strides.length; d++) {
                strides[d] = s;
                s *= h.shape()[d];
            }
            return TensorBytes.gather(data, h.dtype().itemSize(), h.shape(), strides);
        }
    }

    private static Header header(Path file, ZipFile zip, ZipEntry entry) {
        String where = "array '" + entry.getName() + "'";
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] lead = in.readNBytes(12);
            if (lead.length < 10 || !java.util.Arrays.equals(lead, 0, 6, MAGIC, 0, 6)) {
                throw invalid(file, where + " does not start with the .npy magic");
            }
            int major = lead[6];
            ByteBuffer b = ByteBuffer.wrap(lead).order(ByteOrder.LITTLE_ENDIAN);
            long len;
            int start;
            if (major == 1) {
                len = b.getShort(8) & 0xffff;
                start = 10;
            } else if (major == 2 || major == 3) {
                if (lead.length < 12) {
                    throw invalid(file, where + " is truncated");
                }
                len = b.getInt(8) & 0xffffffffL;
                start = 12;
            } else {
                throw invalid(file, where + " has .npy version " + major + ", expected 1, 2 or 3");
            }
            if (len > MAX_HEADER || start + len > entry.getSize()) {
                throw invalid(file, where + " declares a header of " + len + " bytes, which does not fit");
            }
            byte[] text = new byte[(int) len];
            int have = lead.length - start;
            System.arraycopy(lead, start, text, 0, Math.min(have, text.length));
            byte[] rest = in.readNBytes(text.length - Math.min(have, text.length));
            System.arraycopy(rest, 0, text, Math.min(have, text.length), rest.length);
            if (Math.min(have, text.length) + rest.length != text.length) {
                throw invalid(file, where + " is truncated inside its header");
            }
            String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            return parse(file, where, dict, (int) (start + len));
        } catch (IOException e) {
            throw invalid(file, "cannot read " + where + ": " + e.getMessage());
        }
    }

    private static Header parse(Path file, String where, String text, int dataStart) {
        Map<String, Object> d;
        try {
            d = new Literal(text).dict();
        } catch (IllegalArgumentException e) {
            throw invalid(file, where + " has a malformed header: " + e.getMessage());
        }
        if (!(d.get("descr") instanceof String descr)) {
            throw invalid(file, where + " has a structured or missing dtype; only plain numeric arrays are read");
        }
        if (!(d.get("fortran_order") instanceof Boolean fortran)) {
            throw invalid(file, where + " lacks fortran_order");
        }
        if (!(d.get("shape") instanceof List<?> dims)) {
            throw invalid(file, where + " lacks its shape");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (Long) dims.get(i);
        }
        if (descr.length() < 3) {
            throw invalid(file, where + " has dtype '" + descr + "', which is not read");
        }
        char order = descr.charAt(0);
        StDtype dtype = switch (descr.substring(1)) {
            case "f8" -> StDtype.F64;
            case "f4" -> StDtype.F32;
            case "f2" -> StDtype.F16;
            case "i8" -> StDtype.I64;
            case "i4" -> StDtype.I32;
            case "i2" -> StDtype.I16;
            case "i1" -> StDtype.I8;
            case "u8" -> StDtype.U64;
            case "u4" -> StDtype.U32;
            case "u2" -> StDtype.U16;
            case "u1" -> StDtype.U8;
            case "b1" -> StDtype.BOOL;
            default -> null;
        };
        if (dtype == null || "<>|=".indexOf(order) < 0) {
            throw invalid(file, where + " has dtype '" + descr + "'; numeric and boolean arrays are read (object "
                    + "arrays are pickles and are refused)");
        }
        return new Header(dtype, order == '>', fortran, shape, dataStart);
    }

    /** The subset of Python literals an .npy header uses: a dict of strings, booleans and tuples of integers. */
    private static final class Literal {
        private final String s;
        private int at;

        Literal(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (!peek('}')) {
                Object key = value();
                if (!(key instanceof String k)) {
                    throw new IllegalArgumentException("a key is not a string");
                }
                expect(':');
                out.put(k, value());
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            return out;
        }

        private Object value() {
            skipSpace();
            if (at >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            char c = s.charAt(at);
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, at + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string");
                }
                String v = s.substring(at + 1, end);
                at = end + 1;
                return v;
            }
            if (c == '(') {
                at++;
                List<Long> items = new ArrayList<>();
                while (!peek(')')) {
                    items.add(integer());
                    if (!peek(')')) {
                        expect(',');
                    }
                }
                expect(')');
                return items;
            }
            if (s.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            if (c == '[') {
                throw new IllegalArgumentException("structured dtypes are not read");
            }
            return integer();
        }

        private long integer() {
            skipSpace();
            int start = at;
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
            if (at == start || at - start > 18) {
                throw new IllegalArgumentException("expected a non-negative integer at " + start);
            }
            return Long.parseLong(s.substring(start, at));
        }

        private boolean peek(char c) {
            skipSpace();
            return at < s.length() && s.charAt(at) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
            at++;
        }

        private void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }
    }

    private static CheckpointException invalid(Path file, String problem) {
        return new CheckpointException("invalid .npz file " + file + ": " + problem);
    }
}
