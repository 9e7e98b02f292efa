package io.cinemix.adapter.http;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed: IP addresses or CIDR blocks ({@code 10.0.0.0/8},
 * {@code ::1}). Parsed without any DNS lookup; {@link #none()} trusts nobody (the default).
 */
public final class TrustedProxies {
    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<String> entries;
    private final List<Block> blocks;

    /** @throws IllegalArgumentException naming the entry that is not an IP address or CIDR block */
    public TrustedProxies(List<String> entries) {
        this.entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        this.blocks = this.entries.stream().map(TrustedProxies::block).toList();
    }

    public List<String> entries() {
        return entries;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** Parses a comma-separated list, e.g. {@code "10.0.0.0/8, 127.0.0.1"}; blank means none. */
    public static TrustedProxies parse(String commaSeparated) {
        List<String> entries = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                entries.add(part.strip());
            }
        }
        return new TrustedProxies(entries);
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether this address literal ({@code 192.0.2.1}, {@code ::1}) belongs to a trusted proxy. */
    boolean contains(byte[] address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String ip = slash < 0 ? entry : entry.substring(0, slash);
        byte[] network = NetUtil.createByteArrayFromIpAddressString(ip);
        if (network == null || ip.startsWith("[")) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
            }
        }
        return new Block(network, prefix);
    }
}
