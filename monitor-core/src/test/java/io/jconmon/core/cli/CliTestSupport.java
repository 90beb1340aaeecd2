package io.jconmon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shared helpers for the ConmonCli tests. */
final class CliTestSupport {
    static final String CID = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6";
    static final String RUNTIME = "/usr/bin/crun";

    private CliTestSupport() {
    }

    static ConmonCli cli() {
        return new ConmonCli("9.8.7-test");
    }

    /** A minimal valid create argv followed by {@code extra}. */
    static String[] create(String... extra) {
        List<String> a = new ArrayList<>(List.of("-c", CID, "-u", CID, "-r", RUNTIME, "-l", "k8s-file:/log/ctr.log"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    static String[] args(String... a) {
        return a;
    }

    static CliResult.Run run(String... args) throws CliException {
        return run(FakeEnvironment.standard(), args);
    }

    static CliResult.Run run(Environment env, String... args) throws CliException {
        return assertInstanceOf(CliResult.Run.class, cli().parse(args, env));
    }

    /** The message line of the expected failure; also checks conmon's exit status 1. */
    static String failure(String... args) {
        return failure(FakeEnvironment.standard(), args);
    }

    static String failure(Environment env, String... args) {
        CliException e = assertThrows(CliException.class, () -> cli().parse(args, env));
        assertEquals(1, e.exitStatus());
        return e.getMessage();
    }
}
