package vn.ocop.servers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a {@code @SpringBootTest} against real Kafka, Elasticsearch, S3 and PostgreSQL (see {@link
 * ServersMode}). The test's properties must name the service's database as {@code ocop.servers.database}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextConfiguration(initializers = PlatformServersInitializer.class)
public @interface WithPlatformServers {}
