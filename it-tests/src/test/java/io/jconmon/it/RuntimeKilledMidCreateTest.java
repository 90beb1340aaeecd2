package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import io.jconmon.it.ConmonRun.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The OCI runtime SIGKILLed while it creates the container (conmon-interface.md §2.4, §2.9, §2.11):
 * the runtime exits by a signal with nothing on stderr. C conmon vs jconmon: what reaches the sync
 * pipe, exit files, the exit command, the monitor's exit.
 */
class RuntimeKilledMidCreateTest {

    @Test
    void runtimeKilledDuringCreateIsReportedAsAFailedCreate() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jconmon-it-fakert-");
        Path pids = Files.createDirectory(dir.resolve("pids"));
        Path script = dir.resolve("fake-runtime");
        // On create: record our pid under the container id (the last argument) and become a 5 s
        // sleep (same pid, so killing it kills "the runtime" and nothing holds its stderr open).
        Files.writeString(script, """
                #!/bin/bash
                if [ "$1" = create ] || [[ " $* " == *" create "* ]]; then
                  id="${@: -1}"
                  echo $$ > "%s/$id.tmp" && mv "%s/$id.tmp" "%s/$id"
                  exec sleep 5
                fi
                exec /usr/bin/runc "$@"
                """.formatted(pids, pids, pids));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Set<String> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (killed.size() < 2 && System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(pids)) {
                    for (Path p : s.toList()) {
                        String name = p.getFileName().toString();
                        if (!name.endsWith(".tmp") && killed.add(name)) {
                            Thread.sleep(300); // let the monitor settle into waiting for it
                            Host.kill(Long.parseLong(Files.readString(p).trim()), "KILL");
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        }, "runtime-killer");
        killer.setDaemon(true);
        killer.start();
        try {
            Outcome[] r = ConmonRun.both(OciRuntime.RUNC, () -> new Spec("/bin/true").runtime(script.toString())
                    .tail("--exit-command", "/bin/sh", "--exit-command-arg", "-c",
                            "--exit-command-arg", "echo ran >> {W}/marker"));
            killer.join(5_000);
            String who = "C: " + r[0].describe() + "\njconmon: " + r[1].describe();
            assertEquals(2, killed.size(), who + "\nthe fake runtime was not started (and killed) twice: " + killed);
            for (Outcome o : r) {
                assertEquals(0, o.p1Status(), who + "\n" + o.monitor() + " P1 status (the failure comes in P2)");
                for (String line : o.syncLines()) {
                    SyncMessage m = SyncMessage.parse(o.monitor().name(), line);
                    assertEquals(-1, m.data(), who + "\n" + o.monitor() + ": no container pid may be reported");
                }
                assertTrue(o.syncEof(), who + "\n" + o.monitor() + ": the sync pipe must reach EOF");
                assertNull(o.exitFile(), who + "\n" + o.monitor() + ": no exit file after a failed create (§2.11)");
                assertNull(o.persistExit(), who + "\n" + o.monitor() + ": no persist exit file");
                assertTrue(o.monitorGone(), who + "\n" + o.monitor() + ": the monitor must exit");
                assertEquals("absent", o.notes().get("runtime-state"), who + "\n" + o.monitor() + ": no container");
            }
            // C 2.1.6 sends nothing when the runtime's stderr is empty; since 2.2.0 (commit 15de5b1,
            // which jconmon follows, §2.4) the -1 line is sent anyway, without a message.
            List<String> cSync = r[0].syncLines();
            assertTrue(cSync.isEmpty() || cSync.equals(List.of("{\"data\": -1}")), who + "\nC reference sync lines");
            assertEquals(List.of("{\"data\": -1}"), r[1].syncLines(), who + "\njconmon: one -1 line (2.2.x, §2.4)");
            assertEquals(r[0].marker(), r[1].marker(), who + "\nexit command after the killed create (marker)");
            assertEquals(r[0].p1StderrNoDebug(), r[1].p1StderrNoDebug(), who + "\nP1 stderr (non-debug lines)");
        } finally {
            killer.interrupt();
            Host.deleteTree(dir);
        }
    }
}
