package vn.ocop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTests {

    private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final Map<String, Jwt> issued = new HashMap<>();
    private final AtomicInteger verifications = new AtomicInteger();

    /** Verifies the tokens it issued, as the issuer's key would; anything else is refused. */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        var jwt = issued.get(token);
        if (jwt == null) {
            throw new BadJwtException("signature does not verify");
        }
        return jwt;
    };

    @Test
    void aTokenIsVerifiedOnceWhileItIsCurrent() {
        var tokens = new VerifiedTokens(verifier, clock, 100);
        var token = issue("shopper", START.plus(Duration.ofMinutes(30)), null);

        var first = tokens.decode(token);
        var second = tokens.decode(token);

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("shopper");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void anExpiredTokenIsVerifiedAgainAndNotServedFromMemory() {
        var tokens = new VerifiedTokens(verifier, clock, 100);
        var token = issue("shopper", START.plus(Duration.ofMinutes(5)), null);
        tokens.decode(token);

        clock.advance(Duration.ofMinutes(5));
        issued.remove(token); // from now on the verifier refuses it, as an expired token is refused

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTime() {
        var tokens = new VerifiedTokens(verifier, clock, 100);

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenWithoutExpiryOrNotYetValidIsNotRemembered() {
        var tokens = new VerifiedTokens(verifier, clock, 100);
        var endless = issue("service", null, null);
        var future = issue("shopper", START.plus(Duration.ofHours(1)), START.plus(Duration.ofMinutes(1)));

        tokens.decode(endless);
        tokens.decode(endless);
        tokens.decode(future);
        tokens.decode(future);

        assertThat(verifications).hasValue(4);
    }

    @Test
    void remembersAtMostItsCapacity() {
        var tokens = new VerifiedTokens(verifier, clock, 2);
        var expiry = START.plus(Duration.ofMinutes(30));
        var a = issue("a", expiry, null);
        var b = issue("b", expiry, null);
        var c = issue("c", expiry, null);

        tokens.decode(a);
        tokens.decode(b);
        tokens.decode(c); // full: starts afresh with c
        tokens.decode(c);
        tokens.decode(a);

        assertThat(verifications).hasValue(4);
    }

    private String issue(String subject, Instant expiresAt, Instant notBefore) {
        var token = "token-" + subject + "-" + issued.size();
        var builder = Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject(subject)
                .issuedAt(START.minusSeconds(1));
        if (expiresAt != null) {
            builder.expiresAt(expiresAt);
        }
        if (notBefore != null) {
            builder.notBefore(notBefore);
        }
        issued.put(token, builder.build());
        return token;
    }

    private static final class MovableClock extends Clock {
        private Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
