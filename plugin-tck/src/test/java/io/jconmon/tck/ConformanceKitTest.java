package io.jconmon.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jconmon.spi.LogDriverFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit tested: it passes a driver that keeps the contract, and each rule it claims to check fails
 * a driver that breaks exactly that rule. The suites below are run through the JUnit launcher, not
 * by the build directly (nested classes are not picked up by surefire).
 */
class ConformanceKitTest {

    @Test
    void aDriverThatKeepsTheContractPassesEveryTest() {
        assertPassesEveryTest(Reference.class);
    }

    @Test
    void aDriverThatAsksForEveryRecordAgainPassesBecauseTheHostOffersItAgain() {
        assertPassesEveryTest(RetriesFirst.class);
    }

    @Test
    void aDriverThatKeepsTheRecordBufferFails() {
        assertFails(KeepsTheRecordBuffer.class, "theDriverDoesNotKeepTheRecordBufferAfterWrite");
    }

    @Test
    void aDriverThatReadsTheContentTwiceFails() {
        assertFails(ReadsTheContentTwice.class, "completeLinesAreDeliveredAsWritten");
    }

    @Test
    void aDriverThatIgnoresTheContentPositionFails() {
        assertFails(IgnoresThePosition.class, "theContentIsReadBetweenPositionAndLimitWhereverTheyAre");
    }

    @Test
    void aDriverThatLosesUnflushedRecordsAtCloseFails() {
        assertFails(LosesUnflushedRecordsAtClose.class, "closeDeliversWhatWasNeverFlushed");
    }

    @Test
    void aDriverThatCountsAcceptedRecordsAsDroppedFails() {
        assertFails(CountsAcceptedRecordsAsDropped.class, "completeLinesAreDeliveredAsWritten");
    }

    @Test
    void aDriverThatThrowsOnCloseFails() {
        assertFails(ThrowsOnClose.class, "aDriverClosedRightAfterOpeningDeliversNothing");
    }

    @Test
    void aDriverThatKeepsEveryRecordInMemoryFails() {
        assertFails(KeepsEveryRecordInMemory.class, "thousandsOfRecordsDoNotGrowRetainedMemory");
    }

    @Test
    void aDriverBoundToItsOpeningThreadFails() {
        assertFails(BoundToTheOpeningThread.class, "callsFromOtherThreadsThanOpenWork");
    }

    @Test
    void aDriverThatWritesStderrAsStdoutFails() {
        assertFails(WritesStderrAsStdout.class, "interleavedStdoutAndStderrKeepTheirStreamsAndOrder");
    }

    @Test
    void aDriverThatForgetsThePartialFlagFails() {
        assertFails(ForgetsThePartialFlag.class, "partialRecordsAreDeliveredAsWritten");
    }

    @Test
    void aDriverThatLosesEarlierOutputOnReopenFails() {
        assertFails(TruncatesOnReopen.class, "reopenKeepsTheDriverWriting");
    }

    @Test
    void aDriverThatSkipsEmptyRecordsFails() {
        assertFails(SkipsEmptyRecords.class, "emptyRecordsAreDelivered");
    }

    @Test
    void aNameThatCannotBeGivenToDashLFails() {
        assertFails(NameWithAColon.class, "theNameIsNonEmptyStableAndFitsTheCommandLine");
    }

    @Test
    void anOptionNameThatCannotBeGivenToLogOptFails() {
        assertFails(OptionNameWithAnEqualsSign.class, "optionNamesAreStableAndFitTheCommandLine");
    }

    @Test
    void anOptionTheFactoryDoesNotDeclareFails() {
        assertFails(UndeclaredOption.class, "theOptionsOfAFreshInstanceAreAllDeclared");
    }

    @Test
    void aDriverDeclaredTextOnlyThatKeepsInvalidBytesFails() {
        assertFails(DeclaredTextOnly.class, "invalidUtf8IsDeliveredVerbatimOrAsReplacementCharacters");
    }

    @Test
    void aDriverThatLosesTimestampsFailsUnlessDeclared() {
        assertFails(LosesTimestamps.class, "completeLinesAreDeliveredAsWritten");
        assertEquals("SUCCESSFUL", run(DiscoverySelectors.selectMethod(LosesTimestampsDeclared.class,
                "completeLinesAreDeliveredAsWritten")).get("completeLinesAreDeliveredAsWritten"));
    }

    @Test
    void aDriverThatLosesNulFailsUnlessDeclared() {
        assertFails(LosesNul.class, "everyByteButNewlineIsDelivered");
        assertEquals("SUCCESSFUL", run(DiscoverySelectors.selectMethod(LosesNulDeclared.class,
                "everyByteButNewlineIsDelivered")).get("everyByteButNewlineIsDelivered"));
    }

    /** Runs the whole kit and checks that every one of its tests ran and passed. */
    private static void assertPassesEveryTest(Class<? extends Reference> suite) {
        Map<String, String> outcomes = run(DiscoverySelectors.selectClass(suite));
        long kitTests = Arrays.stream(LogDriverConformanceTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .count();
        assertEquals(kitTests, outcomes.size(), () -> "tests run: " + outcomes);
        outcomes.forEach((test, outcome) -> assertEquals("SUCCESSFUL", outcome, test));
    }

    /** Runs one test of the kit against a flawed driver and checks that it fails. */
    private static void assertFails(Class<? extends Reference> suite, String test) {
        Method method;
        try {
            method = LogDriverConformanceTest.class.getDeclaredMethod(test);
        } catch (NoSuchMethodException e) {
            throw new AssertionError("the kit has no test " + test, e);
        }
        Map<String, String> outcomes = run(DiscoverySelectors.selectMethod(suite, method));
        assertEquals(Set.of(test), outcomes.keySet(), "tests run");
        assertTrue(outcomes.get(test).startsWith("FAILED"), () -> test + " passed a " + suite.getSimpleName()
                + " driver: " + outcomes.get(test));
    }

    /** Test method name → SUCCESSFUL, SKIPPED, or FAILED with the failure's message. */
    private static Map<String, String> run(DiscoverySelector selector) {
        Map<String, String> outcomes = new TreeMap<>();
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(selector).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        outcomes.put(name(test), "SKIPPED " + reason);
                    }

                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            outcomes.put(name(test), result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                    ? "SUCCESSFUL"
                                    : "FAILED " + result.getThrowable().map(Throwable::toString).orElse("?"));
                        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                            outcomes.put(name(test), "CONTAINER FAILED " + result.getThrowable().orElse(null));
                        }
                    }
                });
        return outcomes;
    }

    private static String name(TestIdentifier test) {
        String display = test.getDisplayName();
        int paren = display.indexOf('(');
        return paren < 0 ? display : display.substring(0, paren);
    }

    /** The kit applied to the reference driver, as a driver's own test applies it. */
    static class Reference extends LogDriverConformanceTest {
        @Override
        protected LogDriverFactory factory() {
            return new ReferenceDriverFactory();
        }

        @Override
        protected Map<String, String> options(Path dir) {
            String flaw = flaw();
            String path = dir.resolve("out.bin").toString();
            return flaw == null ? Map.of("path", path) : Map.of("path", path, "flaw", flaw);
        }

        @Override
        protected DriverCapabilities capabilities() {
            return DriverCapabilities.verbatim();
        }

        @Override
        protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
            return ReferenceDriver.read(Path.of(setup.options().get("path")));
        }

        @Override
        protected int recordsForMemoryCheck() {
            return 1000; // 4 MiB: a driver that keeps it all grows by far more than the 1 MiB allowed
        }

        String flaw() {
            return null;
        }
    }

    /** Answers RETRY_LATER to every record's first offer: allowed, the host offers it again. */
    static class RetriesFirst extends Reference {
        @Override
        protected Map<String, String> options(Path dir) {
            return Map.of("path", dir.resolve("out.bin").toString(), "retry-first", "true");
        }
    }

    static class KeepsTheRecordBuffer extends Reference {
        @Override
        String flaw() {
            return "KEEPS_THE_RECORD_BUFFER";
        }
    }

    static class ReadsTheContentTwice extends Reference {
        @Override
        String flaw() {
            return "READS_THE_CONTENT_TWICE";
        }
    }

    static class IgnoresThePosition extends Reference {
        @Override
        String flaw() {
            return "IGNORES_THE_POSITION";
        }
    }

    static class LosesUnflushedRecordsAtClose extends Reference {
        @Override
        String flaw() {
            return "LOSES_UNFLUSHED_RECORDS_AT_CLOSE";
        }
    }

    static class CountsAcceptedRecordsAsDropped extends Reference {
        @Override
        String flaw() {
            return "COUNTS_ACCEPTED_RECORDS_AS_DROPPED";
        }
    }

    static class ThrowsOnClose extends Reference {
        @Override
        String flaw() {
            return "THROWS_ON_CLOSE";
        }
    }

    static class KeepsEveryRecordInMemory extends Reference {
        @Override
        String flaw() {
            return "KEEPS_EVERY_RECORD_IN_MEMORY";
        }
    }

    static class BoundToTheOpeningThread extends Reference {
        @Override
        String flaw() {
            return "BOUND_TO_THE_OPENING_THREAD";
        }
    }

    static class WritesStderrAsStdout extends Reference {
        @Override
        String flaw() {
            return "WRITES_STDERR_AS_STDOUT";
        }
    }

    static class ForgetsThePartialFlag extends Reference {
        @Override
        String flaw() {
            return "FORGETS_THE_PARTIAL_FLAG";
        }
    }

    static class TruncatesOnReopen extends Reference {
        @Override
        String flaw() {
            return "TRUNCATES_ON_REOPEN";
        }
    }

    static class SkipsEmptyRecords extends Reference {
        @Override
        String flaw() {
            return "SKIPS_EMPTY_RECORDS";
        }
    }

    static class NameWithAColon extends Reference {
        @Override
        protected LogDriverFactory factory() {
            return new ReferenceDriverFactory("reference:v2", Set.of("path", "flaw"));
        }
    }

    static class OptionNameWithAnEqualsSign extends Reference {
        @Override
        protected LogDriverFactory factory() {
            return new ReferenceDriverFactory("reference", Set.of("path", "flaw", "level=high"));
        }
    }

    static class UndeclaredOption extends Reference {
        @Override
        protected LogDriverFactory factory() {
            return new ReferenceDriverFactory("reference", Set.of("flaw"));
        }
    }

    /** Claims its output is text, so the kit expects U+FFFD where the driver keeps the bytes. */
    static class DeclaredTextOnly extends Reference {
        @Override
        protected DriverCapabilities capabilities() {
            return DriverCapabilities.verbatim().textOnly();
        }
    }

    /** Reads back every timestamp as 0. */
    static class LosesTimestamps extends Reference {
        @Override
        protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
            return super.readBack(setup).stream()
                    .map(r -> new DeliveredRecord(r.stream(), r.content(), r.partial()))
                    .toList();
        }
    }

    static class LosesTimestampsDeclared extends LosesTimestamps {
        @Override
        protected DriverCapabilities capabilities() {
            return DriverCapabilities.verbatim().withoutTimestamps();
        }
    }

    /** Reads back each NUL as rsyslog stores it, {@code #000}. */
    static class LosesNul extends Reference {
        @Override
        protected List<DeliveredRecord> readBack(DriverSetup setup) throws IOException {
            return super.readBack(setup).stream()
                    .map(r -> new DeliveredRecord(r.stream(), escapeNul(r.content()), r.partial(), r.timestampNanos()))
                    .toList();
        }

        private static byte[] escapeNul(byte[] content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte b : content) {
                if (b == 0) {
                    out.writeBytes("#000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } else {
                    out.write(b);
                }
            }
            return out.toByteArray();
        }
    }

    static class LosesNulDeclared extends LosesNul {
        @Override
        protected DriverCapabilities capabilities() {
            return DriverCapabilities.verbatim().withoutNul();
        }
    }
}
