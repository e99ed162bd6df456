package telemetry.ingester.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesLoseTheirIntroducersAndTerminators() {
        assertEquals("/a?]0;pwned?/b", TerminalText.clean("/a\u001b]0;pwned\u0007/b"));
        assertEquals("?[2J?[H", TerminalText.clean("\u001b[2J\u001b[H"));
        assertEquals("??", TerminalText.clean("\u009b\u009d"), "C1 CSI and OSC");
        assertEquals("a?b?c?d", TerminalText.clean("a\rb\nc\u007fd"));
    }

    @Test
    void invisibleFormatCharactersAreShown() {
        assertEquals("evil?gpj.exe", TerminalText.clean("evil\u202egpj.exe"), "right-to-left override");
        assertEquals("a?b", TerminalText.clean("a\u200bb"), "zero-width space");
    }

    @Test
    void printableTextIsUntouched() {
        String s = "/shop/items/\"special\"/<sale> äöü 日本 ✓";
        assertSame(s, TerminalText.clean(s));
        assertEquals("", TerminalText.clean(null));
    }
}
