package io.incidentresponse.shared.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void controlAndInvisibleCharactersNeverReachTheOutput() {
        // given text an attacker controls, with a terminal escape, NUL, a bidi override and a newline
        String hostile = "curl/8.0\u001b[31m\u0000evil\u202e\n  injected\u200b";

        // when
        String cleaned = SafeText.clean(hostile);

        // then
        assertEquals("curl/8.0 [31m evil injected", cleaned);
        assertTrue(cleaned.codePoints().noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT));
    }

    @Test
    void nonAsciiTextIsKeptWhole() {
        assertEquals("Zürich 東京 🚨", SafeText.clean("Zürich 東京 🚨"));
    }

    @Test
    void truncationCountsCodePointsAndShowsTheMarker() {
        // given 10 emoji, each two UTF-16 units
        String emoji = "🚨".repeat(10);

        // when
        String cut = SafeText.truncate(emoji, 5, "…");

        // then
        assertEquals(5, SafeText.length(cut));
        assertEquals("🚨🚨🚨🚨…", cut);
    }

    @Test
    void textWithinTheLimitIsUntouched() {
        assertEquals("short", SafeText.bounded("short", 5));
    }

    @Test
    void cleanLinesKeepsLineBreaksButNothingElse() {
        assertEquals("a b\nc", SafeText.cleanLines("a\tb\r\nc\u0007"));
    }
}
