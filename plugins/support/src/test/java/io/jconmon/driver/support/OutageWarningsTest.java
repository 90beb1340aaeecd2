package io.jconmon.driver.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jconmon.tck.RecordingContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageWarningsTest {

    @Test
    void theFirstMessageGoesOutAndTheNextTenSecondsAreHeldBack() {
        RecordingContext context = new RecordingContext();
        OutageWarnings warnings = new OutageWarnings(context.logger());
        warnings.warn("lost tcp://127.0.0.1:1");
        warnings.info("back at tcp://127.0.0.1:1");
        warnings.warn("lost tcp://127.0.0.1:1");
        assertEquals(List.of("WARNING lost tcp://127.0.0.1:1"), context.messages());
    }

    @Test
    void informationAloneGoesOutAtItsOwnLevel() {
        RecordingContext context = new RecordingContext();
        new OutageWarnings(context.logger()).info("reconnected");
        assertEquals(List.of("INFO reconnected"), context.messages());
    }
}
