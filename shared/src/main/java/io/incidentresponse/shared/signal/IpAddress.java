package io.incidentresponse.shared.signal;

import java.util.Locale;
import java.util.Optional;

/**
 * Parses IP literals without ever resolving a name (InetAddress would), classifies them, and writes
 * them in the one form Security IR's IPAddress pattern accepts: dotted IPv4, or IPv6 as eight
 * upper-case groups with no {@code ::} compression.
 */
public final class IpAddress {
    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A parsed address, or empty with no exception when {@code text} is not an IP literal. */
    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        byte[] parsed = value.indexOf(':') >= 0 ? parseV6(value) : parseV4(value);
        if (parsed == null) {
            return Optional.empty();
        }
        if (parsed.length == 16 && isV4Mapped(parsed)) {
            byte[] v4 = new byte[4];
            System.arraycopy(parsed, 12, v4, 0, 4);
            parsed = v4;
        }
        return Optional.of(new IpAddress(parsed));
    }

    public boolean isV6() {
        return bytes.length == 16;
    }

    /** Why this address says nothing about an attacker, or empty when it is a usable public address. */
    public Optional<String> unusableReason() {
        int b0 = bytes[0] & 0xff;
        int b1 = bytes[1] & 0xff;
        if (!isV6()) {
            if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
                return Optional.of("private");
            }
            if (b0 == 127) {
                return Optional.of("loopback");
            }
            if (b0 == 169 && b1 == 254) {
                return Optional.of("link-local");
            }
            if (b0 == 100 && b1 >= 64 && b1 <= 127) {
                return Optional.of("carrier-grade NAT");
            }
            if (b0 == 0) {
                return Optional.of("unspecified");
            }
            if (b0 >= 224) {
                return Optional.of(b0 < 240 ? "multicast" : "reserved");
            }
            return Optional.empty();
        }
        boolean allZero = true;
        for (int i = 0; i < 15; i++) {
            allZero &= bytes[i] == 0;
        }
        if (allZero) {
            return Optional.of(bytes[15] == 1 ? "loopback" : "unspecified");
        }
        if ((b0 & 0xfe) == 0xfc) {
            return Optional.of("private (unique local)");
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return Optional.of("link-local");
        }
        if (b0 == 0xff) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    /** Dotted IPv4, or eight upper-case hex groups without leading zeros, never compressed. */
    public String canonical() {
        StringBuilder out = new StringBuilder(39);
        if (!isV6()) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    out.append('.');
                }
                out.append(bytes[i] & 0xff);
            }
            return out.toString();
        }
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)).toUpperCase(Locale.ROOT));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static byte[] parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    private static byte[] parseV6(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** Hex groups of one side of "::"; the last group may be an embedded IPv4 when allowed. */
    private static int[] groups(String text, boolean mayEndInV4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int extra = 0;
        byte[] v4 = null;
        if (mayEndInV4 && parts[parts.length - 1].indexOf('.') >= 0) {
            v4 = parseV4(parts[parts.length - 1]);
            if (v4 == null) {
                return null;
            }
            extra = 1;
        }
        int hexCount = parts.length - (v4 == null ? 0 : 1);
        int[] out = new int[hexCount + (v4 == null ? 0 : 2)];
        for (int i = 0; i < hexCount; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int j = 0; j < part.length(); j++) {
                char c = part.charAt(j);
                int digit = c < 128 ? Character.digit(c, 16) : -1;
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            out[i] = value;
        }
        if (extra == 1) {
            out[hexCount] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
            out[hexCount + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        }
        return out;
    }
}
