package io.cinemix.adapter.http;

import io.netty.util.NetUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTest {

    @Test
    void matchesAddressesAndCidrBlocks() {
        TrustedProxies trusted = TrustedProxies.parse("10.0.0.0/8, 192.168.1.1, ::1, 2001:db8::/32");

        assertThat(trusted.contains(ip("10.200.3.4"))).isTrue();
        assertThat(trusted.contains(ip("11.0.0.1"))).isFalse();
        assertThat(trusted.contains(ip("192.168.1.1"))).isTrue();
        assertThat(trusted.contains(ip("192.168.1.2"))).isFalse();
        assertThat(trusted.contains(ip("::1"))).isTrue();
        assertThat(trusted.contains(ip("2001:db8:1::5"))).isTrue();
        assertThat(trusted.contains(ip("2001:db9::5"))).isFalse();
    }

    @Test
    void trustsNobodyWhenBlank() {
        assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
        assertThat(TrustedProxies.none().contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void rejectsHostNamesAndBadPrefixesWithoutLookingThemUp() {
        assertThatThrownBy(() -> TrustedProxies.parse("proxy.example.com")).hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("prefix");
    }

    private static byte[] ip(String text) {
        return NetUtil.createByteArrayFromIpAddressString(text);
    }
}
