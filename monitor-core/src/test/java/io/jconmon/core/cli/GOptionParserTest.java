package io.jconmon.core.cli;

import static io.jconmon.core.cli.ConmonOptions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GLib GOption semantics, conmon-interface.md §1.1, exercised through conmon's own table. */
class GOptionParserTest {
    private final GOptionParser parser = ConmonOptions.parser();

    private ParsedOptions parse(String... args) throws OptionParseException {
        return parser.parse(args);
    }

    private String failure(String... args) {
        return assertThrows(OptionParseException.class, () -> parser.parse(args)).getMessage();
    }

    @Test
    void longOptionTakesValueFromNextElement() throws Exception {
        assertEquals("abc", parse("--cid", "abc").string(CID));
    }

    @Test
    void longOptionTakesValueAfterEquals() throws Exception {
        assertEquals("abc", parse("--cid=abc").string(CID));
    }

    @Test
    void valueAfterEqualsKeepsFurtherEqualsSigns() throws Exception {
        assertEquals(List.of("--root=/run/runc"), parse("--runtime-arg=--root=/run/runc").strings(RUNTIME_ARG));
    }

    @Test
    void valueStartingWithDashIsTakenVerbatim() throws Exception {
        ParsedOptions o = parse("--runtime-arg", "--log-format=json", "--runtime-arg", "--log",
                "--exit-command-arg", "--root", "--runtime-opt", "--tcp-established", "--runtime-arg", "--");
        assertEquals(List.of("--log-format=json", "--log", "--"), o.strings(RUNTIME_ARG));
        assertEquals(List.of("--root"), o.strings(EXIT_COMMAND_ARG));
        assertEquals(List.of("--tcp-established"), o.strings(RUNTIME_OPT));
    }

    @Test
    void valueThatLooksLikeHelpIsJustAValue() throws Exception {
        ParsedOptions o = parse("-c", "--help", "--name", "-h");
        assertFalse(o.helpRequested());
        assertEquals("--help", o.string(CID));
        assertEquals("-h", o.string(NAME));
    }

    @Test
    void emptyValuesAreKept() throws Exception {
        ParsedOptions o = parse("--exit-command-arg", "", "--name=", "-n", "");
        assertEquals(List.of(""), o.strings(EXIT_COMMAND_ARG));
        assertEquals("", o.string(NAME));
    }

    @Test
    void missingValueOfLastLongOptionFails() {
        assertEquals("Missing argument for --cid", failure("--cid"));
        assertEquals("Missing argument for --timeout", failure("-c", "x", "--timeout"));
        assertEquals("Missing argument for --log-path", failure("--log-path"));
    }

    @Test
    void missingValueOfLastShortOptionFails() {
        assertEquals("Missing argument for -c", failure("-c"));
        assertEquals("Missing argument for -l", failure("-t", "-il"));
    }

    @Test
    void shortOptionTakesNextElement() throws Exception {
        ParsedOptions o = parse("-c", "ID", "-u", "UU", "-0", "/persist");
        assertEquals("ID", o.string(CID));
        assertEquals("UU", o.string(CUUID));
        assertEquals("/persist", o.string(PERSIST_DIR));
    }

    @Test
    void attachedShortValueIsACluster_FailsNamingTheWholeElement() {
        // GLib reads -cID as -c -I -D; -c takes the next element, then I is no option.
        assertEquals("Unknown option -cID", failure("-cID", "next"));
    }

    @Test
    void attachedShortValueAsLastElementFailsForTheMissingValue() {
        assertEquals("Missing argument for -c", failure("-cID"));
    }

    @Test
    void flagClustersSetEveryFlag() throws Exception {
        ParsedOptions ti = parse("-ti");
        assertTrue(ti.flag(TERMINAL) && ti.flag(STDIN));
        ParsedOptions it = parse("-it");
        assertTrue(it.flag(TERMINAL) && it.flag(STDIN));
        ParsedOptions tise = parse("-tise");
        assertTrue(tise.flag(SYSTEMD_CGROUP) && tise.flag(EXEC));
        assertFalse(parse("-t").flag(STDIN));
    }

    @Test
    void valueOptionInClusterTakesTheNextElement() throws Exception {
        ParsedOptions tc = parse("-tc", "ID", "-s");
        assertTrue(tc.flag(TERMINAL));
        assertTrue(tc.flag(SYSTEMD_CGROUP));
        assertEquals("ID", tc.string(CID));
        ParsedOptions ct = parse("-ct", "ID");
        assertTrue(ct.flag(TERMINAL));
        assertEquals("ID", ct.string(CID));
    }

    @Test
    void twoValueOptionsInOneClusterFail() {
        assertEquals("Error parsing option -b", failure("-cb", "A", "B"));
    }

    @Test
    void unknownCharacterInFlagClusterFailsNamingTheCluster() {
        assertEquals("Unknown option -tx", failure("-tx"));
        assertEquals("Unknown option -x", failure("-x"));
    }

    @Test
    void lastStringValueWins() throws Exception {
        ParsedOptions o = parse("-c", "a", "--cid", "b", "-n", "x", "--name=y");
        assertEquals("b", o.string(CID));
        assertEquals("y", o.string(NAME));
    }

    @Test
    void arraysAccumulateInArgvOrder() throws Exception {
        ParsedOptions o = parse("-l", "a", "--log-path", "b", "--log-path=c", "-l", "d");
        assertEquals(List.of("a", "b", "c", "d"), o.strings(LOG_PATH));
    }

    @Test
    void absentArrayIsEmptyAndAbsentStringIsNull() throws Exception {
        ParsedOptions o = parse();
        assertEquals(List.of(), o.strings(RUNTIME_ARG));
        assertNull(o.string(CID));
        assertFalse(o.isSet(CID));
    }

    @Test
    void hiddenPidfileAliasSharesStorageWithContainerPidfile() throws Exception {
        assertEquals("b", parse("--pidfile", "a", "--container-pidfile", "b").string(CONTAINER_PIDFILE));
        assertEquals("a", parse("-p", "b", "--pidfile", "a").string(CONTAINER_PIDFILE));
    }

    @Test
    void restoreArgAppendsToRuntimeOptsInArgvOrder() throws Exception {
        ParsedOptions o = parse("--runtime-opt", "a", "--restore-arg", "b", "--runtime-opt", "c");
        assertEquals(List.of("a", "b", "c"), o.strings(RUNTIME_OPT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10|10", "0x10|16", "0X1f|31", "010|8", "0|0", "-5|-5", "+7|7", "-0x10|-16", "' 42'|42", "'\t\n9'|9",
        "2147483647|2147483647", "-2147483648|-2147483648", "0x7fffffff|2147483647"})
    void intIsParsedLikeStrtolBaseZero(String text, int expected) throws Exception {
        assertEquals(expected, parse("--timeout", text).integer(TIMEOUT, -99));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10x", "1 ", "", " ", "08", "0x", "0xg", "-", "+", "1.5", "ten", "1e3"})
    void intWithTrailingJunkOrNoDigitsFails(String text) {
        assertEquals("Cannot parse integer value “" + text + "” for --timeout", failure("--timeout=" + text));
    }

    @Test
    void intErrorNamesTheOptionAsWritten() {
        assertEquals("Cannot parse integer value “abc” for -T", failure("-T", "abc"));
        assertEquals("Integer value “4294967296” for -T out of range", failure("-T", "4294967296"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483648", "-2147483649", "0x80000000", "99999999999999999999", "-99999999999999999999"})
    void intOutsideCIntFails(String text) {
        assertEquals("Integer value “" + text + "” for --exit-delay out of range", failure("--exit-delay", text));
    }

    @Test
    void junkIsReportedBeforeOverflow() {
        assertEquals("Cannot parse integer value “99999999999999999999x” for --timeout",
                failure("--timeout", "99999999999999999999x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "16777216|16777216", "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808", "0x7fffffffffffffff|9223372036854775807",
        "2147483648|2147483648", "-1|-1"})
    void int64AcceptsTheLongRange(String text, long expected) throws Exception {
        assertEquals(expected, parse("--log-size-max", text).integer64(LOG_SIZE_MAX, 0));
    }

    @Test
    void int64OutsideLongFailsAndJunkFails() {
        assertEquals("Integer value “9223372036854775808” for --log-global-size-max out of range",
                failure("--log-global-size-max", "9223372036854775808"));
        assertEquals("Cannot parse integer value “10MB” for --log-size-max", failure("--log-size-max=10MB"));
    }

    @Test
    void doubleDashEndsOptionParsing() throws Exception {
        ParsedOptions o = parse("-c", "a", "--", "--cid", "b", "--bogus", "-h");
        assertEquals("a", o.string(CID));
        assertFalse(o.helpRequested());
        assertEquals(List.of("--cid", "b", "--bogus", "-h"), o.positionals());
    }

    @Test
    void positionalArgumentsAreCollectedAndIgnored() throws Exception {
        ParsedOptions o = parse("--api-version", "1", "-", "stray", "-c", "x");
        assertTrue(o.flag(API_VERSION));
        assertEquals("x", o.string(CID));
        assertEquals(List.of("1", "-", "stray"), o.positionals());
    }

    @Test
    void flagDoesNotConsumeTheNextElement() throws Exception {
        ParsedOptions o = parse("--exec", "-c", "x");
        assertTrue(o.flag(EXEC));
        assertEquals("x", o.string(CID));
    }

    @Test
    void flagGivenWithEqualsValueIsSet() throws Exception {
        assertTrue(parse("--api-version=1").flag(API_VERSION));
        assertTrue(parse("--terminal=false").flag(TERMINAL));
        assertTrue(parse("--sync=").flag(SYNC));
    }

    @Test
    void unknownLongOptionFailsNamingTheWholeElement() {
        assertEquals("Unknown option --xyz", failure("--xyz"));
        assertEquals("Unknown option --xyz=1", failure("-c", "x", "--xyz=1"));
        assertEquals("Unknown option --cgroup2", failure("--cgroup2"));
        assertEquals("Unknown option --tty", failure("--tty"));
    }

    @Test
    void longNamesAreNotAbbreviated() {
        assertEquals("Unknown option --cu", failure("--cu", "x"));
        assertEquals("Unknown option --exit-command-ar", failure("--exit-command-ar", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-?", "--help", "--help-all", "-th", "-t?"})
    void helpOptionsRequestHelp(String option) throws Exception {
        assertTrue(parse("-c", "x", option).helpRequested());
    }

    @Test
    void helpStopsParsingSoLaterErrorsAreNotSeen() throws Exception {
        assertTrue(parse("--help", "--bogus", "--timeout=x").helpRequested());
    }

    @Test
    void errorBeforeHelpWins() {
        assertEquals("Unknown option --bogus", failure("--bogus", "--help"));
    }

    @Test
    void helpWithAValueIsAnUnknownOption() {
        assertEquals("Unknown option --help=1", failure("--help=1"));
    }

    @Test
    void removedSeccompOptionsAreAcceptedWithAValue() throws Exception {
        ParsedOptions o = parse("--seccomp-notify-socket", "/s", "--seccomp-notify-plugins=a:b", "-c", "x");
        assertEquals("x", o.string(CID));
        assertEquals("/s", o.string(SECCOMP_NOTIFY_SOCKET));
    }

    @Test
    void tableDefiningShortHKeepsItAndLeavesQuestionMarkForHelp() throws Exception {
        GOptionParser p = new GOptionParser("prog", "", List.of(OptionSpec.of("host", 'h', OptionKind.STRING, "Host")));
        ParsedOptions o = p.parse(new String[] {"-h", "example"});
        assertFalse(o.helpRequested());
        assertEquals("example", o.string("host"));
        assertTrue(p.parse(new String[] {"-?"}).helpRequested());
        assertTrue(p.helpText().contains("\n  -?, --help "));
    }

    @Test
    void tableRejectsDuplicateNamesAndConflictingAliases() {
        OptionSpec a = OptionSpec.of("alpha", 'a', OptionKind.FLAG, "");
        assertThrows(IllegalArgumentException.class,
                () -> new GOptionParser("p", "", List.of(a, OptionSpec.of("alpha", OptionKind.FLAG, ""))));
        assertThrows(IllegalArgumentException.class,
                () -> new GOptionParser("p", "", List.of(a, OptionSpec.of("other", 'a', OptionKind.FLAG, ""))));
        assertThrows(IllegalArgumentException.class,
                () -> new GOptionParser("p", "", List.of(a, OptionSpec.hidden("beta", OptionKind.STRING, "alpha"))));
        assertThrows(IllegalArgumentException.class,
                () -> new GOptionParser("p", "", List.of(OptionSpec.of("help", OptionKind.FLAG, ""))));
    }
}
