package io.jconmon.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.it.ConmonRun.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The host config file (JCONMON_CONFIG, as containers.conf's conmon_env_vars sets it) reaches a real
 * container, and host-level delivery options work end to end.
 */
class HostConfigFileTest {
    private static final Pattern JSON_LOG = Pattern.compile("\\{\"log\":\"(.*?)\",\"stream\":\"(stdout|stderr)\",\"time\":\"[^\"]+\"}");

    @Test
    void theHostFileGivesAContainerAJsonFileLogNextToItsK8sFileLog() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jcit-hostconf-");
        Path conf = dir.resolve("jconmon.conf");
        Files.writeString(conf, """
                # what a packager would ship: Docker-format logs for every container
                log-driver = json-file:%s/{id}.json
                log-opt = json-file.max-size=10m
                """.formatted(dir));
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC,
                new ConmonRun.Spec("/bin/sh", "-c", "echo one; echo two >&2; echo three")
                        .env("JCONMON_CONFIG", conf.toString()));
        K8sLog k8s = Compare.completed(o, "0");
        assertEquals(List.of("stdout F one", "stdout F three"), k8s.normalized("stdout"));
        List<String> json = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(o.id() + ".json"), StandardCharsets.UTF_8)) {
            Matcher m = JSON_LOG.matcher(line);
            assertTrue(m.matches(), line);
            json.add(m.group(2) + " " + m.group(1));
        }
        // The two streams are separate pipes: their relative order is not defined.
        assertEquals(List.of("stdout one\\n", "stdout three\\n"), json.stream().filter(l -> l.startsWith("stdout")).toList());
        assertEquals(List.of("stderr two\\n"), json.stream().filter(l -> l.startsWith("stderr")).toList());
    }

    @Test
    void aBrokenHostFileStopsTheContainerWithTheFileAndLineBeforeItStarts() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jcit-hostconf-");
        Path conf = dir.resolve("jconmon.conf");
        Files.writeString(conf, "log-opt = json-file.max-size=10m\nlog-drivr = json-file:/x\n");
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.RUNC,
                new ConmonRun.Spec("/bin/true").env("JCONMON_CONFIG", conf.toString()));
        assertNotEquals(0, o.p1Status(), o.describe());
        assertTrue(o.p1Stderr().contains(conf + ":2: unknown key log-drivr"), o.p1Stderr());
    }

    @Test
    void nonBlockingK8sFileAccountsForEveryLineOfAFlood() throws Exception {
        int lines = 200_000;
        Outcome o = ConmonRun.execute(Monitor.JCONMON, OciRuntime.CRUN,
                new ConmonRun.Spec("/bin/sh", "-c", "seq 1 " + lines)
                        .extra("--log-opt", "k8s-file.mode=non-blocking", "--log-opt", "k8s-file.max-buffer-size=64k"));
        K8sLog log = Compare.completed(o, "0");
        // Records may be cut at 8 KiB chunk boundaries and a drop can hit half a line, so the
        // account is kept in content bytes: logged + announced as dropped = written - newlines.
        Pattern notice = Pattern.compile("jconmon: log driver k8s-file dropped (\\d+) records \\((\\d+) bytes\\) of stdout because its queue was full");
        long logged = 0;
        long dropped = 0;
        for (K8sLog.Record r : log.records) {
            Matcher m = notice.matcher(new String(r.content(), StandardCharsets.ISO_8859_1));
            if (m.matches()) {
                dropped += Long.parseLong(m.group(2));
            } else {
                logged += r.content().length;
            }
        }
        long written = 0;
        for (int i = 1; i <= lines; i++) {
            written += Integer.toString(i).length() + 1;
        }
        assertEquals(written - lines, logged + dropped, "every byte is in the log or counted in a drop notice");
    }
}
