package vn.ocop.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Real RS256-signed JWTs for tests. The service under test validates them with the public half of a
 * key pair made for this JVM, exactly as it validates the issuer's tokens in production.
 */
public final class TestTokens {

    /** The {@code iss} of test tokens; the service checks it as it checks its real issuer's. */
    public static final String ISSUER = "https://issuer.ocop.test";

    /** The {@code aud} of test tokens: the services' own setting ({@code OCOP_AUDIENCE}) by default. */
    public static final String AUDIENCE = "ocop-platform";

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
        return token(subject, roles, producerId, validFor, ISSUER, List.of(AUDIENCE));
    }

    /** An office token the issuer made for other applications ({@code aud}), or for none if empty. */
    public static String adminFor(List<String> audiences) {
        return token("admin@so-nong-nghiep.example", List.of("ADMIN"), null, Duration.ofMinutes(10), ISSUER, audiences);
    }

    /** An office token signed with the test key but naming another issuer. */
    public static String adminIssuedBy(String issuer) {
        return token(
                "admin@so-nong-nghiep.example",
                List.of("ADMIN"),
                null,
                Duration.ofMinutes(10),
                issuer,
                List.of(AUDIENCE));
    }

    private static String token(
            String subject,
            List<String> roles,
            UUID producerId,
            Duration validFor,
            String issuer,
            List<String> audiences) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("roles", roles);
        if (!audiences.isEmpty()) {
            claims.audience(audiences);
        }
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
     * Makes the service validate tokens through Spring Boot's own resource-server setup, exactly as it
     * validates its real issuer's: the signature against the keys published at a JWK Set URI (served
     * from this JVM), the times, the issuer ({@link #ISSUER}) and the audience the service is
     * configured with ({@code spring.security.oauth2.resourceserver.jwt.audiences}). Only the issuer's
     * discovery document is skipped, by naming the key set directly.
     */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "test-tokens",
                            Map.of(
                                    "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                                    ISSUER,
                                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                                    KeySet.URI)));
        }
    }

    /** The test key's public half as a JWK Set, served on the loopback address once per JVM. */
    private static final class KeySet {

        static final String URI = serve();

        private static String serve() {
            var keys = new JWKSet(new RSAKey.Builder((RSAPublicKey) KEYS.getPublic())
                            .keyID("test")
                            .build())
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            try {
                var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/jwks.json", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    try (var body = exchange.getResponseBody()) {
                        body.write(keys);
                    }
                });
                server.start();
                return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
