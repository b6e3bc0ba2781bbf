package org.pretrain4j.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pretrain4j.api.CheckpointException;
import org.pretrain4j.core.checkpoint.Unpickler.Opaque;
import org.pretrain4j.core.checkpoint.Unpickler.Tuple;

/**
 * Plain values through the restricted unpickler. The pickles are Python 3.11's for
 * {@code v = {'n': (None,), 'f': -1.5, 'big': -2**70, 'neg': -3, 'b': b'ab', 's': {1, 2}, 'fs': frozenset(['x']),
 * 'nested': [[1], (2, 3, 4), {'k': True}], 'u': 'é'}; v['shared'] = v['nested']}, from
 * {@code pickle.dumps(v, protocol=2)} and {@code protocol=4}.
 */
final class UnpicklerTest {
    private static final String PROTOCOL_2 = ""
            + "80027d71002858010000006e71014e857102580100000066710347bff8000000000000580300000062696771048a0900"
            + "00000000000000c058030000006e656771054afdffffff5801000000627106635f636f646563730a656e636f64650a71"
            + "0758020000006162710858060000006c6174696e31710986710a52710b580100000073710c635f5f6275696c74696e5f"
            + "5f0a7365740a710d5d710e284b014b026585710f527110580200000066737111635f5f6275696c74696e5f5f0a66726f"
            + "7a656e7365740a71125d711358010000007871146185711552711658060000006e657374656471175d7118285d71194b"
            + "01614b024b034b0487711a7d711b58010000006b711c887365580100000075711d5802000000c3a9711e580600000073"
            + "6861726564711f6818752e";
    private static final String PROTOCOL_4 = ""
            + "8004958c000000000000007d94288c016e944e85948c01669447bff80000000000008c03626967948a09000000000000"
            + "0000c08c036e6567944afdffffff8c01629443026162948c0173948f94284b014b02908c02667394288c01789491948c"
            + "066e6573746564945d94285d944b01614b024b034b0487947d948c016b948873658c0175948c02c3a9948c0673686172"
            + "656494680e752e";

    /** Every global is allowed and stays opaque: enough to see the structure. */
    private static final Unpickler.Globals OPAQUE = new Unpickler.Globals() {
        @Override
        public Object resolve(Unpickler.Global global) {
            return new Opaque(global);
        }

        @Override
        public Object persistentLoad(Object pid, long position) {
            throw new AssertionError("no persistent ids here");
        }
    };

    private static Map<?, ?> load(String hex) {
        return (Map<?, ?>) Unpickler.load(HexFormat.of().parseHex(hex), "test", OPAQUE);
    }

    private static void assertCommon(Map<?, ?> v) {
        assertEquals(new Tuple(Arrays.asList((Object) null)), v.get("n"));
        assertEquals(-1.5, v.get("f"));
        assertEquals(BigInteger.TWO.pow(70).negate(), v.get("big"));
        assertEquals(-3L, v.get("neg"));
        assertEquals("é", v.get("u"));
        List<?> nested = (List<?>) v.get("nested");
        assertEquals(List.of(List.of(1L), new Tuple(List.of(2L, 3L, 4L)), Map.of("k", true)), nested);
        assertSame(nested, v.get("shared"), "memo references keep identity");
    }

    @Test
    void protocolFourBuildsEveryPlainValue() {
        Map<?, ?> v = load(PROTOCOL_4);
        assertCommon(v);
        assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) v.get("b"));
        assertEquals(Set.of(1L, 2L), v.get("s"));
        assertEquals(Set.of("x"), v.get("fs"));
    }

    @Test
    void protocolTwoSpellsBytesAndSetsAsGlobalsWhichStayOpaque() {
        Map<?, ?> v = load(PROTOCOL_2);
        assertCommon(v);
        assertEquals("_codecs.encode", assertInstanceOf(Opaque.class, v.get("b")).global().qualifiedName());
        assertEquals("__builtin__.set", assertInstanceOf(Opaque.class, v.get("s")).global().qualifiedName());
    }

    @Test
    void everyTruncationIsACheckpointException() {
        byte[] full = HexFormat.of().parseHex(PROTOCOL_4);
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Unpickler.load(cut, "t", OPAQUE));
            assertTrue(e.getMessage().contains("(at byte "), e.getMessage());
        }
    }
}
