/** Variant "baseline": the empty monitor. Prints nothing, exits. */
public final class Baseline {
    public static void main(String[] args) throws Exception {
        // Every variant ends with this line so the Pss probe can keep the JVM alive.
        if (Boolean.getBoolean("libcost.sleep")) Thread.sleep(600_000);
    }
}
