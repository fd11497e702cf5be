package vn.ocop.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicEndpoints endpoints anyone may call without a token, as {@code "METHOD /path/**"} or
 *     {@code "/path/**"} (any method); health, API docs and Swagger UI are always public
 */
@ConfigurationProperties("ocop.web")
public record WebProperties(@DefaultValue List<String> publicEndpoints) {}
