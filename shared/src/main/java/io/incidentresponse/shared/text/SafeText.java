package io.incidentresponse.shared.text;

/**
 * Makes text that came from outside (finding descriptions, user agents, domains, alarm reasons)
 * safe to put into a case or a log line: control characters become spaces, runs of white space
 * fold, and the result is bounded in Unicode code points, with a visible marker where it was cut.
 */
public final class SafeText {
    private SafeText() {
    }

    /** Strips control characters (keeping nothing of them) and folds white space to single spaces. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isISOControl(cp) || isInvisibleFormat(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** Like {@link #clean} but keeps line breaks, for multi-line text such as a case description. */
    public static String cleanLines(String text) {
        if (text == null) {
            return "";
        }
        String[] lines = text.split("\\R", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(clean(lines[i]));
        }
        return out.toString();
    }

    /** Cleans and bounds a single-line value; {@code max} counts code points, marker included. */
    public static String bounded(String text, int max) {
        return truncate(clean(text), max, "…");
    }

    /**
     * Cuts {@code text} to at most {@code max} code points. Where it cuts, the end is replaced with
     * {@code marker} so a reader sees that something is missing.
     */
    public static String truncate(String text, int max, String marker) {
        if (text == null) {
            return "";
        }
        int length = text.codePointCount(0, text.length());
        if (length <= max) {
            return text;
        }
        int markerLength = marker.codePointCount(0, marker.length());
        int keep = Math.max(0, max - markerLength);
        int end = text.offsetByCodePoints(0, keep);
        return text.substring(0, end) + marker.substring(0, marker.offsetByCodePoints(0, Math.min(markerLength, max)));
    }

    public static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    private static boolean isInvisibleFormat(int cp) {
        // Bidi overrides and zero-width characters can make a log line or a case read differently
        // from what it contains.
        return Character.getType(cp) == Character.FORMAT;
    }
}
