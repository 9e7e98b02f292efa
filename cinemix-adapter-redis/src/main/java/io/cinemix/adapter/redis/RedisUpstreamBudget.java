package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.UtcMidnight;

import io.lettuce.core.ScriptOutputType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daily upstream budget in Redis, shared by every instance that uses the same Redis database.
 *
 * <p><b>Counting.</b> One Lua script per decision ({@code EVALSHA}, {@code EVAL} on {@code NOSCRIPT}), atomic on the
 * server: it reads Redis {@code TIME} (one clock for all instances, no skew), derives the UTC day, and works on the
 * key {@code omdb_budget_<yyyy-mm-dd>} (e.g. {@code omdb_budget_2026-11-27}): {@code tryConsume} {@code INCR}s it only
 * while it is below the limit, {@code exhaust} sets it to the limit, and both (re)set its expiry to the end of that
 * UTC day plus one hour, so old days' keys disappear by themselves and a key never outlives its day by much. With
 * clients' shares, the same script counts the client's calls in the hash {@code omdb_shares_{omdb_budget_<day>}} and
 * refuses, touching nothing, a client whose share is spent: one round trip for both. Each
 * answer carries the count and the time left until the next UTC midnight by the Redis clock.
 *
 * <p><b>Redis Cluster.</b> A script may only touch the keys it is given (a cluster routes it by them), so the day's key
 * is passed in {@code KEYS[1]}: the one the last answer named (at first, this machine's UTC day). The script checks it
 * against the day of the Redis clock; when they differ (the first call after midnight, or a skewed local clock) it
 * touches nothing and names the right key, and the call is sent once more with it. One round trip per decision, two
 * once a day.
 *
 * <p><b>Replays.</b> The connection rejects commands while disconnected and, with that setting, Lettuce cancels the
 * commands in flight when a connection drops instead of replaying them after the reconnect (see
 * {@link RedisConnection}). A call whose reply was lost is therefore counted at most once by Redis (and, failing,
 * allowed by the fail-open rule below: one upstream call, one count).
 *
 * <p><b>When Redis fails</b> (down, timeout, error, or the connection's back-off after a timeout or a connection
 * error, when the script is not even sent): {@code tryConsume} answers {@code true} (fails open) and logs at
 * ERROR once per outage ({@link OutageLog}: then at DEBUG, one INFO line when Redis answers again). The shared count is
 * then unknown; OMDb's own "limit reached" answer remains the backstop and ends the day through {@code exhaust}, as the
 * {@link UpstreamBudget} port asks. Failing closed would turn a Redis outage into a full outage of uncached
 * lookups, which the project forbids. {@code exhaust} is then skipped (logged), {@code remaining} answers the last
 * count Redis gave (the limit before the first answer), {@code untilReset} uses this machine's UTC clock. Nothing
 * throws.
 *
 * <p>Eviction: run Redis with {@code noeviction} or enough memory; an evicted budget key resets that day's count.
 */
public final class RedisUpstreamBudget implements UpstreamBudget {
    private static final Logger LOG = System.getLogger(RedisUpstreamBudget.class.getName());
    static final String DEFAULT_KEY_PREFIX = "omdb_budget_";
    /** How long a day's key outlives the end of that UTC day. */
    static final long EXPIRY_MARGIN_SECONDS = 3_600;

    /** {@code utc_date(days)}: the proleptic Gregorian yyyy-mm-dd of a day count since 1970-01-01 (Hinnant's algorithm). */
    static final String UTC_DATE_FUNCTION = """
            local function utc_date(days)
              local z = days + 719468
              local era = math.floor(z / 146097)
              local doe = z - era * 146097
              local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
              local y = yoe + era * 400
              local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
              local mp = math.floor((5 * doy + 2) / 153)
              local d = doy - math.floor((153 * mp + 2) / 5) + 1
              local m = mp < 10 and mp + 3 or mp - 9
              if m <= 2 then y = y + 1 end
              return string.format('%04d-%02d-%02d', y, m, d)
            end
            """;

    /**
     * Lua functions shared by {@link #BUDGET} and the claim of a cold fetch ({@code RedisClaimingMovieCache}):
     * {@code budget_day(prefix)} answers the day's key by the Redis clock, the seconds and the milliseconds until
     * its reset; {@code budget_consume(day key, shares key, limit, client, share, seconds until reset)} takes one
     * call from the day (and the client's share, when {@code share > 0} and the client is not '') and answers
     * {@code allowed} (1; 0: the budget is spent; 2: the client's share is spent, nothing touched), the day's calls and
     * the client's.
     */
    static final String BUDGET_FUNCTIONS = UTC_DATE_FUNCTION + """
            local function budget_day(prefix)
              local now = redis.call('TIME')
              local seconds = tonumber(now[1])
              local day = math.floor(seconds / 86400)
              local untilReset = (day + 1) * 86400 - seconds
              return prefix .. utc_date(day), untilReset, untilReset * 1000 - math.floor(tonumber(now[2]) / 1000)
            end
            local function budget_consume(key, sharesKey, limit, client, share, untilReset)
              local used = tonumber(redis.call('GET', key) or '0') or 0
              local counted = share > 0 and client ~= ''
              local byClient = 0
              if counted then byClient = tonumber(redis.call('HGET', sharesKey, client) or '0') or 0 end
              if counted and byClient >= share then return 2, used, byClient end
              if used >= limit then return 0, used, byClient end
              used = redis.call('INCR', key)
              redis.call('EXPIRE', key, untilReset + %d)
              if counted then
                byClient = redis.call('HINCRBY', sharesKey, client, 1)
                redis.call('EXPIRE', sharesKey, untilReset + %d)
              end
              return 1, used, byClient
            end
            """.formatted(EXPIRY_MARGIN_SECONDS, EXPIRY_MARGIN_SECONDS);

    /**
     * KEYS: the day's key, the day's shares (a hash: client → calls, in the day key's slot). ARGV: key prefix, limit,
     * mode (consume | exhaust | peek), client ('' for nobody), share (0: none). Answers {allowed 0/1 (2: the client's
     * share is spent), used, ms until reset, key, the client's calls}, or {-1, 0, ms until reset, the right key, 0}
     * without touching anything when KEYS[1] is another day's.
     */
    static final LuaScript BUDGET = new LuaScript(BUDGET_FUNCTIONS + """
            local key, untilReset, millisUntilReset = budget_day(ARGV[1])
            if KEYS[1] ~= key then return {-1, 0, millisUntilReset, key, 0} end
            local limit = tonumber(ARGV[2])
            local allowed, used, byClient = 0, 0, 0
            if ARGV[3] == 'consume' then
              allowed, used, byClient = budget_consume(key, KEYS[2], limit, ARGV[4], tonumber(ARGV[5]), untilReset)
            else
              used = tonumber(redis.call('GET', key) or '0') or 0
              if ARGV[3] == 'exhaust' and used < limit then
                redis.call('SET', key, limit, 'EX', untilReset + %d)
                used = limit
              end
            end
            return {allowed, used, millisUntilReset, key, byClient}
            """.formatted(EXPIRY_MARGIN_SECONDS));

    /**
     * KEYS: the day's key, its shares. ARGV: the client ('' for none). One call back to the day and to the client's
     * share, neither below zero nor created (a key gone with its day stays gone); {@code DECR} and {@code HINCRBY}
     * keep the keys' expiry. Answers the day's calls.
     */
    static final LuaScript REFUND = new LuaScript("""
            local used = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
            if used > 0 then used = redis.call('DECR', KEYS[1]) end
            if ARGV[1] ~= '' and (tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') or 0) > 0 then
              redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
            end
            return used
            """);

    private final RedisConnection connection;
    private final long dailyLimit;
    private final long clientShare;
    private final String keyPrefix;
    private final Clock clock;
    private final OutageLog errorLog = new OutageLog(LOG, "Redis answers again");
    private final AtomicLong lastRemaining;
    /** The day's key the last answer named. */
    private volatile String dayKey;

    public RedisUpstreamBudget(RedisConnection connection, long dailyLimit) {
        this(connection, dailyLimit, 0);
    }

    /** @param clientShare the calls one client may cause a day, counted by every instance; 0: no shares */
    public RedisUpstreamBudget(RedisConnection connection, long dailyLimit, long clientShare) {
        this(connection, dailyLimit, clientShare, DEFAULT_KEY_PREFIX, Clock.systemUTC());
    }

    RedisUpstreamBudget(RedisConnection connection, long dailyLimit, long clientShare, String keyPrefix, Clock clock) {
        this.connection = Objects.requireNonNull(connection, "connection");
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("The daily upstream budget must be 0 or more, got " + dailyLimit + ".");
        }
        if (clientShare < 0) {
            throw new IllegalArgumentException("A client's share must be 0 or more, got " + clientShare + ".");
        }
        this.dailyLimit = dailyLimit;
        this.clientShare = clientShare;
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastRemaining = new AtomicLong(dailyLimit);
        this.dayKey = keyPrefix + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public boolean tryConsume() {
        return spend(Requester.NOBODY).allowed();
    }

    /** Fails open: while Redis fails, the call is allowed and nobody's share is counted. */
    @Override
    public Spend spend(Requester requester) {
        return run("consume", client(requester)).map(answer -> spend(answer, requester)).orElse(Spend.ALLOWED);
    }

    private Spend spend(Answer answer, Requester requester) {
        Optional<ClientShare> share = client(requester).isEmpty() ? Optional.empty() : Optional.of(new ClientShare(
                clientShare, Math.max(0, clientShare - answer.byClient), answer.untilReset));
        Spend.Outcome outcome = answer.shareSpent ? Spend.Outcome.SHARE_SPENT
                : answer.allowed ? Spend.Outcome.ALLOWED : Spend.Outcome.BUDGET_SPENT;
        return new Spend(outcome, outcome == Spend.Outcome.BUDGET_SPENT ? Optional.empty() : share);
    }

    /** The client whose share a call of {@code requester} counts against; '' when none is counted. */
    private String client(Requester requester) {
        return clientShare > 0 && !requester.isNobody() ? requester.key() : "";
    }

    /**
     * The keys and arguments a script spending with {@link #BUDGET_FUNCTIONS} needs: {day's key, its shares' key}
     * (the day the last answer named), and {key prefix, limit, client, share}.
     */
    String[] keys() {
        return new String[]{dayKey, sharesKey(dayKey)};
    }

    String[] arguments(Requester requester) {
        return new String[]{keyPrefix, Long.toString(dailyLimit), client(requester), Long.toString(clientShare)};
    }

    /** Another script found the day changed: the next keys name {@code key}. */
    void dayIs(String key) {
        dayKey = Objects.requireNonNull(key, "key");
    }

    /**
     * The spend another script answered, as {@link #BUDGET} does ({allowed, used, ms until reset, key, the client's
     * calls}) for {@code requester}'s call.
     */
    Spend spent(List<Object> reply, Requester requester) {
        errorLog.works();
        return spend(answer(reply), requester);
    }

    /**
     * One script ({@link #REFUND}) on the day the last answer named, which is the day the call was spent on but
     * within milliseconds of midnight. Not replayed after a reconnect, like every script here; when Redis fails the
     * call stays spent (logged with the outage). A call allowed uncounted during an outage and given back once Redis
     * answers again gives back one call it never counted; {@link #exhaust} followed by a refund leaves one call that
     * the upstream's own limit then refuses.
     */
    @Override
    public void refund(Requester requester) {
        String key = dayKey;
        try {
            long used = connection.call(commands -> REFUND.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{key, sharesKey(key)}, client(requester)));
            lastRemaining.set(Math.max(0, dailyLimit - used));
            errorLog.works();
        } catch (RuntimeException e) {
            errorLog.failed("Redis upstream budget (refund) failed; the call stays spent", e);
        }
    }

    @Override
    public void exhaust() {
        run("exhaust").ifPresent(answer -> LOG.log(Level.WARNING,
                "The upstream budget {0} is spent until the next UTC midnight", answer.key));
    }

    @Override
    public long remaining() {
        return run("peek").map(answer -> answer.remaining).orElse(lastRemaining.get());
    }

    @Override
    public Duration untilReset() {
        return run("peek").map(answer -> answer.untilReset).orElseGet(() -> UtcMidnight.untilNext(clock.instant()));
    }

    private record Answer(boolean allowed, boolean shareSpent, long remaining, Duration untilReset, String key,
                          long byClient) {
    }

    private Optional<Answer> run(String mode) {
        return run(mode, "");
    }

    private Optional<Answer> run(String mode, String client) {
        try {
            List<Object> reply = runForDay(mode, dayKey, client);
            if ((Long) reply.get(0) == -1L) {
                dayKey = (String) reply.get(3);
                reply = runForDay(mode, dayKey, client);
                if ((Long) reply.get(0) == -1L) {
                    throw new IllegalStateException("the Redis day changed twice in one decision");
                }
            }
            errorLog.works();
            return Optional.of(answer(reply));
        } catch (RuntimeException e) {
            errorLog.failed("Redis upstream budget (" + mode + ") failed; "
                    + ("consume".equals(mode) ? "allowing the call uncounted" : "using local values"), e);
            return Optional.empty();
        }
    }

    private Answer answer(List<Object> reply) {
        long used = (Long) reply.get(1);
        long remaining = Math.max(0, dailyLimit - used);
        lastRemaining.set(remaining);
        return new Answer((Long) reply.get(0) == 1L, (Long) reply.get(0) == 2L, remaining,
                Duration.ofMillis((Long) reply.get(2)), (String) reply.get(3), (Long) reply.get(4));
    }

    private List<Object> runForDay(String mode, String key, String client) {
        return connection.call(commands -> BUDGET.<List<Object>>run(commands, ScriptOutputType.MULTI,
                new String[]{key, sharesKey(key)}, keyPrefix, Long.toString(dailyLimit), mode, client,
                Long.toString(clientShare)));
    }

    /** {@code omdb_shares_{<day's key>}}: the day's shares, hash-tagged into the day key's cluster slot. */
    static String sharesKey(String dayKey) {
        return "omdb_shares_{" + dayKey + "}";
    }
}
