package io.jconmon.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.core.Diagnostics;
import io.jconmon.core.loop.EventLoop;
import io.jconmon.core.sys.LibC;
import io.jconmon.core.sys.UnixSockets;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyProxyTest {

    @Test
    void forwardsFilteredNotificationsFromTheBundleSocketToTheHostSocket(@TempDir Path tmp) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("bundle/notify"));
        int hostDir = LibC.open(tmp.toString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        int host = UnixSockets.bindAt(hostDir, "host.sock", UnixSockets.SOCK_DGRAM, 0700);
        Diagnostics diag = new Diagnostics(io.jconmon.core.config.LogLevel.WARN, false, "c", null,
                new PrintStream(new ByteArrayOutputStream()));
        try (EventLoop loop = new EventLoop(m -> { })) {
            NotifyProxy proxy = new NotifyProxy(tmp.resolve("host.sock").toString(), diag);
            proxy.open(bundle.getParent(), loop);
            assertEquals("rwxrwxrwx", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(bundle.resolve("notify.sock"))));
            int container = UnixSockets.socket(UnixSockets.SOCK_DGRAM | UnixSockets.SOCK_CLOEXEC);
            UnixSockets.sendTo(container, "MAINPID=1\nREADY=1".getBytes(StandardCharsets.UTF_8),
                    bundle.resolve("notify.sock").toString());
            loop.runOnce();
            byte[] got = new byte[100];
            long n = 0;
            for (int i = 0; i < 100 && n <= 0; i++) {
                n = LibC.read(host, got, 0, got.length);
                if (n <= 0) {
                    Thread.sleep(10);
                }
            }
            assertEquals("READY=1", new String(got, 0, (int) Math.max(n, 0), StandardCharsets.UTF_8));
            proxy.close();
            LibC.closeQuietly(container);
        } finally {
            LibC.closeQuietly(host);
            LibC.closeQuietly(hostDir);
        }
    }

    @Test
    void onlyWellKnownStateLinesPass() {
        assertEquals("READY=1\nSTATUS=serving", NotifyProxy.filter("READY=1\nMAINPID=1\nSTATUS=serving\nFDSTORE=1"));
    }

    @Test
    void carriageReturnsSplitLinesToo() {
        assertEquals("WATCHDOG=1\nERRNO=5", NotifyProxy.filter("WATCHDOG=1\rERRNO=5\r\n"));
    }

    @Test
    void nothingPassesWhenNoLineIsAllowed() {
        assertEquals("", NotifyProxy.filter("MAINPID=42\nREADY=2\nBARRIER=1"));
    }

    @Test
    void exactLinesMustMatchExactly() {
        assertEquals("WATCHDOG=trigger", NotifyProxy.filter("WATCHDOG=trigger\nWATCHDOG=usec\nREADY=1 "));
    }
}
