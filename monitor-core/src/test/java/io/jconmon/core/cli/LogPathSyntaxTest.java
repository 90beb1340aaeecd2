package io.jconmon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jconmon.core.config.LogTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every row of the {@code -l/--log-path} table, conmon-interface.md §5.1. */
class LogPathSyntaxTest {
    private static final LogTarget NONE = new LogTarget(LogTarget.NONE, null);
    private static final LogTarget JOURNALD = new LogTarget(LogTarget.JOURNALD, null);
    private static final LogTarget PASSTHROUGH = new LogTarget(LogTarget.PASSTHROUGH, null);

    private static LogTarget k8s(String path) {
        return new LogTarget(LogTarget.K8S_FILE, path);
    }

    private static String failure(String spec) {
        return assertThrows(CliException.class, () -> LogPathSyntax.parse(spec)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "::", ":::"})
    void emptySpecIsFatal(String spec) {
        assertEquals("[conmon:e]: log-path must not be empty", failure(spec));
    }

    @Test
    void leadingColonWithOneTokenNamesAK8sFile() throws Exception {
        assertEquals(k8s("/x.log"), LogPathSyntax.parse(":/x.log"));
        assertEquals(k8s("journald"), LogPathSyntax.parse(":journald"));
        assertEquals(k8s("none"), LogPathSyntax.parse("::none:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "null", "none", "none:", "off:/x", "null:anything:more"})
    void offNullAndNoneMeanNoLogging(String spec) throws Exception {
        assertEquals(NONE, LogPathSyntax.parse(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "passthrough:", "passthrough:/ignored"})
    void passthroughIgnoresAnyPath(String spec) throws Exception {
        assertEquals(PASSTHROUGH, LogPathSyntax.parse(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"journald", "journald:", "journald:/ignored"})
    void journaldIgnoresAnyPath(String spec) throws Exception {
        assertEquals(JOURNALD, LogPathSyntax.parse(spec));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k8s-file:/var/log/ctr.log|/var/log/ctr.log",
        "k8s-file:/a:b|/a",
        "k8s-file::/a|/a",
        "k8s-file:rel.log|rel.log"})
    void k8sFileTakesTheSecondTokenAsPath(String spec, String path) throws Exception {
        assertEquals(k8s(path), LogPathSyntax.parse(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s-file", "k8s-file:", "k8s-file::"})
    void k8sFileWithoutPathIsFatal(String spec) {
        assertEquals("[conmon:e]: k8s-file requires a filename", failure(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/containers/ctr.log", "ctr.log", "k8s-file.log"})
    void barePathWithoutColonIsAK8sFile(String spec) throws Exception {
        assertEquals(k8s(spec), LogPathSyntax.parse(spec));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"foo:bar|foo", "json-file:/x|json-file", "invalid:|invalid", "a::|a",
        "K8S-FILE:/x|K8S-FILE", "Journald:|Journald"})
    void unknownDriverIsFatal(String spec, String driver) {
        assertEquals("[conmon:e]: No such log driver " + driver, failure(spec));
    }

    @Test
    void anInstalledDriverBeyondConmonsIsSelectedWithItsArgument() throws Exception {
        assertEquals(List.of(new LogTarget("json-file", "/x/ctr.json"), k8s("/a")),
                LogPathSyntax.parseAll(List.of("json-file:/x/ctr.json", "k8s-file:/a"), "json-file"::equals));
        assertEquals("[conmon:e]: No such log driver syslog",
                assertThrows(CliException.class, () -> LogPathSyntax.parse("syslog:/x", "json-file"::equals)).getMessage());
    }

    @Test
    void driversAccumulateAndNoneDoesNotCancelOthers() throws Exception {
        assertEquals(List.of(k8s("/a"), JOURNALD, NONE),
                LogPathSyntax.parseAll(List.of("k8s-file:/a", "journald:", "none")));
    }

    @Test
    void secondK8sFileReplacesThePathAtTheFirstPosition() throws Exception {
        assertEquals(List.of(k8s("/b"), JOURNALD),
                LogPathSyntax.parseAll(List.of("k8s-file:/a", "journald", "/b")));
    }

    @Test
    void repeatedDriverIsListedOnce() throws Exception {
        assertEquals(List.of(JOURNALD, PASSTHROUGH),
                LogPathSyntax.parseAll(List.of("journald", "passthrough", "journald:", "passthrough")));
    }

    @Test
    void firstBadSpecFailsEvenAfterGoodOnes() {
        CliException e = assertThrows(CliException.class,
                () -> LogPathSyntax.parseAll(List.of("k8s-file:/a", "bogus:/b", "")));
        assertEquals("[conmon:e]: No such log driver bogus", e.getMessage());
    }
}
