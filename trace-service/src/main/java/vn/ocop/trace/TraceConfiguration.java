package vn.ocop.trace;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.ocop.web.AccessRules;
import vn.ocop.web.Role;

/** The trace service's clock (a bean, so that tests can move time) and its role rules. */
@Configuration(proxyBeanMethods = false)
class TraceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AccessRules traceRules() {
        // Past the public resolver and batch pages, the trace API is for producers and the office.
        return requests -> requests.requestMatchers("/api/**").hasAnyRole(Role.PRODUCER.name(), Role.ADMIN.name());
    }
}
