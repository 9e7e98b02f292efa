package io.cinemix.adapter.redis;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RedisSettingsTest {

    @Test
    void ofUsesATwoSecondConnectTimeoutAndAShortCommandTimeout() {
        RedisSettings settings = RedisSettings.of("redis://cache:6380");

        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.commandTimeout()).isBetween(Duration.ofMillis(100), Duration.ofMillis(500));
        assertThat(settings.password()).isEmpty();
        assertThat(settings.database()).isEmpty();
    }

    @Test
    void rejectsUrlsThatAreNotRedisOrRediss() {
        assertThatThrownBy(() -> RedisSettings.of("http://cache:6379")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisSettings.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisSettings.of("cache:6379")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAMalformedUrlWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> RedisSettings.of("redis://:s3cret-pw@ca che:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void rejectsAnEmptyPasswordANegativeDatabaseAndNonPositiveTimeouts() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new RedisSettings("redis://h", Optional.of(""), OptionalInt.empty(), second, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> new RedisSettings("redis://h", Optional.empty(), OptionalInt.of(-1), second, second))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
        assertThatThrownBy(() -> new RedisSettings("redis://h", Optional.empty(), OptionalInt.empty(), Duration.ZERO,
                second)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> new RedisSettings("redis://h", Optional.empty(), OptionalInt.empty(), second,
                Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command timeout");
    }

    @Test
    void toStringNeverShowsAPasswordGivenAloneOrInTheUrl() {
        RedisSettings settings = new RedisSettings("redis://admin:url-s3cret@cache:6379/2", Optional.of("env-s3cret"),
                OptionalInt.of(4), Duration.ofSeconds(2), Duration.ofMillis(300));

        assertThat(settings.toString())
                .doesNotContain("url-s3cret").doesNotContain("env-s3cret")
                .contains("cache:6379").contains("database=4");
    }

    @Test
    void passwordAndDatabaseSettingsWinOverTheUrl() {
        RedisSettings settings = new RedisSettings("redis://:old@cache:6380/3", Optional.of("new"), OptionalInt.of(5),
                Duration.ofMillis(1500), Duration.ofMillis(300));

        RedisURI uri = settings.toRedisUri();

        assertThat(uri.getHost()).isEqualTo("cache");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(new String(uri.getPassword())).isEqualTo("new");
        assertThat(uri.getDatabase()).isEqualTo(5);
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void passwordAndDatabaseApplyWhenTheUrlHasNone() {
        RedisURI uri = new RedisSettings("redis://cache", Optional.of("pw"), OptionalInt.of(2), Duration.ofSeconds(2),
                Duration.ofMillis(300)).toRedisUri();

        assertThat(new String(uri.getPassword())).isEqualTo("pw");
        assertThat(uri.getDatabase()).isEqualTo(2);
        assertThat(uri.getPort()).isEqualTo(6379);
    }

    @Test
    void theUrlsPasswordUsernameAndDatabaseStandWhenNothingOverridesThem() {
        RedisURI uri = RedisSettings.of("redis://app:pw@cache:6379/7").toRedisUri();

        assertThat(uri.getUsername()).isEqualTo("app");
        assertThat(new String(uri.getPassword())).isEqualTo("pw");
        assertThat(uri.getDatabase()).isEqualTo(7);
    }

    @Test
    void aPasswordSettingKeepsTheUrlsAclUsername() {
        RedisURI uri = new RedisSettings("redis://app:old@cache:6379", Optional.of("pw"), OptionalInt.empty(),
                Duration.ofSeconds(2), Duration.ofMillis(300)).toRedisUri();

        assertThat(uri.getUsername()).isEqualTo("app");
        assertThat(new String(uri.getPassword())).isEqualTo("pw");
    }

    @Test
    void redissMeansTlsWithPeerVerification() {
        RedisURI uri = RedisSettings.of("rediss://cache.example:6380").toRedisUri();

        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.isVerifyPeer()).isTrue();
        assertThat(RedisSettings.of("redis://cache").toRedisUri().isSsl()).isFalse();
    }

    @Test
    void aSentinelUrlNamesTheSentinelsAndTheMasterAfterASlash() {
        RedisURI uri = new RedisSettings("redis-sentinel://pw@s1:26379,s2:26380/mymaster", Optional.empty(),
                OptionalInt.of(3), Duration.ofSeconds(1), Duration.ofMillis(300)).toRedisUri();

        assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("s1", 26379), tuple("s2", 26380));
        assertThat(uri.getSentinels()).allSatisfy(s -> assertThat(s.getTimeout()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(new String(uri.getPassword())).isEqualTo("pw");
        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(RedisSettings.of("redis-sentinel://s1:26379#other").toRedisUri().getSentinelMasterId())
                .as("Lettuce's own form").isEqualTo("other");
        assertThat(RedisSettings.of("rediss-sentinel://s1:26379/mymaster").toRedisUri().isSsl()).isTrue();
        assertThat(RedisSettings.of("redis-sentinel://:pw@s1:26379/mymaster").address())
                .isEqualTo("mymaster via Sentinel s1:26379");
    }

    @Test
    void rejectsASentinelUrlWithoutAMaster() {
        assertThatThrownBy(() -> RedisSettings.of("redis-sentinel://s1:26379"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master-name");
    }
}
