package telemetry.http.whiteboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void safeIdsPassUnchanged() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", RequestIds.sanitise("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertEquals("req-1.2_3:x/y=z+@", RequestIds.sanitise(" req-1.2_3:x/y=z+@ "));
    }

    @Test
    void absentOrBlankIsNoId() {
        assertNull(RequestIds.sanitise(null));
        assertNull(RequestIds.sanitise(""));
        assertNull(RequestIds.sanitise(" \t "));
    }

    @Test
    void unsafeCharactersAreReplacedAndLengthIsBounded() {
        assertEquals("a_b_c_d_e_f_g_h_", RequestIds.sanitise("a<b>c\"d'e\\f`g h\u00e9"));
        assertEquals(63, RequestIds.sanitise("x".repeat(10_000)).length());
    }

    @Property(tries = 2000)
    void everyIdIsShortVisibleAscii(@ForAll String header) {
        String id = RequestIds.sanitise(header);
        if (id != null) {
            assertTrue(id.length() <= RequestIds.MAX_LENGTH);
            assertTrue(id.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"'\\<>`".indexOf(c) < 0), id);
        }
    }
}
