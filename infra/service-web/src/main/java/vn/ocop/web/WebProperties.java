package vn.ocop.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param publicEndpoints endpoints anyone may call without a token, as {@code "METHOD /path/**"} or
 *     {@code "/path/**"} (any method); health, API docs and Swagger UI are always public
 * @param maxJsonBody the largest JSON request body read; a larger one is 413 (uploads are multipart)
 */
@ConfigurationProperties("ocop.web")
public record WebProperties(@DefaultValue List<String> publicEndpoints, @DefaultValue("1MB") DataSize maxJsonBody) {}
