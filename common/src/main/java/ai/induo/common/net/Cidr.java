package ai.induo.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}, parsed without any DNS lookup. */
public record Cidr(byte[] network, int prefixLength) {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

    /** Parses {@code address/prefix}, or a single address (the full-length prefix). */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] network = parseLiteral(address);
        int maxPrefix = network.length * Byte.SIZE;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid prefix length in address range " + text);
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("invalid prefix length in address range " + text);
        }
        return new Cidr(network, prefix);
    }

    /** Whether {@code text} is an IPv4 or IPv6 address literal rather than a host name. */
    static boolean isLiteral(String text) {
        return IPV4_LITERAL.matcher(text).matches() || IPV6_LITERAL.matcher(text).matches();
    }

    /** Whether the range holds {@code address}; an address of the other IP version is never held. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / Byte.SIZE;
        if (!Arrays.equals(address, 0, fullBytes, network, 0, fullBytes)) {
            return false;
        }
        int remainingBits = prefixLength % Byte.SIZE;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (Byte.SIZE - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static byte[] parseLiteral(String address) {
        if (!isLiteral(address)) {
            throw new IllegalArgumentException("not an IP address literal: " + address);
        }
        if (address.indexOf(':') < 0) {
            String[] parts = address.split("\\.");
            byte[] bytes = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                int value = Integer.parseInt(parts[i]);
                if (value > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + address);
                }
                bytes[i] = (byte) value;
            }
            return bytes;
        }
        try {
            // Only hex digits, colons and dots: parsed as an IPv6 literal, no name service is consulted.
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet4Address) {
                throw new IllegalArgumentException("write IPv4-mapped IPv6 ranges as IPv4: " + address);
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + address);
        }
    }
}
