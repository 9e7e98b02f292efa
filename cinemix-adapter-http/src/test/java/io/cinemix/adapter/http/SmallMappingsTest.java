package io.cinemix.adapter.http;

import io.cinemix.core.port.CacheStatus;
import io.netty.util.NetUtil;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmallMappingsTest {

    @Test
    void writesRfc9211CacheStatusForEveryLookupOutcome() {
        assertThat(AnswerCacheStatus.header(CacheStatus.HIT)).isEqualTo("cinemix; hit");
        assertThat(AnswerCacheStatus.header(CacheStatus.STALE)).isEqualTo("cinemix; hit; detail=stale");
        assertThat(AnswerCacheStatus.header(CacheStatus.REVALIDATING)).isEqualTo("cinemix; hit; detail=stale");
        assertThat(AnswerCacheStatus.header(CacheStatus.STORED)).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(AnswerCacheStatus.header(CacheStatus.NOT_STORED)).isEqualTo("cinemix; fwd=miss");
        assertThat(AnswerCacheStatus.header(CacheStatus.BYPASS)).isEqualTo("cinemix; fwd=bypass");
    }

    @Test
    void namesEveryLookupOutcomeInOneWordForTheAccessLogAndTheMetrics() {
        assertThat(AnswerCacheStatus.word(CacheStatus.HIT)).isEqualTo("hit");
        assertThat(AnswerCacheStatus.word(CacheStatus.STALE)).isEqualTo("stale");
        assertThat(AnswerCacheStatus.word(CacheStatus.REVALIDATING)).isEqualTo("stale");
        assertThat(AnswerCacheStatus.word(CacheStatus.STORED)).isEqualTo("miss");
        assertThat(AnswerCacheStatus.word(CacheStatus.NOT_STORED)).isEqualTo("miss");
        assertThat(AnswerCacheStatus.word(CacheStatus.BYPASS)).isEqualTo("bypass");
    }

    @Test
    void keysIpv4ClientsByAddressAndIpv6ClientsByTheirSlash64() {
        assertThat(limitKey("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(limitKey("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(limitKey("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(limitKey("2001:db8:1:3::1")).isNotEqualTo(limitKey("2001:db8:1:2::1"));
        assertThat(ClientAddress.UNKNOWN.limitKey()).isEqualTo("unknown");
    }

    @Test
    void writesAClientAddressInTheJdksNormalForm() {
        assertThat(ClientAddress.of(NetUtil.createByteArrayFromIpAddressString("203.0.113.9")).text())
                .isEqualTo("203.0.113.9");
        assertThat(ClientAddress.of(NetUtil.createByteArrayFromIpAddressString("2001:db8::1")).text())
                .isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    private static String limitKey(String address) {
        return ClientAddress.of(NetUtil.createByteArrayFromIpAddressString(address)).limitKey();
    }
}
