package telemetry.reporter.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table of the README, row by row (the names are those the JVMs report). */
class PauseClassTest {

    @ParameterizedTest(name = "{0} / {1} / old shrank {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "G1 Young Generation | end of minor GC | false | 0",
                "G1 Young Generation | end of minor GC | true | 1",
                "G1 Old Generation | end of major GC | false | 2",
                "G1 Old Generation | end of major GC | true | 2",
                "G1 Concurrent GC | end of concurrent GC pause | false | 1",
                "PS Scavenge | end of minor GC | false | 0",
                "PS Scavenge | end of minor GC | true | 0",
                "PS MarkSweep | end of major GC | true | 2",
                "Copy | end of minor GC | false | 0",
                "MarkSweepCompact | end of major GC | true | 2",
                "ParNew | end of minor GC | false | 0",
                "ConcurrentMarkSweep | end of major GC | false | 1",
                "ZGC Minor Pauses | end of GC pause | false | 0",
                "ZGC Major Pauses | end of GC pause | false | 1",
                "ZGC Pauses | end of GC pause | false | 1",
                "Shenandoah Pauses | end of GC pause | false | 1",
                "ZGC Major Cycles | end of GC cycle | false | -1",
                "ZGC Cycles | end of GC cycle | false | -1",
                "Shenandoah Cycles | end of GC cycle | false | -1",
                "Some Other Young | end of minor GC | false | 0",
                "Some Other Old | end of major GC | false | 2",
                "Some Other Pauses | end of GC pause | false | 1",
                "Some Other Cycles | end of GC cycle | false | -1",
            })
    void classOfEachCollectorAndAction(String collector, String action, boolean oldShrank, int expected) {
        assertEquals(expected, PauseClass.of(collector, action, oldShrank));
    }
}
