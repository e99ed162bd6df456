package telemetry.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseTest {

    @Test
    void theReportedPhasesAreTheFiveOfAJvmInWireOrder() {
        assertEquals(
                List.of(
                        Phase.SERVER_TIME,
                        Phase.APPLICATION_TIME,
                        Phase.REQUEST_TIME,
                        Phase.INPUT_READ_TIME,
                        Phase.OUTPUT_WRITE_TIME),
                Phase.REPORTED);
    }

    @Test
    void noCallerCanChangeTheReportedPhases() {
        assertThrows(UnsupportedOperationException.class, () -> Phase.REPORTED.set(0, Phase.QUEUE_TIME));
        assertThrows(UnsupportedOperationException.class, () -> Phase.REPORTED.add(Phase.GIL_WAIT_TIME));
    }

    @Test
    void eachPhaseHasItsFourFields() {
        assertEquals(Field.APPLICATION_TIME, Phase.APPLICATION_TIME.mean());
        assertEquals("application_time", Phase.APPLICATION_TIME.wireName());
        assertEquals(73, Phase.APPLICATION_TIME.min().id());
        assertEquals(83, Phase.APPLICATION_TIME.max().id());
        assertEquals(93, Phase.APPLICATION_TIME.buckets().id());
    }
}
