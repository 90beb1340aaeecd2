package io.jconmon.driver.fluentd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder against the MessagePack specification: each value in its smallest format, checked
 * at every format boundary by exact bytes and by the test decoder.
 */
class MsgPackWriterTest {

    @Test
    void integersUseTheSmallestFormat() throws Exception {
        assertInt("00", 0);
        assertInt("7f", 127);
        assertInt("cc80", 128);
        assertInt("ccff", 255);
        assertInt("cd0100", 256);
        assertInt("cdffff", 65535);
        assertInt("ce00010000", 65536);
        assertInt("ceffffffff", 0xffffffffL);
        assertInt("cf0000000100000000", 0x100000000L);
    }

    @Test
    void strBinArrayAndMapHeadersAtTheirBoundaries() throws Exception {
        assertStr(0, 0xa0);
        assertStr(31, 0xbf);
        assertStr(32, 0xd9);
        assertStr(255, 0xd9);
        assertStr(256, 0xda);
        assertStr(65535, 0xda);
        assertStr(65536, 0xdb);
        assertEquals("c403", hex(new MsgPackWriter(8).binHeader(3)));
        assertEquals("c50100", hex(new MsgPackWriter(8).binHeader(256)));
        assertEquals("c600010000", hex(new MsgPackWriter(8).binHeader(65536)));
        assertEquals("9f", hex(new MsgPackWriter(8).arrayHeader(15)));
        assertEquals("dc0010", hex(new MsgPackWriter(8).arrayHeader(16)));
        assertEquals("dd00010000", hex(new MsgPackWriter(8).arrayHeader(65536)));
        assertEquals("8f", hex(new MsgPackWriter(8).mapHeader(15)));
        assertEquals("de0010", hex(new MsgPackWriter(8).mapHeader(16)));
        assertEquals("df00010000", hex(new MsgPackWriter(8).mapHeader(65536)));
    }

    @Test
    void eventTimeIsFixext8OfTypeZeroWithSecondsAndNanoseconds() throws Exception {
        // The Forward protocol's own example layout: D7 00 | seconds BE | nanoseconds BE.
        MsgPackWriter w = new MsgPackWriter(8).eventTime(1_441_588_984_000_000_123L);
        assertEquals("d700" + "55ece6f8" + "0000007b", hex(w)); // 1441588984 = 0x55ece6f8
        MsgPackReader.Ext ext = (MsgPackReader.Ext) MsgPackReader.decode(w.toByteArray());
        assertEquals(0, ext.type());
    }

    @Test
    void nestedValuesDecodeBack() throws Exception {
        MsgPackWriter w = new MsgPackWriter(4).arrayHeader(2).str("tag.name").mapHeader(1).str("k").uint(300);
        Object v = MsgPackReader.decode(w.toByteArray());
        List<?> list = (List<?>) v;
        assertEquals("tag.name", list.get(0).toString());
        assertEquals(300L, ((java.util.Map<?, ?>) list.get(1)).values().iterator().next());
    }

    private static void assertInt(String expectedHex, long v) throws Exception {
        MsgPackWriter w = new MsgPackWriter(1).uint(v);
        assertEquals(expectedHex, hex(w));
        assertEquals(v, MsgPackReader.decode(w.toByteArray()));
    }

    private static void assertStr(int length, int format) throws Exception {
        byte[] text = "é".repeat(length / 2).concat(length % 2 == 1 ? "x" : "").getBytes(StandardCharsets.UTF_8);
        MsgPackWriter w = new MsgPackWriter(1).str(text, 0, text.length);
        assertEquals(format, w.toByteArray()[0] & 0xff, "format for length " + length);
        MsgPackReader r = new MsgPackReader(new java.io.ByteArrayInputStream(w.toByteArray()));
        assertArrayEquals(text, ((MsgPackReader.Str) r.read()).bytes);
    }

    private static String hex(MsgPackWriter w) {
        return HexFormat.of().formatHex(w.toByteArray());
    }
}
