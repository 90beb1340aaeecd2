package io.jconmon.core.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private int master = -1;

    @BeforeEach
    void openPty() throws NativeException {
        master = SysTestSupport.openPtyMaster();
    }

    @AfterEach
    void closePty() {
        LibC.closeQuietly(master);
    }

    @Test
    void setOnlcrTurnsOnOnlcrAndKeepsTheOtherOutputFlags() throws NativeException {
        int opost = 0x1;
        SysTestSupport.setOutputFlags(master, opost);
        assertEquals(opost, SysTestSupport.outputFlags(master), "precondition: ONLCR cleared");

        Terminal.setOnlcr(master);

        assertEquals(opost | Terminal.ONLCR, SysTestSupport.outputFlags(master));
    }

    @Test
    void setWindowSizeIsWhatTiocgwinszReportsAsRowsAndColumns() throws NativeException {
        Terminal.setWindowSize(master, 24, 80);
        assertArrayEquals(new int[] {24, 80}, SysTestSupport.windowSize(master));

        Terminal.setWindowSize(master, 1000, 0);
        assertArrayEquals(new int[] {1000, 0}, SysTestSupport.windowSize(master));
    }

    @Test
    void terminalCallsOnAPipeFailWithNotATty() throws NativeException {
        int[] p = LibC.pipe2(LibC.O_CLOEXEC);
        try {
            int enotty = 25;
            assertEquals(enotty, assertThrows(NativeException.class, () -> Terminal.setOnlcr(p[0])).errno());
            assertEquals(enotty, assertThrows(NativeException.class, () -> Terminal.setWindowSize(p[0], 1, 1)).errno());
        } finally {
            LibC.closeQuietly(p[0]);
            LibC.closeQuietly(p[1]);
        }
    }
}
