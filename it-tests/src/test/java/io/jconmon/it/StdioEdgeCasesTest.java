package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The container's stdio going away under the monitor, C conmon vs jconmon: a tty container that
 * closes its pty and keeps running (conmon-interface.md §3.7), and an attach client that floods
 * stdin and disconnects (§3.4, §3.5).
 */
class StdioEdgeCasesTest {

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void ttyContainerThatClosesItsPtyKeepsTheMonitorAndExitCodeIsRecorded(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> {
            Spec s = new Spec("/bin/sh", "-c", "exec >&- 2>&- <&-; sleep 2; exit 5").extra("-t").afterStart(run -> {
                // The pty has no slave open any more (HUP on the master) while the process sleeps.
                Thread.sleep(1_000);
                run.notes.put("monitor-alive-after-pty-closed", Boolean.toString(run.monitorAlive()));
                run.notes.put("container-alive-after-pty-closed", Boolean.toString(Host.alive(run.containerPid())));
            });
            s.bundleTty = true;
            s.exitWaitMillis = 15_000;
            return s;
        });
        for (Outcome o : r) {
            String who = o.describe() + "\n  notes=" + o.notes();
            assertEquals("true", o.notes().get("container-alive-after-pty-closed"), who + "\ncontainer still sleeping");
            assertEquals("true", o.notes().get("monitor-alive-after-pty-closed"),
                    who + "\nthe monitor must keep running when the pty's slave side is closed (§3.7)");
            Compare.completed(o, "5");
            assertTrue(o.exitMillis() < 10_000, who + "\nexit file " + o.exitMillis() + " ms after start (sleep 2)");
        }
        Compare.sameRun(r[0], r[1]);
        assertEquals(List.of(), K8sLog.parse("C", r[0].log()).normalized(), "C reference: nothing logged");
        assertEquals(List.of(), K8sLog.parse("jconmon", r[1].log()).normalized(), "jconmon: nothing logged");
    }

    /** A SEQPACKET client: 32 messages of 32 KB (1 MB), then close without reading. */
    private static final String FLOOD = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            s.connect(sys.argv[1])
            chunk = b"x" * 32768
            for _ in range(32):
                s.sendall(chunk)
            s.close()
            """;

    @ParameterizedTest
    @EnumSource(OciRuntime.class)
    void attachClientThatSendsOneMegabyteAndDisconnectsClosesTheContainersStdin(OciRuntime rt) throws Exception {
        Outcome[] r = ConmonRun.both(rt, () -> {
            Spec s = new Spec("/bin/sh", "-c", "cat > /dev/null; echo done").extra("-i").afterStart(run -> {
                Path sock = run.bundle.resolve("attach");
                assertTrue(Host.await(5_000, () -> Files.exists(sock)), run.monitor + ": no attach socket " + sock);
                Host.Result client = Host.exec(List.of("python3", "-c", FLOOD, sock.toString()), 30);
                run.notes.put("client", client.status() + " " + client.stderr().strip());
                run.notes.put("monitor-alive-after-disconnect", Boolean.toString(run.monitorAlive()
                        || Files.exists(run.exits.resolve(run.id))));
            });
            s.exitWaitMillis = 15_000;
            return s;
        });
        for (Outcome o : r) {
            String who = o.describe() + "\n  notes=" + o.notes();
            assertEquals("0 ", o.notes().get("client"), who + "\nthe client must deliver 1 MB");
            assertEquals("true", o.notes().get("monitor-alive-after-disconnect"), who + "\nmonitor died on the disconnect");
            K8sLog log = Compare.completed(o, "0");
            assertEquals(List.of("stdout F done"), log.normalized("stdout"),
                    who + "\nthe container must see EOF on stdin after the client's disconnect (§3.5)");
        }
        Compare.sameRun(r[0], r[1]);
    }
}
