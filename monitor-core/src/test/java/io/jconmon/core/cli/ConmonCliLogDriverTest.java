package io.jconmon.core.cli;

import static io.jconmon.core.cli.CliTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.core.config.LogTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** §1.3 steps 14-15 with §5.1: log drivers and the checks that depend on them. */
class ConmonCliLogDriverTest {
    private static final String[] BASE = {"-c", CID, "-u", CID, "-r", RUNTIME};

    private static String[] with(String... extra) {
        String[] a = java.util.Arrays.copyOf(BASE, BASE.length + extra.length);
        System.arraycopy(extra, 0, a, BASE.length, extra.length);
        return a;
    }

    @Test
    void missingLogPathIsFatal() {
        assertEquals("[conmon:e]: Log driver not provided. Use --log-path", failure(with()));
    }

    @Test
    void logPathErrorsUseTheFatalPrefix() {
        assertEquals("[conmon:e]: No such log driver json-file", failure(with("-l", "json-file:/x")));
        assertEquals("[conmon:e]: log-path must not be empty", failure(with("-l", ":")));
        assertEquals("[conmon:e]: k8s-file requires a filename", failure(with("-l", "k8s-file")));
    }

    @Test
    void logTargetsFollowArgvOrder() throws Exception {
        assertEquals(List.of(new LogTarget(LogTarget.JOURNALD, null), new LogTarget(LogTarget.K8S_FILE, "/b")),
                run(with("-l", "journald:", "-l", "/a", "--log-path", "k8s-file:/b")).config().logTargets());
    }

    @Test
    void journaldNeedsACidLongerThan12Characters() throws Exception {
        assertEquals("[conmon:e]: Container ID must be longer than 12 characters",
                failure("-c", "123456789012", "-u", "u", "-r", RUNTIME, "-l", "journald"));
        run("-c", "1234567890123", "-u", "u", "-r", RUNTIME, "-l", "journald");
    }

    @Test
    void shortCidIsFineWithoutJournald() throws Exception {
        assertEquals("abc", run("-c", "abc", "-u", "u", "-r", RUNTIME, "-l", "/x").config().cid());
    }

    @Test
    void logTagWithK8sFileOnlyIsFatal() {
        assertEquals("[conmon:e]: k8s-file doesn't support --log-tag",
                failure(with("-l", "k8s-file:/x", "--log-tag", "t", "--log-label", "A=1")));
    }

    @Test
    void logLabelWithK8sFileOnlyIsFatal() {
        assertEquals("[conmon:e]: k8s-file doesn't support --log-label",
                failure(with("-l", "/x", "--log-label", "A=1")));
    }

    @Test
    void tagAndLabelsAreFineWithK8sFilePlusJournald() throws Exception {
        CliResult.Run r = run(with("-l", "/x", "-l", "journald", "--log-tag", "t", "--log-label", "A=1",
                "--log-label", "B_2=x y"));
        assertEquals("t", r.config().logTag());
        assertEquals(List.of("A=1", "B_2=x y"), r.config().logLabels());
    }

    @Test
    void tagIsFineWithNoneAsPodmanExecPassesIt() throws Exception {
        assertEquals("{{.Name}}", run(with("-l", "none", "--log-tag", "{{.Name}}")).config().logTag());
    }

    @Test
    void labelStartingWithEqualsIsFatal() {
        assertEquals("[conmon:e]: Container labels must be in format LABEL=VALUE (no LABEL present in '=v')",
                failure(with("-l", "journald", "--log-label", "=v")));
    }

    @Test
    void labelWithoutOrWithSeveralEqualsIsFatal() {
        assertEquals("[conmon:e]: Container labels must be in format LABEL=VALUE (none or more than one '=' present"
                + " in 'LABEL1')", failure(with("-l", "journald", "--log-label", "LABEL1")));
        assertEquals("[conmon:e]: Container labels must be in format LABEL=VALUE (none or more than one '=' present"
                + " in 'A=b=c')", failure(with("-l", "journald", "--log-label", "OK=1", "--log-label", "A=b=c")));
    }

    @Test
    void labelNameOutsideUppercaseDigitsUnderscoreIsFatal() {
        assertEquals("[conmon:e]: Container label names must contain only uppercase letters, numbers and underscore"
                + " (in 'lower=1')", failure(with("-l", "journald", "--log-label", "lower=1")));
        assertEquals("[conmon:e]: Container label names must contain only uppercase letters, numbers and underscore"
                + " (in 'A-B=1')", failure(with("-l", "journald", "--log-label", "A-B=1")));
    }

    @Test
    void shortCidIsReportedBeforeBadLabels() {
        assertEquals("[conmon:e]: Container ID must be longer than 12 characters",
                failure("-c", "short", "-u", "u", "-r", RUNTIME, "-l", "journald", "--log-label", "bad"));
    }

    @Test
    void noPartialMessageWithoutJournaldIsOnlyAWarning() throws Exception {
        CliResult.Run r = run(with("-l", "/x", "--no-container-partial-message"));
        assertEquals(List.of("--no-container-partial-message has no effect without journald log driver"), r.warnings());
        assertEquals(true, r.config().noContainerPartialMessage());
    }

    @Test
    void noPartialMessageWithJournaldGivesNoWarning() throws Exception {
        assertEquals(List.of(), run(with("-l", "journald", "--no-container-partial-message")).warnings());
    }

    @Test
    void logOptsAreCollectedInOrderWithoutValidation() throws Exception {
        CliResult.Run r = run(with("-l", "/x", "--log-opt", "k8s-file.max-size=10MB", "--log-opt=whatever"));
        assertEquals(List.of("k8s-file.max-size=10MB", "whatever"), r.logOpts());
    }

    /** A host whose only extra driver is {@code upper}, installed in plugins dir {@code /opt/plugins}. */
    private static Environment pluginsAt(String dir) {
        FakeEnvironment base = FakeEnvironment.standard();
        return new Environment() {
            @Override
            public String cwd() {
                return base.cwd();
            }

            @Override
            public boolean isExecutable(java.nio.file.Path path) {
                return base.isExecutable(path);
            }

            @Override
            public String accessError(java.nio.file.Path path) {
                return base.accessError(path);
            }

            @Override
            public boolean hasLogDriver(String name, String pluginsDir) {
                return name.equals("upper") && dir.equals(pluginsDir);
            }
        };
    }

    @Test
    void pluginsDirReachesTheDriverCheckAndTheResult() throws Exception {
        CliResult.Run r = run(pluginsAt("/opt/plugins"), with("--plugins-dir", "/opt/plugins", "-l", "upper:/out"));
        assertEquals("/opt/plugins", r.pluginsDir());
        assertEquals(List.of(new LogTarget("upper", "/out")), r.config().logTargets());
        assertEquals("/opt/plugins", run(pluginsAt("/opt/plugins"), with("-l", "upper:/out", "--plugins-dir=/opt/plugins"))
                .pluginsDir(), "GLib parsing: the whole argv is parsed before drivers are checked");
    }

    @Test
    void withoutPluginsDirTheHostDefaultIsAskedFor() throws Exception {
        assertEquals("[conmon:e]: No such log driver upper", failure(pluginsAt("/opt/plugins"), with("-l", "upper:/out")));
        assertEquals(null, run(with("-l", "/x")).pluginsDir());
    }
}
