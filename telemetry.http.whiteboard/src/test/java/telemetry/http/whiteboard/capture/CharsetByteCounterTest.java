package telemetry.http.whiteboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CharsetByteCounterTest {

    @Property(tries = 1000)
    void utf8CountsAreExact(@ForAll String text) {
        CharsetByteCounter utf8 = CharsetByteCounter.forName("utf-8");
        long expected = text.getBytes(StandardCharsets.UTF_8).length;
        // lone surrogates are replaced by one '?' byte when encoded; pairs are exact
        long lone = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                lone++;
            }
        }
        assertEquals(expected + lone, utf8.bytes(text, 0, text.length()));
        assertEquals(expected + lone, utf8.bytes(text.toCharArray(), 0, text.length()));
    }

    @Test
    void singleByteAndUnknownCharsetsCountCharacters() {
        assertEquals(5, CharsetByteCounter.forName("ISO-8859-1").bytes("h\u00e9llo", 0, 5));
        assertEquals(5, CharsetByteCounter.forName(null).bytes("hello", 0, 5));
        assertEquals(5, CharsetByteCounter.forName("no-such-charset").bytes("hello", 0, 5));
        assertEquals(10, CharsetByteCounter.forName("UTF-16LE").bytes("hello", 0, 5));
    }
}
