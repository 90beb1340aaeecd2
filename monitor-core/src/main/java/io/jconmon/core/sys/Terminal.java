package io.jconmon.core.sys;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The two things the monitor does to a container's pty master (conmon-interface.md §3.7, §4.2):
 * turn on ONLCR, and set the window size. Plain ioctl(2)s with the kernel's own structures.
 */
public final class Terminal {
    static final int TCGETS = 0x5401;
    static final int TCSETS = 0x5402;
    static final int TIOCGWINSZ = 0x5413;
    static final int TIOCSWINSZ = 0x5414;
    /** c_oflag bit: map NL to CR-NL on output, so tty logs carry "\r\n" like conmon's. */
    public static final int ONLCR = 0x4;
    /** The kernel's struct termios (not glibc's): 4 u32 flags, c_line, c_cc[19] = 36 bytes; c_oflag at 4. */
    static final int TERMIOS_SIZE = 36;
    static final int C_OFLAG = 4;

    private Terminal() {}

    /** Sets ONLCR in the output flags of {@code fd} (TCGETS, then TCSETS). */
    public static void setOnlcr(int fd) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(TERMIOS_SIZE, 4);
            LibC.check("tcgetattr", Native.syscall(Syscalls.IOCTL, fd, TCGETS, t.address()));
            t.set(JAVA_INT, C_OFLAG, t.get(JAVA_INT, C_OFLAG) | ONLCR);
            LibC.check("tcsetattr", Native.syscall(Syscalls.IOCTL, fd, TCSETS, t.address()));
        }
    }

    /** TIOCSWINSZ: {@code rows} x {@code cols}, pixel sizes 0 (as conmon sets them). */
    public static void setWindowSize(int fd, int rows, int cols) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(8, 2);
            ws.set(JAVA_SHORT, 0, (short) rows);
            ws.set(JAVA_SHORT, 2, (short) cols);
            LibC.check("ioctl TIOCSWINSZ", Native.syscall(Syscalls.IOCTL, fd, TIOCSWINSZ, ws.address()));
        }
    }
}
