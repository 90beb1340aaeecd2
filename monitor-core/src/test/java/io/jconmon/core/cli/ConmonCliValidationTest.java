package io.jconmon.core.cli;

import static io.jconmon.core.cli.CliTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jconmon.core.config.LogLevel;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validation order and messages of conmon-interface.md §1.3, steps 1-13. */
class ConmonCliValidationTest {

    @Test
    void versionPrintsTheConmonCompatVersionAndJconmonCommitLine() throws Exception {
        CliResult r = cli().parse(args("--version"), FakeEnvironment.standard());
        assertEquals(new CliResult.Version("conmon version 2.2.1\ncommit: jconmon 9.8.7-test\n"), r);
    }

    @Test
    void versionTextTakesBothVersionsFromTheConstructor() throws Exception {
        CliResult r = new ConmonCli("2.1.10", "0.1.0").parse(args("--version"), FakeEnvironment.standard());
        assertEquals(new CliResult.Version("conmon version 2.1.10\ncommit: jconmon 0.1.0\n"), r);
    }

    @Test
    void versionWinsOverEveryLaterValidation() throws Exception {
        CliResult r = cli().parse(args("--log-max-files", "-1", "--version", "--exec-attach"), FakeEnvironment.standard());
        assertInstanceOf(CliResult.Version.class, r);
    }

    @Test
    void parseFailureComesBeforeVersion() {
        assertEquals("conmon: option parsing failed: Unknown option --bogus", failure("--version", "--bogus"));
    }

    @Test
    void helpIsReturnedBeforeAnyValidation() throws Exception {
        CliResult r = cli().parse(args("--log-max-files", "-1", "-h"), FakeEnvironment.standard());
        assertEquals(new CliResult.Help(cli().helpText()), r);
    }

    @Test
    void parseFailureIsPrefixedWithOptionParsingFailed() {
        assertEquals("conmon: option parsing failed: Missing argument for --cid", failure("--cid"));
        assertEquals("conmon: option parsing failed: Integer value “4294967296” for --timeout out of range",
                failure(create("--timeout=4294967296")));
    }

    @Test
    void negativeLogMaxFilesFailsFirstWithTheEarlyPrefix() {
        assertEquals("conmon: log-max-files must be non-negative, got -1", failure("--log-max-files", "-1"));
        assertEquals("conmon: log-max-files must be non-negative, got -16", failure("--log-max-files=-0x10"));
    }

    @Test
    void logRotateWithZeroMaxFilesFails() {
        assertEquals("conmon: log-max-files must be at least 1 when log-rotate is enabled, got 0",
                failure("--log-rotate", "--log-max-files", "0"));
    }

    @Test
    void zeroMaxFilesWithoutRotateIsAccepted() throws Exception {
        assertEquals(0, run(create("--log-max-files", "0")).config().logMaxFiles());
    }

    @Test
    void missingCidFailsWithTheEarlyPrefix() {
        assertEquals("conmon: Container ID not provided. Use --cid", failure("-u", CID, "-r", RUNTIME, "-l", "none"));
    }

    @Test
    void missingCidAndCuuidReportsTheCid() {
        assertEquals("conmon: Container ID not provided. Use --cid",
                failure("--log-level", "bogus", "--exec-attach", "-l", "none"));
    }

    @Test
    void unknownLogLevelFailsAfterTheCidCheck() {
        assertEquals("[conmon:e]: No such log level loud", failure("-c", CID, "--log-level", "loud", "--exec-attach"));
        assertEquals("[conmon:e]: No such log level ", failure(create("--log-level=")));
    }

    @ParameterizedTest
    @CsvSource({"error,ERROR", "FATAL,ERROR", "Panic,ERROR", "warn,WARN", "WARNING,WARN", "info,INFO",
        "Debug,DEBUG", "trace,TRACE"})
    void logLevelNamesAreCaseInsensitive(String name, LogLevel expected) throws Exception {
        assertEquals(expected, run(create("--log-level", name)).config().logLevel());
    }

    @Test
    void logLevelDefaultsToWarn() throws Exception {
        assertEquals(LogLevel.WARN, run(create()).config().logLevel());
    }

    @Test
    void execWithRestoreFailsBeforeTheAttachAndUuidChecks() {
        assertEquals("[conmon:e]: Cannot use 'exec' and 'restore' at the same time",
                failure("-c", CID, "-e", "--restore", "/ckpt", "--exec-attach"));
    }

    @Test
    void execAttachWithoutExecFails() {
        assertEquals("[conmon:e]: Attach can only be specified with exec", failure("-c", CID, "--exec-attach"));
    }

    @Test
    void execAttachWithoutApiVersionFails() {
        assertEquals("[conmon:e]: Attach can only be specified for a non-legacy exec session",
                failure("-c", CID, "-e", "--exec-attach"));
    }

    @Test
    void missingCuuidFailsBeforeTheRuntimeCheck() {
        assertEquals("[conmon:e]: Container UUID not provided. Use --cuuid", failure("-c", CID));
    }

    @Test
    void execWithApiVersionStillNeedsCuuid() {
        assertEquals("[conmon:e]: Container UUID not provided. Use --cuuid",
                failure("-c", CID, "--api-version", "1", "-e", "-r", RUNTIME));
    }

    @Test
    void legacyExecNeedsNoCuuid() throws Exception {
        CliResult.Run r = run("-c", CID, "-e", "-r", RUNTIME, "--exec-process-spec", "/spec", "-l", "none");
        assertNull(r.config().cuuid());
        assertEquals(0, r.config().apiVersion());
    }

    @Test
    void missingRuntimeFailsBeforeTheExecSpecCheck() {
        assertEquals("[conmon:e]: Runtime path not provided. Use --runtime", failure("-c", CID, "-u", "u", "-e"));
    }

    @Test
    void runtimeThatIsNotExecutableFailsWithStrerrorAfterASpace() {
        assertEquals("[conmon:e]: Runtime path /nope/runc is not valid No such file or directory",
                failure("-c", CID, "-u", "u", "-r", "/nope/runc", "-e"));
        assertEquals("[conmon:e]: Runtime path /etc/passwd is not valid Permission denied",
                failure("-c", CID, "-u", "u", "-r", "/etc/passwd"));
    }

    @Test
    void executableDirectoryPassesAsRuntime() throws Exception {
        assertEquals("/tmp", run("-c", CID, "-u", CID, "-r", "/tmp", "-l", "none").config().runtime().toString());
    }

    @Test
    void execWithoutProcessSpecFailsBeforeTheWorkingDirectoryAndDelayChecks() {
        FakeEnvironment noCwd = FakeEnvironment.standard().withCwd(null);
        assertEquals("[conmon:e]: Exec process spec path not provided. Use --exec-process-spec",
                failure(noCwd, "-c", CID, "-u", "u", "-r", RUNTIME, "-e", "--exit-delay", "-1"));
    }

    @Test
    void unknownWorkingDirectoryFailsBeforeTheDelayCheck() {
        FakeEnvironment noCwd = FakeEnvironment.standard().withCwd(null);
        assertEquals("[conmon:e]: Failed to get working directory",
                failure(noCwd, "-c", CID, "-u", "u", "-r", RUNTIME, "--exit-delay", "-1"));
    }

    @Test
    void negativeExitDelayFailsBeforeTheLogDriverCheck() {
        assertEquals("[conmon:e]: Delay before invoking exit command must be greater than or equal to 0",
                failure("-c", CID, "-u", "u", "-r", RUNTIME, "--exit-delay", "-1"));
    }

    @Test
    void errorMessagesCarryExitStatusOne() {
        CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> cli().parse(args("-c", CID), new FakeEnvironment("/", Set.of(), Map.of())));
        assertEquals(CliException.EXIT_STATUS, e.exitStatus());
        assertEquals(1, e.exitStatus());
    }
}
