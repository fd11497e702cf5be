package vn.ocop.web;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's request-level rules (which role may call which endpoint), applied before the request
 * body is even read, so that a caller without the role learns nothing from validation messages.
 * Rules on a producer's own records are checked again in the application services.
 */
@FunctionalInterface
public interface AccessRules {

    void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry requests);
}
