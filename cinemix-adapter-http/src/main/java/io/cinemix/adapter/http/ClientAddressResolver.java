package io.cinemix.adapter.http;

import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's address: the socket peer; only when the peer is a trusted proxy, the rightmost {@code X-Forwarded-For}
 * hop that is not itself a trusted proxy. Anything odd (several header lines, a hop that is not a bare IP literal such
 * as {@code unknown}, {@code 1.2.3.4:80} or {@code [::1]}) falls back to the socket peer.
 */
@Singleton
final class ClientAddressResolver {
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies trusted;

    ClientAddressResolver(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    String resolve(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "unknown";
        }
        String peerText = normalise(peer);
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return peerText;
        }
        List<String> lines = request.getHeaders().getAll(FORWARDED_FOR);
        if (lines.size() != 1) {
            return peerText;
        }
        String[] hops = lines.get(0).split(",", -1);
        String leftmost = peerText;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            byte[] address = hop.startsWith("[") ? null : NetUtil.createByteArrayFromIpAddressString(hop);
            if (address == null) {
                return peerText;
            }
            String hopText = normalise(address);
            if (!trusted.contains(address)) {
                return hopText;
            }
            leftmost = hopText;
        }
        return leftmost;
    }

    private static String normalise(InetAddress address) {
        return normalise(address.getAddress());
    }

    private static String normalise(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
