package vn.ocop.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import vn.ocop.web.AccessRules;
import vn.ocop.web.Role;

/**
 * Which role may call which catalogue endpoint. A producer's right to a particular product is
 * checked again in the application services (its own records only).
 */
@Configuration(proxyBeanMethods = false)
class CatalogAccessRules {

    @Bean
    AccessRules catalogRules() {
        var admin = Role.ADMIN.name();
        var producer = Role.PRODUCER.name();
        return requests -> requests.requestMatchers(HttpMethod.POST, "/api/producers/self-registrations")
                .access(AccessRules.signedIn())
                .requestMatchers(
                        HttpMethod.POST,
                        "/api/producers",
                        "/api/producers/*/verification",
                        "/api/producers/*/rejection")
                .hasRole(admin)
                .requestMatchers("/api/producers/*/suspension")
                .hasRole(admin)
                .requestMatchers("/api/certificates/**")
                .hasRole(admin)
                .requestMatchers("/api/admin/**")
                .hasRole(admin)
                .requestMatchers(HttpMethod.POST, "/api/products/**")
                .hasAnyRole(admin, producer)
                .requestMatchers(HttpMethod.PATCH, "/api/products/**")
                .hasAnyRole(admin, producer)
                .requestMatchers(HttpMethod.PUT, "/api/products/**")
                .hasAnyRole(admin, producer)
                .requestMatchers(HttpMethod.DELETE, "/api/products/**")
                .hasAnyRole(admin, producer);
    }
}
