package io.cinemix.adapter.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Resolves each request's client address once, first of all filters, and attaches it to the request
 * ({@link ClientAddress#of(HttpRequest)}): the socket peer; only when the peer is a trusted proxy, the rightmost
 * {@code X-Forwarded-For} hop that is not itself a trusted proxy. Anything odd (several header lines, a hop that is not
 * a bare IP literal such as {@code unknown}, {@code 1.2.3.4:80} or {@code [::1]}) falls back to the socket peer.
 */
@ServerFilter("/**")
final class ClientAddressResolver implements Ordered {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Before the access log and the rate limiter, and before CORS, which may answer a request on its own. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final TrustedProxies trusted;

    ClientAddressResolver(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @RequestFilter
    void attach(HttpRequest<?> request) {
        resolve(request).attachTo(request);
    }

    ClientAddress resolve(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peerAddress = remote == null ? null : remote.getAddress();
        if (peerAddress == null) {
            return ClientAddress.UNKNOWN;
        }
        byte[] peer = peerAddress.getAddress();
        if (trusted.isEmpty() || !trusted.contains(peer)) {
            return ClientAddress.of(peer);
        }
        List<String> lines = request.getHeaders().getAll(FORWARDED_FOR);
        if (lines.size() != 1) {
            return ClientAddress.of(peer);
        }
        String[] hops = lines.get(0).split(",", -1);
        byte[] leftmost = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            byte[] address = hop.startsWith("[") ? null : NetUtil.createByteArrayFromIpAddressString(hop);
            if (address == null) {
                return ClientAddress.of(peer);
            }
            if (!trusted.contains(address)) {
                return ClientAddress.of(address);
            }
            leftmost = address;
        }
        return ClientAddress.of(leftmost);
    }
}
