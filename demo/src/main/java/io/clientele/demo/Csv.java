package io.clientele.demo;

/**
 * Appends CSV fields to a StringBuilder without String.format or boxing: the generator
 * writes tens of millions of fields.
 */
final class Csv {

    private Csv() {}

    /** Free text, quoted (RFC 4180) only when it must be; null becomes the empty field. */
    static StringBuilder text(StringBuilder sb, String value) {
        if (value == null) {
            return sb;
        }
        boolean quote = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
                break;
            }
        }
        if (!quote) {
            return sb.append(value);
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        return sb.append('"');
    }

    /** Cents as a decimal with two places, e.g. -1205 as -12.05. */
    static StringBuilder cents(StringBuilder sb, long cents) {
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        sb.append(cents / 100).append('.');
        int rest = (int) (cents % 100);
        return sb.append((char) ('0' + rest / 10)).append((char) ('0' + rest % 10));
    }

    /** A non-negative number left-padded with zeros to {@code width} digits. */
    static StringBuilder padded(StringBuilder sb, long value, int width) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            sb.append('0');
        }
        return sb.append(value);
    }

    static StringBuilder twoDigits(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    static String padded(long value, int width) {
        return padded(new StringBuilder(width), value, width).toString();
    }
}
