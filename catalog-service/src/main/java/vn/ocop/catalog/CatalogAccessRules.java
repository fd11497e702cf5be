package vn.ocop.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import vn.ocop.web.AccessRules;
import vn.ocop.web.Role;

/** Which role may call which catalogue endpoint. */
@Configuration(proxyBeanMethods = false)
class CatalogAccessRules {

    @Bean
    AccessRules catalogRules() {
        return requests ->
                requests.requestMatchers(HttpMethod.POST, "/api/producers").hasRole(Role.ADMIN.name());
    }
}
