package vn.ocop.web;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers the bearer tokens it has verified until they expire, so that a client sending the same
 * token with every request has its signature checked once rather than each time: the RSA check and
 * the parsing were a tenth of the cost of a checkout. A token is remembered only after the verifier
 * accepted it (signature, issuer, times), and only while its {@code exp} lies ahead and its {@code
 * nbf}, if any, has passed; a token without {@code exp} is verified every time. At most {@code
 * capacity} tokens are remembered; when full, the memory starts afresh.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final int capacity;
    private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, Clock clock, int capacity) {
        this.verifier = verifier;
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        var known = verified.get(token);
        if (known != null) {
            if (current(known)) {
                return known;
            }
            verified.remove(token, known);
        }
        var jwt = verifier.decode(token);
        if (current(jwt)) {
            if (verified.size() >= capacity) {
                verified.clear();
            }
            verified.put(token, jwt);
        }
        return jwt;
    }

    private boolean current(Jwt jwt) {
        var now = clock.instant();
        return jwt.getExpiresAt() != null
                && now.isBefore(jwt.getExpiresAt())
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }
}
