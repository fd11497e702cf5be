package vn.ocop.trace.resolver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lot may hold "/" or "%" (both in GS1 CSET 82), which a Digital Link carries as %2F and %25. The
 * web server and the security firewall would refuse those before the resolver could read them, so
 * both let them through; the resolver decodes each path segment itself.
 */
@Configuration(proxyBeanMethods = false)
class ResolverWebConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheResolver() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    /**
     * The resolver serves anyone and reads no credentials, so its requests skip the security filter
     * chain altogether (the firewall above still inspects them): a scan is the platform's busiest
     * request.
     */
    @Bean
    WebSecurityCustomizer resolverNeedsNoSecurityChain() {
        return web -> web.ignoring().requestMatchers("/01/**", "/.well-known/gs1resolver");
    }

    /** Resolved scans are answered ahead of every other filter; see {@link ResolverFastPath}. */
    @Bean
    FilterRegistrationBean<ResolverFastPath> resolverFastPath(
            Resolutions resolutions, JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        var registration = new FilterRegistrationBean<>(
                new ResolverFastPath(resolutions, json, meters.getIfAvailable(SimpleMeterRegistry::new)));
        registration.addUrlPatterns("/01/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    HttpFirewall httpFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }
}
