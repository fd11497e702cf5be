package vn.ocop.web;

import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A service's request-level rules (which role may call which endpoint), applied before the request
 * body is even read, so that a caller without the role learns nothing from validation messages.
 * Rules on a producer's own records are checked again in the application services.
 */
@FunctionalInterface
public interface AccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests);

    /**
     * Any signed-in caller except a monitoring account (a token with the MONITOR role and none of the
     * others, whatever else its roles claim holds), whose token opens the metrics and nothing else: for
     * endpoints that need a sign-in but no particular role.
     */
    static AuthorizationManager<RequestAuthorizationContext> signedIn() {
        AuthorizationManager<RequestAuthorizationContext> notOnlyMonitoring = (authentication, context) -> {
            // Roles only: Spring Security adds authorities of its own, such as the factor a caller signed in with.
            var roles = authentication.get().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter(authority -> authority != null && authority.startsWith("ROLE_"))
                    .collect(Collectors.toSet());
            boolean monitoringOnly = roles.contains(Role.MONITOR.authority())
                    && Stream.of(Role.ADMIN, Role.PRODUCER, Role.SHOPPER)
                            .noneMatch(role -> roles.contains(role.authority()));
            return new AuthorizationDecision(!monitoringOnly);
        };
        return AuthorizationManagers.allOf(AuthenticatedAuthorizationManager.authenticated(), notOnlyMonitoring);
    }
}
