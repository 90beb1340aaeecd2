package io.jconmon.core.attach;

import static io.jconmon.core.attach.LoopPump.assertIdle;
import static io.jconmon.core.attach.LoopPump.pump;
import static io.jconmon.core.attach.LoopPump.pumpUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.Errno;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.SysTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFifosTest {
    private static final String BAD_FORMAT = "Invalid control message format";

    @TempDir
    Path bundle;

    private final List<String> loopErrors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private EventLoop loop;
    private ControlFifos fifos;
    private int ctl = -1;
    private int winsz = -1;

    private final ControlFifos.Listener listener = new ControlFifos.Listener() {
        @Override
        public void resize(int rows, int cols) {
            events.add("resize " + rows + "x" + cols);
        }

        @Override
        public void reopenLogs() {
            events.add("reopen");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        loop = new EventLoop(loopErrors::add);
    }

    private void open() throws Exception {
        fifos = ControlFifos.open(loop, bundle.toString(), listener, warnings::add);
        // How Podman and CRI-O write: O_WRONLY|O_NONBLOCK, which fails with ENXIO unless a reader exists.
        ctl = LibC.open(fifos.ctlPath(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        winsz = LibC.open(fifos.winszPath(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
    }

    @AfterEach
    void tearDown() {
        LibC.closeQuietly(ctl);
        LibC.closeQuietly(winsz);
        if (fifos != null) {
            fifos.close();
        }
        loop.close();
        assertEquals(List.of(), loopErrors, "no handler may fail");
    }

    /** One write(2) to {@code fd}, then the loop runs until both fifos are read empty. */
    private void send(int fd, String text) throws NativeException {
        send(fd, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void send(int fd, byte[] data) throws NativeException {
        LibC.writeFully(fd, data, 0, data.length);
        drain();
    }

    private void drain() throws NativeException {
        pumpUntil(loop, () -> queued(ctl) == 0 && queued(winsz) == 0, 5000, "the fifos to be read");
    }

    private static int queued(int fd) {
        try {
            return SysTestSupport.bytesQueued(fd);
        } catch (NativeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fifosAreCreatedWithMode0660LessTheUmaskReplacingExistingFiles() throws Exception {
        Files.writeString(bundle.resolve("ctl"), "stale");
        Files.writeString(bundle.resolve("winsz"), "stale");

        open();

        for (String name : List.of("ctl", "winsz")) {
            int mode = (Integer) Files.getAttribute(bundle.resolve(name), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertEquals(0010000, mode & 0170000, name + " is a fifo");
            assertEquals(0, mode & 0777 & ~0660, name + " has no bits beyond 0660");
            assertEquals(0600, mode & 0600, name + " is readable and writable by its owner");
        }
    }

    @Test
    void fifosStayWhenClosed() throws Exception {
        open();
        fifos.close();
        fifos = null;
        assertTrue(Files.exists(bundle.resolve("ctl"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(bundle.resolve("winsz"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aWriterClosingNeverHangsUpTheMonitorsReadEnd() throws Exception {
        open();
        send(ctl, "1 10 20\n");
        LibC.closeQuietly(ctl); // the engine goes away; the monitor's own write end keeps the fifo open
        assertIdle(loop);
        ctl = LibC.open(fifos.ctlPath(), LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        send(ctl, "1 30 40\n");
        assertEquals(List.of("resize 10x20", "resize 30x40"), events);
    }

    @Test
    void resizeOnCtlGoesThroughWinszToTheResizeCallbackAndIsRemembered() throws Exception {
        open();
        assertNull(fifos.lastWindowSize());

        send(ctl, "1 24 80\n");

        assertEquals(List.of("resize 24x80"), events);
        assertEquals(new WindowSize(24, 80), fifos.lastWindowSize());
        assertEquals(List.of(), warnings);
    }

    @Test
    void typeTwoReopensTheLogs() throws Exception {
        open();
        send(ctl, "2 0 0\n");
        assertEquals(List.of("reopen"), events);
    }

    @Test
    void fieldsBeyondTheThirdAreIgnored() throws Exception {
        open();
        send(ctl, "1 2 2 3\n");
        assertEquals(List.of("resize 2x2"), events);
    }

    @Test
    void fewerThanThreeIntegersIsAnInvalidFormat() throws Exception {
        open();
        send(ctl, "1 2\n");
        send(ctl, "\n");
        send(ctl, "resize 1 2\n");
        assertEquals(List.of(), events);
        assertEquals(List.of(BAD_FORMAT, BAD_FORMAT, BAD_FORMAT), warnings);
    }

    @Test
    void numbersAreDecimalOnlyAndLeadingZerosStayDecimal() throws Exception {
        open();
        send(ctl, "1 0x10 5\n");
        send(ctl, "1 10.5 3\n");
        send(ctl, "1 0010 020\n");
        assertEquals(List.of(BAD_FORMAT, BAD_FORMAT), warnings);
        assertEquals(List.of("resize 10x20"), events);
    }

    @Test
    void anUnknownTypeIsRejected() throws Exception {
        open();
        send(ctl, "3 1 1\n");
        send(ctl, "0 1 1\n");
        assertEquals(List.of("Invalid control message type: 3", "Invalid control message type: 0"), warnings);
        assertEquals(List.of(), events);
    }

    @Test
    void bothNumbersMustBeWithin0And1000ForEveryType() throws Exception {
        open();
        send(ctl, "1 1001 5\n");
        send(ctl, "1 5 -1\n");
        send(ctl, "2 0 5000\n");
        send(ctl, "2 -1 0\n");
        send(ctl, "1 1000 0\n");
        assertEquals(List.of(
                "Invalid window size: 1001x5 (must be between 0 and 1000)",
                "Invalid window size: 5x-1 (must be between 0 and 1000)",
                "Invalid window size: 0x5000 (must be between 0 and 1000)",
                "Invalid window size: -1x0 (must be between 0 and 1000)"), warnings);
        assertEquals(List.of("resize 1000x0"), events);
    }

    @Test
    void severalMessagesInOneWriteAreHandledInOrder() throws Exception {
        open();
        send(ctl, "1 10 20\n2 0 0\n1 30 40\n2 0 0\n");
        assertEquals(List.of("reopen", "reopen"), events.stream().filter(e -> e.equals("reopen")).toList());
        assertEquals(List.of("resize 10x20", "resize 30x40"),
                events.stream().filter(e -> e.startsWith("resize")).toList());
        assertEquals(new WindowSize(30, 40), fifos.lastWindowSize());
    }

    @Test
    void anIncompleteLineWaitsForItsEnd() throws Exception {
        open();
        send(ctl, "1 24");
        assertEquals(List.of(), events);
        send(ctl, " 80\n1 5");
        assertEquals(List.of("resize 24x80"), events);
        send(ctl, " 6\n");
        assertEquals(List.of("resize 24x80", "resize 5x6"), events);
        assertEquals(List.of(), warnings);
    }

    @Test
    void anInvalidLineDiscardsTheRestOfThatRead() throws Exception {
        open();
        send(ctl, "9 1 1\n1 5 5\n2 0 0\n");
        assertEquals(List.of("Invalid control message type: 9"), warnings);
        assertEquals(List.of(), events);
        send(ctl, "1 6 6\n");
        assertEquals(List.of("resize 6x6"), events);
    }

    @Test
    void anInvalidLineAlsoDropsAnIncompleteLineKeptFromBefore() throws Exception {
        open();
        send(ctl, "1 7");
        send(ctl, " 7\nbad\n1 8");
        send(ctl, "1 9 9\n");
        assertEquals(List.of("resize 7x7", "resize 9x9"), events, "no '1 71 9 9' glued from the tail kept before (conmon's quirk)");
        assertEquals(List.of(BAD_FORMAT), warnings);
    }

    @Test
    void a199ByteReadWithoutNewlineIsReportedAndDiscarded() throws Exception {
        open();
        send(ctl, "1".repeat(199));
        assertEquals(List.of("Could not find newline in entire buffer"), warnings);
        send(ctl, "1 3 4\n");
        assertEquals(List.of("resize 3x4"), events);
    }

    @Test
    void aBufferFilledWithoutNewlineOverSeveralReadsIsDiscardedToo() throws Exception {
        open();
        send(ctl, "2".repeat(150));
        send(ctl, "2".repeat(49));
        assertEquals(List.of("Could not find newline in entire buffer"), warnings);
        send(ctl, "2 0 0\n");
        assertEquals(List.of("reopen"), events);
    }

    @Test
    void moreThan199BytesWithoutNewlineLeaveOnlyTheirTail() throws Exception {
        open();
        send(ctl, "x".repeat(250) + "\n1 2 3\n");
        // 199 bytes read and discarded; the next read starts mid-garbage: "xxx...\n" fails and discards "1 2 3".
        assertEquals(List.of("Could not find newline in entire buffer", BAD_FORMAT), warnings);
        assertEquals(List.of(), events);
    }

    @Test
    void scanningFollowsSscanfAcrossNewlines() throws Exception {
        open();
        // sscanf's %d skips newlines, so "1\n2 3\n" is one resize to 2x3; the scan of "2 3\n" then fails.
        send(ctl, "1\n2 3\n");
        assertEquals(List.of("resize 2x3"), events);
        assertEquals(List.of(BAD_FORMAT), warnings);
    }

    @Test
    void aNulEndsTheBufferLikeACString() throws Exception {
        open();
        send(ctl, "1 4 4\0ignored 1 9 9\n");
        assertEquals(List.of(), events, "nothing after the NUL is seen, so no complete line yet");
        send(ctl, "\n");
        assertEquals(List.of("resize 4x4"), events);
    }

    @Test
    void winszAcceptsSizesWrittenDirectlyWithTheSameRules() throws Exception {
        open();
        send(winsz, "50 60\n");
        send(winsz, "5\n");
        send(winsz, "2000 1\n");
        send(winsz, "7 8 9\n");
        assertEquals(List.of("resize 50x60", "resize 7x8"), events);
        assertEquals(List.of("Invalid window size message format",
                "Invalid window size: 2000x1 (must be between 0 and 1000)"), warnings);
    }

    @Test
    void warningsAreCappedUntilAValidMessageArrives() throws Exception {
        open();
        for (int i = 0; i < ControlFifos.WARNINGS_IN_A_ROW + 5; i++) {
            send(ctl, "junk\n");
        }
        assertEquals(ControlFifos.WARNINGS_IN_A_ROW, warnings.size());
        send(ctl, "2 0 0\n");
        assertEquals("5 further invalid control/winsz messages were not reported", warnings.getLast());
        send(ctl, "junk\n");
        assertEquals(BAD_FORMAT, warnings.getLast());
    }

    @Test
    void aMegabyteOfGarbageLeavesTheLoopAliveAndLaterMessagesStillWork() throws Exception {
        open();
        byte[] garbage = new byte[1 << 20];
        new Random(42).nextBytes(garbage);
        int off = 0;
        while (off < garbage.length) {
            long n = LibC.write(ctl, garbage, off, Math.min(65536, garbage.length - off));
            if (n == -Errno.EAGAIN) {
                pump(loop);
                continue;
            }
            assertTrue(n > 0, "write: " + n);
            off += (int) n;
        }
        drain();
        send(ctl, "\n"); // ends whatever garbage line is still kept

        send(ctl, "1 33 44\n");

        assertEquals("resize 33x44", events.getLast());
        assertEquals(new WindowSize(33, 44), fifos.lastWindowSize());
        assertTrue(warnings.size() <= ControlFifos.WARNINGS_IN_A_ROW + 1, warnings.size() + " warnings");
    }
}
