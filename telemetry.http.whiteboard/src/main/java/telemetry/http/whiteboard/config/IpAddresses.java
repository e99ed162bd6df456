package telemetry.http.whiteboard.config;

/**
 * Parses IP address literals (IPv4 dotted quads, IPv6 in any RFC 4291 text form) without ever
 * resolving a name: {@link java.net.InetAddress#getByName} would do a DNS lookup for anything that
 * is not a literal, which has no place on a request thread or in configuration parsing.
 * IPv4-mapped IPv6 addresses are answered as their 4 IPv4 bytes so that one rule matches both.
 */
final class IpAddresses {

    private IpAddresses() {}

    /** The address bytes (4 or 16), or {@code null} when the text is not an IP literal. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text, 0, text.length());
        }
        int zone = text.indexOf('%');
        byte[] v6 = parseIpv6(zone < 0 ? text : text.substring(0, zone));
        return v6 == null ? null : unmapIpv4(v6);
    }

    private static byte[] parseIpv4(String text, int from, int to) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || text.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int value = decimalOctet(text, start, i);
                if (value < 0) {
                    return null;
                }
                bytes[part++] = (byte) value;
                start = i + 1;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static int decimalOctet(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || length > 1 && text.charAt(from) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static byte[] parseIpv6(String text) {
        byte[] bytes = new byte[16];
        int length = text.length();
        int gap = -1; // byte index where "::" stands
        int index = 0;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
            if (length == 2) {
                return bytes;
            }
        } else if (text.startsWith(":")) {
            return null;
        }
        while (i < length) {
            if (index >= 16) {
                return null;
            }
            int groupEnd = i;
            while (groupEnd < length && text.charAt(groupEnd) != ':') {
                groupEnd++;
            }
            if (groupEnd == length && text.indexOf('.', i) >= 0) {
                // trailing dotted quad: the last 32 bits
                byte[] v4 = parseIpv4(text, i, length);
                if (v4 == null || index > 12) {
                    return null;
                }
                System.arraycopy(v4, 0, bytes, index, 4);
                index += 4;
                break;
            }
            int group = hexGroup(text, i, groupEnd);
            if (group < 0) {
                return null;
            }
            bytes[index++] = (byte) (group >> 8);
            bytes[index++] = (byte) group;
            if (groupEnd == length) {
                break;
            }
            if (groupEnd + 1 < length && text.charAt(groupEnd + 1) == ':') {
                if (gap >= 0) {
                    return null; // a second "::"
                }
                gap = index;
                i = groupEnd + 2;
                if (i == length) {
                    break;
                }
            } else {
                i = groupEnd + 1;
                if (i == length) {
                    return null; // trailing single ':'
                }
            }
        }
        if (gap < 0) {
            return index == 16 ? bytes : null;
        }
        if (index == 16) {
            return null; // "::" must stand for at least one group
        }
        int tail = index - gap;
        System.arraycopy(bytes, gap, bytes, 16 - tail, tail);
        java.util.Arrays.fill(bytes, gap, 16 - tail, (byte) 0);
        return bytes;
    }

    private static int hexGroup(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static byte[] unmapIpv4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return v6;
            }
        }
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) {
            return v6;
        }
        return new byte[] {v6[12], v6[13], v6[14], v6[15]};
    }
}
