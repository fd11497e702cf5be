package vn.ocop.order;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import vn.ocop.web.AccessRules;
import vn.ocop.web.Role;

/** The order service's clock (a bean, so that tests can move time) and its role rules. */
@Configuration(proxyBeanMethods = false)
class OrderConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AccessRules orderRules() {
        return requests -> requests.requestMatchers(HttpMethod.POST, "/api/checkouts")
                .hasRole(Role.SHOPPER.name())
                .requestMatchers("/api/checkouts/**")
                .hasAnyRole(Role.SHOPPER.name(), Role.ADMIN.name())
                .requestMatchers("/api/admin/**")
                .hasRole(Role.ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/orders/*/shipment")
                .hasAnyRole(Role.PRODUCER.name(), Role.ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/orders/*/delivery")
                .hasAnyRole(Role.SHOPPER.name(), Role.ADMIN.name())
                .requestMatchers("/api/orders/**")
                .hasAnyRole(Role.SHOPPER.name(), Role.PRODUCER.name(), Role.ADMIN.name());
    }
}
