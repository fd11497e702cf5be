package vn.ocop.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Real RS256-signed JWTs for tests. The service under test validates them with the public half of a
 * key pair made for this JVM, exactly as it validates the issuer's tokens in production.
 */
public final class TestTokens {

    /** The {@code iss} of test tokens; the service checks it as it checks its real issuer's. */
    public static final String ISSUER = "https://issuer.ocop.test";

    private static final KeyPair KEYS = generate();

    private TestTokens() {}

    public static String admin() {
        return token("admin@so-nong-nghiep.example", List.of("ADMIN"), null, Duration.ofMinutes(10));
    }

    public static String producer(UUID producerId) {
        return token("producer-" + producerId, List.of("PRODUCER"), producerId, Duration.ofMinutes(10));
    }

    public static String shopper() {
        return token("shopper@example.vn", List.of("SHOPPER"), null, Duration.ofMinutes(10));
    }

    /** A monitoring system's token: it may read the metrics and nothing else. */
    public static String monitoring() {
        return token("prometheus@monitoring.example", List.of("MONITOR"), null, Duration.ofMinutes(10));
    }

    public static String expired() {
        return token("admin@so-nong-nghiep.example", List.of("ADMIN"), null, Duration.ofMinutes(-10));
    }

    public static String token(String subject, List<String> roles, UUID producerId, Duration validFor) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("roles", roles);
        if (producerId != null) {
            claims.claim("producer_id", producerId.toString());
        }
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID("test")
                        .build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /**
     * Makes the service validate tokens against this JVM's test key: signature, expiry and issuer,
     * with Spring Security's default validators, as it validates its real issuer's tokens.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            ((GenericApplicationContext) context).registerBean(JwtDecoder.class, () -> {
                var decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic())
                        .build();
                decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
                return decoder;
            });
        }
    }

    private static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
