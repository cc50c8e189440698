package io.kubicle.apiserver.api.kinds;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** resource.Quantity parsing, comparison and canonical String() (e.g. "1024Mi" is "1Gi", "0.5" is "500m"). */
public final class Quantities {
    private static final Pattern QUANTITY =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE]|)");
    private static final String[] DECIMAL = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigDecimal K1024 = BigDecimal.valueOf(1024);

    private Quantities() {
    }

    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private record Parsed(BigDecimal value, Format format) {
    }

    private static Parsed parse(String s) {
        Matcher m = QUANTITY.matcher(s == null ? "" : s.trim());
        if (!m.matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
        String suffix = m.group(2);
        if (suffix.startsWith("e") || suffix.startsWith("E") && suffix.length() > 1) {
            return new Parsed(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))), Format.DECIMAL_EXPONENT);
        }
        for (int i = 1; i < BINARY.length; i++) {
            if (BINARY[i].equals(suffix)) {
                return new Parsed(number.multiply(K1024.pow(i)), Format.BINARY_SI);
            }
        }
        for (int i = 0; i < DECIMAL.length; i++) {
            if (DECIMAL[i].equals(suffix)) {
                return new Parsed(number.scaleByPowerOfTen(3 * (i - 3)), Format.DECIMAL_SI);
            }
        }
        return null;
    }

    /** The quantity's value, or null when the text is not a quantity. */
    public static BigDecimal value(String s) {
        Parsed p = parse(s);
        return p == null ? null : p.value();
    }

    /** Quantity.String(): the canonical form; the input unchanged when it does not parse. */
    public static String canonical(String s) {
        Parsed p = parse(s);
        if (p == null) {
            return s;
        }
        // values below one nano round up, as resource.Quantity keeps nano precision
        BigDecimal v = p.value().setScale(9, RoundingMode.UP).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        Format format = p.format();
        if (format == Format.BINARY_SI
                && (v.abs().compareTo(K1024) < 0 || v.stripTrailingZeros().scale() > 0)) {
            format = Format.DECIMAL_SI;
        }
        if (format == Format.BINARY_SI) {
            BigInteger n = v.toBigIntegerExact();
            int exp = 0;
            BigInteger k = BigInteger.valueOf(1024);
            while (exp < BINARY.length - 1 && n.mod(k).signum() == 0) {
                n = n.divide(k);
                exp++;
            }
            return n + BINARY[exp];
        }
        // decimal: integer mantissa with an exponent that is a multiple of three, as small a mantissa as possible
        int exp = -9;
        BigDecimal mantissa = v.scaleByPowerOfTen(9);
        while (exp < 18 && mantissa.remainder(BigDecimal.valueOf(1000)).signum() == 0) {
            mantissa = mantissa.divide(BigDecimal.valueOf(1000));
            exp += 3;
        }
        String number = mantissa.toBigInteger().toString();
        if (format == Format.DECIMAL_EXPONENT) {
            return exp == 0 ? number : number + "e" + exp;
        }
        return number + DECIMAL[exp / 3 + 3];
    }
}
