package io.jconmon.core.attach;

import static io.jconmon.core.attach.LoopPump.pump;
import static io.jconmon.core.attach.LoopPump.pumpUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.NativeException;
import io.jconmon.core.sys.SysTestSupport;
import io.jconmon.core.sys.Terminal;
import io.jconmon.core.sys.UnixSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSocketTest {
    @TempDir
    Path tmp;

    private final List<String> loopErrors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Integer> fdsToClose = new ArrayList<>();
    private EventLoop loop;
    private ConsoleSocket console;
    private int receivedFd = -1;
    private String receivedName;
    private IOException failure;

    private final ConsoleSocket.Listener listener = new ConsoleSocket.Listener() {
        @Override
        public void onConsole(int ptyFd, String ptyName) {
            receivedFd = ptyFd;
            receivedName = ptyName;
            fdsToClose.add(ptyFd);
        }

        @Override
        public void onFailure(IOException error) {
            failure = error;
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        loop = new EventLoop(loopErrors::add);
        console = ConsoleSocket.open(loop, tmp.toString(), listener, warnings::add);
    }

    @AfterEach
    void tearDown() {
        console.close();
        fdsToClose.forEach(LibC::closeQuietly);
        loop.close();
        assertEquals(List.of(), loopErrors);
    }

    /** What the runtime does: connect to --console-socket and send the pty master with its name. */
    private int runtimeConnects() throws NativeException {
        int fd = UnixSockets.socket(UnixSockets.SOCK_STREAM | UnixSockets.SOCK_CLOEXEC);
        fdsToClose.add(fd);
        UnixSockets.connect(fd, console.path());
        return fd;
    }

    @Test
    void socketIsCreatedAsConmonTermWithARandomSuffixInTheGivenDirectory() throws Exception {
        Path p = Path.of(console.path());
        assertEquals(tmp, p.getParent());
        assertTrue(p.getFileName().toString().matches("conmon-term\\.[A-Za-z0-9]{6}"), p.toString());
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0140000, mode & 0170000, "a socket");
        ConsoleSocket other = ConsoleSocket.open(loop, tmp + "/", listener, warnings::add);
        try {
            assertNotEquals(console.path(), other.path());
        } finally {
            other.close();
        }
    }

    @Test
    void thePtyMasterSentByTheRuntimeArrivesWithOnlcrSetAndThePathIsRemoved() throws Exception {
        int master = SysTestSupport.openPtyMaster();
        fdsToClose.add(master);
        SysTestSupport.setOutputFlags(master, 0x1); // OPOST only: ONLCR cleared
        String name = "/dev/pts/" + SysTestSupport.ptyNumber(master);

        int runtime = runtimeConnects();
        SysTestSupport.sendWithFds(runtime, name.getBytes(StandardCharsets.US_ASCII), master);
        pumpUntil(loop, console::isDone, 2000, "the console");

        assertNull(failure);
        assertEquals(name, receivedName);
        assertNotEquals(-1, receivedFd);
        assertEquals(SysTestSupport.ptyNumber(master), SysTestSupport.ptyNumber(receivedFd), "the same pty");
        assertEquals(0x1 | Terminal.ONLCR, SysTestSupport.outputFlags(receivedFd));
        assertTrue((LibC.fcntl(receivedFd, LibC.F_GETFL, 0) & LibC.O_NONBLOCK) != 0, "non-blocking");
        assertTrue((LibC.fcntl(receivedFd, LibC.F_GETFD, 0) & LibC.FD_CLOEXEC) != 0, "close-on-exec");
        assertFalse(Files.exists(Path.of(console.path()), LinkOption.NOFOLLOW_LINKS), "unlinked after accept");
        assertEquals(List.of(), warnings);
    }

    @Test
    void pollHandlesAHandoverAlreadyQueuedWithoutWaitingForTheLoop() throws Exception {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        fdsToClose.add(pipe[0]);
        fdsToClose.add(pipe[1]);
        int runtime = runtimeConnects();
        SysTestSupport.sendWithFds(runtime, "x".getBytes(StandardCharsets.US_ASCII), pipe[0]);
        LibC.closeQuietly(runtime); // the runtime has exited

        console.poll();

        assertTrue(console.isDone());
        assertNull(failure);
        assertNotEquals(-1, receivedFd);
        assertEquals(1, warnings.size(), "a pipe is no tty: ONLCR cannot be set, which is only a warning");
        assertTrue(warnings.getFirst().startsWith("Failed to set ONLCR on the console"), warnings.toString());
    }

    @Test
    void aMessageWithoutAFileDescriptorFailsWithConmonsMessage() throws Exception {
        int runtime = runtimeConnects();
        SysTestSupport.sendWithFds(runtime, "/dev/pts/0".getBytes(StandardCharsets.US_ASCII));
        pumpUntil(loop, console::isDone, 2000, "the failure");

        assertEquals(-1, receivedFd);
        assertTrue(failure.getMessage().startsWith(ConsoleSocket.FAILURE + ": "), failure.getMessage());
    }

    @Test
    void aRuntimeThatClosesWithoutSendingFails() throws Exception {
        int runtime = runtimeConnects();
        LibC.closeQuietly(runtime);
        pumpUntil(loop, console::isDone, 2000, "the failure");

        assertTrue(failure.getMessage().startsWith(ConsoleSocket.FAILURE), failure.getMessage());
    }

    @Test
    void twoFileDescriptorsAreRefusedAndNeitherIsLeaked() throws Exception {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC | LibC.O_NONBLOCK);
        fdsToClose.add(pipe[0]);
        fdsToClose.add(pipe[1]);
        int runtime = runtimeConnects();
        SysTestSupport.sendWithFds(runtime, "two".getBytes(StandardCharsets.US_ASCII), pipe[0], pipe[1]);
        pumpUntil(loop, console::isDone, 2000, "the failure");

        assertTrue(failure.getMessage().startsWith(ConsoleSocket.FAILURE), failure.getMessage());
        // Both received copies were closed: the write end's only copy left is ours, so closing it is EOF.
        LibC.closeQuietly(pipe[1]);
        fdsToClose.remove((Integer) pipe[1]);
        assertEquals(0, LibC.read(pipe[0], new byte[1], 0, 1));
    }

    @Test
    void aNameOf4096BytesOrMoreFails() throws Exception {
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        fdsToClose.add(pipe[0]);
        fdsToClose.add(pipe[1]);
        int runtime = runtimeConnects();
        SysTestSupport.sendWithFds(runtime, new byte[4096], pipe[0]);
        pumpUntil(loop, console::isDone, 2000, "the failure");

        assertTrue(failure.getMessage().startsWith(ConsoleSocket.FAILURE), failure.getMessage());
        assertEquals(-1, receivedFd);
    }

    @Test
    void nothingHappensUntilTheRuntimeSendsAndTheLoopKeepsRunning() throws Exception {
        int runtime = runtimeConnects();
        for (int i = 0; i < 10; i++) {
            pump(loop);
        }
        assertFalse(console.isDone());
        int[] pipe = LibC.pipe2(LibC.O_CLOEXEC);
        fdsToClose.add(pipe[0]);
        fdsToClose.add(pipe[1]);
        SysTestSupport.sendWithFds(runtime, "late".getBytes(StandardCharsets.US_ASCII), pipe[1]);
        pumpUntil(loop, console::isDone, 2000, "the console");
        assertEquals("late", receivedName);
    }
}
