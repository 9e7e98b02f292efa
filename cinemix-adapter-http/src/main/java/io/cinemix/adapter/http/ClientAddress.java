package io.cinemix.adapter.http;

import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A request's client address, resolved once per request by {@link ClientAddressResolver} and carried as a request
 * attribute: the rate limiter and the access log read it from there.
 *
 * @param text     the address as the access log writes it ({@code 203.0.113.9}, {@code 2001:db8:0:0:0:0:0:1}), or
 *                 {@code unknown}
 * @param limitKey the rate limiter's key: IPv4 as is; IPv6 by its /64 prefix, the block one subscriber usually holds,
 *                 so that rotating through one's own addresses buys no fresh limits
 */
record ClientAddress(String text, String limitKey) {
    /** A request without a socket peer (none in practice). */
    static final ClientAddress UNKNOWN = new ClientAddress("unknown", "unknown");
    private static final String ATTRIBUTE = ClientAddress.class.getName();

    /** The address of these 4 or 16 bytes; an IPv4-mapped IPv6 address is its IPv4 address. */
    static ClientAddress of(byte[] address) {
        InetAddress ip;
        try {
            ip = InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("An IP address has 4 or 16 bytes, not " + address.length + ".", e);
        }
        String text = ip.getHostAddress();
        if (ip instanceof Inet4Address) {
            return new ClientAddress(text, text);
        }
        byte[] prefix = ip.getAddress();
        Arrays.fill(prefix, 8, 16, (byte) 0);
        return new ClientAddress(text, NetUtil.bytesToIpAddress(prefix) + "/64");
    }

    /** The client address resolved for this request ({@link #UNKNOWN} if none was). */
    static ClientAddress of(HttpRequest<?> request) {
        // The untyped lookup: the typed one runs the conversion service on every request.
        return request.getAttribute(ATTRIBUTE).orElse(null) instanceof ClientAddress client ? client : UNKNOWN;
    }

    void attachTo(HttpRequest<?> request) {
        request.setAttribute(ATTRIBUTE, this);
    }
}
