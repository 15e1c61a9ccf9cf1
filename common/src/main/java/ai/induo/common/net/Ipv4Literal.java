package ai.induo.common.net;

import java.util.regex.Pattern;

/**
 * Tells apart the one way of writing an IPv4 address that every parser reads alike, four decimal
 * numbers of 0 to 255 without leading zeros ({@code 127.0.0.1}), from the forms that resolvers
 * and URL parsers read differently: octal ({@code 0177.0.0.1}), hexadecimal ({@code 0x7f.0.0.1},
 * {@code 0x7f000001}), fewer parts ({@code 127.1}) or one number ({@code 2130706433},
 * {@code 017700000001}). glibc's resolver takes them all for 127.0.0.1, Java reads {@code 0177}
 * as 177 and {@code 0x7f…} as a host name; a host that is read one way when checked and another
 * way when connected to slips past the check, so such hosts are refused outright.
 *
 * <p>As the WHATWG URL standard does, a host whose last label is a number (decimal, or {@code 0x}
 * and hexadecimal digits) is taken for an IPv4 address; a host name never ends in one.
 */
final class Ipv4Literal {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private static final Pattern CANONICAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private Ipv4Literal() {
    }

    /**
     * Whether {@code host} (without brackets; one final dot allowed) is taken for an IPv4 address
     * but is not written as four plain decimal numbers.
     */
    static boolean isAmbiguous(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String lastLabel = name.substring(name.lastIndexOf('.') + 1);
        return NUMBER.matcher(lastLabel).matches() && !CANONICAL.matcher(name).matches();
    }
}
