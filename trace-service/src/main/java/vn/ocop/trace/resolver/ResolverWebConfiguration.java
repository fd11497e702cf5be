package vn.ocop.trace.resolver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lot may hold "/", "%" or ";" (all in GS1 CSET 82), which a Digital Link carries as %2F, %25 and
 * %3B. The web server and the security firewall would refuse those before the resolver could read
 * them, so both let them through; the resolver decodes each path segment itself.
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

    /**
     * Strict for every request, and for a Digital Link it also lets ";" through, raw or as %3B (CSET 82
     * holds it: labels printed before the resolver escaped it carry it raw), and the escapes a lot's
     * "/" and "%" make. The firewall refuses ";"
     * elsewhere because a dot segment with a path parameter ({@code /01/..;/api/...}) can hide where a
     * request really goes. So a request counts as a Digital Link only when both the URI as sent and the
     * path the web server resolved from it (parameters dropped, dot segments applied) start with
     * {@code /01/}: whatever passes that way is answered by the resolver and nothing else.
     */
    @Bean
    HttpFirewall httpFirewall() {
        var strict = strictFirewall();
        var digitalLinks = strictFirewall();
        digitalLinks.setAllowSemicolon(true);
        // A lot may hold "/" and "%" (CSET 82): escaped, "HL//01" is HL%2F%2F01, and a lot "A%5C" is A%255C,
        // which the server decodes to A%5C in the path. The resolver reads such a path as the lot it is.
        digitalLinks.setAllowUrlEncodedDoubleSlash(true);
        digitalLinks.setAllowUrlEncodedPeriod(true);
        digitalLinks.setAllowBackSlash(true);
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                return (isDigitalLink(request) ? digitalLinks : strict).getFirewalledRequest(request);
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }

    private static StrictHttpFirewall strictFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    static boolean isDigitalLink(HttpServletRequest request) {
        var resolved = request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), "");
        return request.getRequestURI().startsWith("/01/") && resolved.startsWith("/01/");
    }
}
