package vn.ocop.platform.issuer;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A real OAuth2/OIDC issuer (Spring Authorization Server) for the local platform. Its tokens carry
 * the platform's {@code roles} claim and, for a producer, {@code producer_id}, and name the platform
 * as their audience; the services validate them through the issuer's published keys, as they would
 * a production provider's.
 */
@SpringBootApplication
public class LocalIssuer {

    /** The {@code aud} of every access token: the services' default {@code OCOP_AUDIENCE}. */
    public static final String AUDIENCE = "ocop-platform";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher())
                        .with(server, issuer -> issuer.oidc(Customizer.withDefaults())))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    RegisteredClientRepository demoClients() {
        List<RegisteredClient> clients = DemoAccounts.ACCOUNTS.stream()
                .map(account -> RegisteredClient.withId(UUID.randomUUID().toString())
                        .clientId(account.clientId())
                        .clientSecret("{noop}" + account.secret())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scope("api")
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenTimeToLive(Duration.ofHours(8))
                                .build())
                        .build())
                .toList();
        return new InMemoryRegisteredClientRepository(clients);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> platformClaims(DemoAccounts accounts) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            // Meant for the platform's services (their OCOP_AUDIENCE), not for the client that asked.
            context.getClaims().audience(List.of(AUDIENCE));
            DemoAccounts.account(context.getRegisteredClient().getClientId()).ifPresent(account -> {
                context.getClaims().claim("roles", List.of(account.role()));
                accounts.producerId(account).ifPresent(id -> context.getClaims().claim("producer_id", id.toString()));
            });
        };
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(
            @org.springframework.beans.factory.annotation.Value("${ocop.issuer.url}") String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }
}
