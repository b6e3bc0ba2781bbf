package org.pretrain4j.core.checkpoint;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pretrain4j.api.CheckpointException;

/**
 * A restricted interpreter of Python's pickle format (protocols 2 to 5) that builds plain Java values and never runs
 * anything: a pickle is a program for a stack machine whose only dangerous instruction is calling a global, and here
 * every global goes through a {@link Globals} policy that either returns Java code standing in for it or refuses the
 * file. Values: {@code str} → String, {@code int} → Long or BigInteger, {@code float} → Double, {@code bool} →
 * Boolean, {@code None} → null, {@code bytes} → byte[], {@code list} → ArrayList,
 * {@code tuple} → {@link Tuple}, {@code dict} → LinkedHashMap, {@code set} → LinkedHashSet.
 *
 * <p>Opcodes of protocol 0 and 1 that construct objects ({@code INST}, {@code OBJ}), the extension registry and text
 * persistent ids are not supported; {@code torch.save} never writes them. Every length is checked against the bytes
 * left before anything is allocated, and dictionary keys must be hashable as in Python, so a hostile file cannot
 * make the reader allocate without bound or recurse forever.
 */
final class Unpickler {
    /** Tuples are immutable and hashable (when their items are), unlike lists. */
    record Tuple(List<Object> items) {
        Tuple {
            items = java.util.Collections.unmodifiableList(new ArrayList<>(items));
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A global as the pickle names it: {@code module.name}, with the byte offset of the opcode that named it. */
    record Global(String module, String name, long position) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** Something a global stands for here: Java code that builds the value Python would, from plain arguments. */
    interface Callable {
        /**
         * Builds the value.
         *
         * @param args the positional arguments
         * @param position the byte offset of the calling opcode, for errors
         * @return the value
         */
        Object call(Tuple args, long position);
    }

    /** The policy: what a global and a persistent id mean. Implementations throw to refuse the file. */
    interface Globals {
        /**
         * Resolves a global named by {@code GLOBAL} or {@code STACK_GLOBAL}.
         *
         * @return a {@link Callable}, or any value standing for the global (a storage type)
         */
        Object resolve(Global global);

        /**
         * Resolves a persistent id ({@code BINPERSID}), which {@code torch.save} uses for storages.
         *
         * @param pid the id, as unpickled
         * @param position the byte offset of the opcode
         * @return the value it stands for
         */
        Object persistentLoad(Object pid, long position);
    }

    private static final Object MARK_OBJECT = new Object();
    private static final int MAX_KEY_DEPTH = 100;

    private final ByteBuffer in;
    private final String source;
    private final Globals globals;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private long opPosition;

    private Unpickler(byte[] data, String source, Globals globals) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.source = requireNonNull(source, "source is null");
        this.globals = requireNonNull(globals, "globals is null");
    }

    /**
     * Interprets a pickle.
     *
     * @param data the pickle's bytes
     * @param source how errors name it, e.g. {@code model.pth (entry archive/data.pkl)}
     * @param globals the policy for globals and persistent ids
     * @return the unpickled value
     * @throws CheckpointException naming the source, the problem and its byte offset
     */
    static Object load(byte[] data, String source, Globals globals) {
        Unpickler u = new Unpickler(data, source, globals);
        try {
            return u.run();
        } catch (StackOverflowError e) {
            throw u.error("values nested too deeply");
        }
    }

    /** An error about the current opcode. */
    CheckpointException error(String problem) {
        return error(problem, opPosition);
    }

    private CheckpointException error(String problem, long position) {
        return new CheckpointException("cannot read " + source + ": " + problem + " (at byte " + position + ")");
    }

    private Object run() {
        while (true) {
            if (!in.hasRemaining()) {
                throw error("the pickle ends without a STOP opcode (truncated?)", in.position());
            }
            opPosition = in.position();
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw error("pickle protocol " + proto + " is not supported (2 to 5 are)");
                    }
                }
                case 0x95 -> i64(); // FRAME: a length hint only
                case '.' -> { // STOP
                    Object result = pop();
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw error("the pickle stops with values left on its stack");
                    }
                    return result;
                }
                case '(' -> { // MARK
                    marks.push(stack.size());
                    stack.add(MARK_OBJECT);
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case 'd' -> push(dictOf(popMark())); // DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new Tuple(popMark())); // TUPLE
                case 0x85 -> push(new Tuple(java.util.Collections.singletonList(pop()))); // TUPLE1
                case 0x86 -> { // TUPLE2
                    Object b = pop();
                    Object a = pop();
                    push(new Tuple(Arrays.asList(a, b)));
                }
                case 0x87 -> { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    push(new Tuple(Arrays.asList(a, b, c)));
                }
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 0x90 -> addItems(popMark()); // ADDITEMS
                case 0x91 -> push(java.util.Collections.unmodifiableSet(setOf(popMark()))); // FROZENSET
                case 'a' -> { // APPEND
                    Object v = pop();
                    listOnTop().add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    listOnTop().addAll(items);
                }
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    dictOnTop().put(hashable(k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> d = dictOnTop();
                    putPairs(d, items);
                }
                case 'J' -> push((long) i32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) u16()); // BININT2
                case 0x8a -> push(longOf(bytes(u8()))); // LONG1
                case 0x8b -> push(longOf(bytes(length(u32())))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(i64()))); // BINFLOAT (big-endian)
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'N' -> push(null); // NONE
                case 'X' -> push(utf8(bytes(length(u32())))); // BINUNICODE
                case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(bytes(length(i64())))); // BINUNICODE8
                case 'T' -> push(latin1(bytes(length(u32())))); // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(bytes(u8()))); // SHORT_BINSTRING
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 'B' -> push(bytes(length(u32()))); // BINBYTES
                case 0x8e -> push(bytes(length(i64()))); // BINBYTES8
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(u32(), peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(u32())); // LONG_BINGET
                case 'c' -> { // GLOBAL
                    String module = line();
                    String name = line();
                    push(globals.resolve(new Global(module, name, opPosition)));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings");
                    }
                    push(globals.resolve(new Global(m, n, opPosition)));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object fn = pop();
                    push(call(fn, args));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop();
                    Object cls = pop();
                    push(call(cls, args));
                }
                case 0x92 -> { // NEWOBJ_EX: keyword arguments are dropped with the opaque object
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(kwargs instanceof Map<?, ?>)) {
                        throw error("NEWOBJ_EX needs a dict of keyword arguments");
                    }
                    push(call(cls, args));
                }
                case 'b' -> build(pop(), peek()); // BUILD
                case 'Q' -> { // BINPERSID
                    Object pid = pop();
                    push(globals.persistentLoad(pid, opPosition));
                }
                default -> throw error("opcode 0x" + Integer.toHexString(op) + unsupported(op)
                        + " is not supported: a state dict written by torch.save never needs it");
            }
        }
    }

    private static String unsupported(int op) {
        return switch (op) {
            case 'i' -> " (INST)";
            case 'o' -> " (OBJ)";
            case 'P' -> " (PERSID)";
            case 0x82, 0x83, 0x84 -> " (EXT)";
            case 'I', 'L', 'F', 'S', 'V', 'p', 'g' -> " (a protocol-0 text opcode)";
            default -> "";
        };
    }

    private Object call(Object fn, Object args) {
        if (!(fn instanceof Callable c)) {
            throw error("cannot call a " + typeName(fn) + ": only allowed globals are callable");
        }
        if (!(args instanceof Tuple t)) {
            throw error("call arguments must be a tuple, got a " + typeName(args));
        }
        return c.call(t, opPosition);
    }

    /**
     * {@code BUILD} sets an object's state. Only two cases occur in state dicts: an OrderedDict carrying its
     * {@code _metadata} attribute (version numbers, not needed here), and state for an object this reader keeps
     * opaque; both are dropped.
     */
    private void build(Object state, Object target) {
        if (target instanceof Opaque) {
            return;
        }
        if (target instanceof Map<?, ?> && (state == null || state instanceof Map<?, ?>)) {
            return;
        }
        throw error("cannot set the state of a " + typeName(target));
    }

    /**
     * A value built by a global that is allowed to appear but is never constructed (for example a numpy array in an
     * mmengine checkpoint's {@code message_hub}): it remembers which global made it, so a caller that needs the value
     * can say why it is not there.
     *
     * @param global the global
     */
    record Opaque(Global global) implements Callable {
        @Override
        public Object call(Tuple args, long position) {
            return this;
        }
    }

    // ---------------------------------------------------------------------------------------------- stack

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.peek() == stack.size() - 1)) {
            throw error("stack underflow (malformed pickle)");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK_OBJECT) {
            throw error("stack underflow (malformed pickle)");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack (malformed pickle)");
        }
        int at = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> listOnTop() {
        if (peek() instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw error("APPEND to a " + typeName(peek()) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dictOnTop() {
        if (peek() instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("SETITEM on a " + typeName(peek()) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private void addItems(List<Object> items) {
        if (!(peek() instanceof Set<?> s)) {
            throw error("ADDITEMS to a " + typeName(peek()) + ", not a set");
        }
        for (Object item : items) {
            ((Set<Object>) s).add(hashable(item));
        }
    }

    private Set<Object> setOf(List<Object> items) {
        Set<Object> s = new LinkedHashSet<>();
        for (Object item : items) {
            s.add(hashable(item));
        }
        return s;
    }

    private Map<Object, Object> dictOf(List<Object> items) {
        Map<Object, Object> d = new LinkedHashMap<>();
        putPairs(d, items);
        return d;
    }

    private void putPairs(Map<Object, Object> d, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(hashable(items.get(i)), items.get(i + 1));
        }
    }

    /** Python's rule: only immutable values are keys. It also keeps hashing from recursing through a cycle. */
    private Object hashable(Object key) {
        checkHashable(key, 0);
        return key;
    }

    private void checkHashable(Object key, int depth) {
        if (depth > MAX_KEY_DEPTH) {
            throw error("a dict key is nested too deeply");
        }
        if (key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Double || key instanceof Boolean || key instanceof Opaque) {
            return;
        }
        if (key instanceof Tuple t) {
            for (Object item : t.items()) {
                checkHashable(item, depth + 1);
            }
            return;
        }
        throw error("unhashable dict key or set item of type " + typeName(key));
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw error("memo entry " + index + " was never stored (malformed pickle)");
        }
        return memo.get(index);
    }

    // ---------------------------------------------------------------------------------------------- bytes

    private int u8() {
        need(1);
        return in.get() & 0xff;
    }

    private void need(long n) {
        if (n > in.remaining()) {
            throw error("the pickle ends inside an opcode: " + n + " bytes needed, " + in.remaining() + " left");
        }
    }

    private int u16() {
        need(2);
        return in.getShort() & 0xffff;
    }

    private int i32() {
        need(4);
        return in.getInt();
    }

    private long u32() {
        return i32() & 0xffffffffL;
    }

    private long i64() {
        need(8);
        return in.getLong();
    }

    /** A declared length, checked against the bytes left before anything is allocated. */
    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw error("a declared length of " + Long.toUnsignedString(n) + " bytes exceeds the " + in.remaining()
                    + " bytes left (truncated or corrupt)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        length(n);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String line() {
        int start = in.position();
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                byte[] b = new byte[in.position() - 1 - start];
                in.get(start, b);
                return utf8(b);
            }
        }
        throw error("a GLOBAL name is not terminated (truncated?)");
    }

    private String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error("a string is not valid UTF-8");
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Python's little-endian two's-complement long encoding; a long when it fits. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    /** Python's name for a value's type, for errors. */
    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Opaque op) {
            return op.global().qualifiedName() + " object";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Long || o instanceof BigInteger) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        if (o instanceof Tuple) {
            return "tuple";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof Set<?>) {
            return "set";
        }
        return o.getClass().getSimpleName();
    }
}
