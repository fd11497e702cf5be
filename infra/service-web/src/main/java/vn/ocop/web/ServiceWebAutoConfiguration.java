package vn.ocop.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP conventions every service shares: an OAuth2 resource server that reads the platform's
 * roles from the token's {@code roles} claim and a producer's id from {@code producer_id}; 401 and
 * 403 as problems; the {@link Caller} controller argument; the OpenAPI bearer scheme.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            // Its error controller backs off for ProblemErrorController.
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"
        },
        afterName =
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration")
@EnableWebSecurity
@EnableConfigurationProperties(WebProperties.class)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class ServiceWebAutoConfiguration {

    static final String ROLES_CLAIM = "roles";
    static final String PRODUCER_CLAIM = "producer_id";

    /** How many verified bearer tokens an instance remembers (see {@link VerifiedTokens}). */
    static final int VERIFIED_TOKENS = 10_000;

    /** Body syntaxes other than JSON that a message converter on the class path might read. */
    private static final Set<String> OTHER_SYNTAXES = Set.of("yaml", "x-yaml", "xml", "cbor", "x-jackson-smile");

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformSecurity(
            HttpSecurity http,
            WebProperties properties,
            JsonMapper json,
            List<AccessRules> serviceRules,
            ObjectProvider<JwtDecoder> decoders)
            throws Exception {
        var problems = new ProblemAuthenticationHandlers(json);
        var authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        var tokens = new JwtAuthenticationConverter();
        tokens.setJwtGrantedAuthoritiesConverter(authorities);

        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers(
                                    "/actuator/health/**",
                                    "/actuator/info",
                                    "/v3/api-docs/**",
                                    "/swagger-ui/**",
                                    "/swagger-ui.html",
                                    "/error")
                            .permitAll();
                    // Metrics say what the platform is doing and to whom; monitoring and the office read them.
                    requests.requestMatchers("/actuator/prometheus").hasAnyRole(Role.MONITOR.name(), Role.ADMIN.name());
                    for (var endpoint : properties.publicEndpoints()) {
                        requests.requestMatchers(matcher(endpoint)).permitAll();
                    }
                    serviceRules.forEach(rules -> rules.apply(requests));
                    requests.anyRequest().access(AccessRules.signedIn());
                })
                .oauth2ResourceServer(server -> server.jwt(jwt -> {
                            jwt.jwtAuthenticationConverter(tokens);
                            var decoder = decoders.getIfAvailable();
                            if (decoder != null) {
                                jwt.decoder(new VerifiedTokens(decoder, Clock.systemUTC(), VERIFIED_TOKENS));
                            }
                        })
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens only, no cookies: nothing for a cross-site request to ride on.
                .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** JSON bodies up to {@code ocop.web.max-json-body}, refused before they are read (and before the token). */
    @Bean
    FilterRegistrationBean<JsonBodyLimit> jsonBodyLimit(WebProperties properties, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(
                new JsonBodyLimit(properties.maxJsonBody().toBytes(), new ProblemAuthenticationHandlers(json)));
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    /** A request Spring Security's firewall turns away (an encoded ';' or '/', a NUL) is answered as a problem. */
    @Bean
    WebSecurityCustomizer rejectedRequestsAsProblems(JsonMapper json) {
        var problems = new ProblemAuthenticationHandlers(json);
        return web -> web.requestRejectedHandler(problems);
    }

    /**
     * Tomcat's error report as a problem (see {@link ProblemErrorReportValve}). It replaces the plain
     * report Spring Boot installs, so it runs after Boot's customizer.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return new ProblemErrorReports();
    }

    static final class ProblemErrorReports
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                var host = context.getParent();
                for (var valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve());
                if (host instanceof StandardHost standard) {
                    // Else the host would add its own default report when it starts.
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * Spring Security's own observations off, wrappers and all: each of its filters, the
     * authentication and the authorization would be observed on every request, for spans nobody
     * reads. The request itself is still observed (metrics and traces) by the web layer.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static PathPatternRequestMatcher matcher(String endpoint) {
        var parts = endpoint.trim().split("\\s+", 2);
        return parts.length == 2
                ? PathPatternRequestMatcher.pathPattern(HttpMethod.valueOf(parts[0]), parts[1])
                : PathPatternRequestMatcher.pathPattern(parts[0]);
    }

    /**
     * Bodies are read as JSON only (uploads as multipart), and their text as {@link PlainText}. The API
     * documentation puts a Jackson 2 YAML reader on the class path, and Spring MVC would read {@code
     * application/yaml} bodies with it: a mapper without the platform's rules, which took a price of
     * 150000.5 đồng as 150000. Readers of YAML, XML, CBOR and Smile go, so such a body is a 415 naming
     * JSON. Only request bodies are read this way; events keep their own codec.
     */
    @Bean
    ServerHttpMessageConvertersCustomizer jsonBodiesOnly() {
        return builder -> builder.configureMessageConvertersList(converters -> {
            converters.removeIf(ServiceWebAutoConfiguration::readsOtherStructuredSyntax);
            converters.replaceAll(converter -> converter instanceof JacksonJsonHttpMessageConverter json
                    ? new JacksonJsonHttpMessageConverter(json.getMapper()
                            .rebuild()
                            .addModule(PlainText.module())
                            .build())
                    : converter);
        });
    }

    static boolean readsOtherStructuredSyntax(HttpMessageConverter<?> converter) {
        var types = converter.getSupportedMediaTypes();
        return !types.isEmpty()
                && types.stream()
                        .allMatch(type -> OTHER_SYNTAXES.contains(type.getSubtype())
                                || OTHER_SYNTAXES.contains(Objects.requireNonNullElse(type.getSubtypeSuffix(), "")));
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerResolver());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI platformOpenApi(@Value("${spring.application.name:ocop}") String name) {
        return new OpenAPI()
                .info(new io.swagger.v3.oas.models.info.Info().title(name).description("OCOP platform: " + name))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** Resolves {@link Caller} from the authenticated token; a public endpoint may take it as optional. */
    static final class CallerResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType().equals(Caller.class);
        }

        @Override
        public Object resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer mavContainer,
                NativeWebRequest webRequest,
                WebDataBinderFactory binderFactory) {
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            if (!(authentication instanceof JwtAuthenticationToken token)) {
                return null;
            }
            return caller(token.getToken());
        }

        static Caller caller(Jwt jwt) {
            List<String> claimed =
                    Optional.ofNullable(jwt.getClaimAsStringList(ROLES_CLAIM)).orElse(List.of());
            Set<Role> roles = claimed.stream()
                    .filter(role -> Set.of("ADMIN", "PRODUCER", "SHOPPER").contains(role))
                    .map(Role::valueOf)
                    .collect(Collectors.toUnmodifiableSet());
            Optional<UUID> producer = Optional.ofNullable(jwt.getClaimAsString(PRODUCER_CLAIM))
                    .flatMap(value -> {
                        try {
                            return Optional.of(UUID.fromString(value));
                        } catch (IllegalArgumentException e) {
                            return Optional.empty();
                        }
                    });
            return new Caller(jwt.getSubject(), roles, producer);
        }
    }
}
