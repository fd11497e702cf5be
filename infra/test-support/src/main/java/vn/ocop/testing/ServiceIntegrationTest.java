package vn.ocop.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import vn.ocop.servers.PlatformServersInitializer;

/**
 * A service test on the real servers (Kafka, Elasticsearch, S3, PostgreSQL; see {@code
 * ServersMode}), with the service listening on a random port and trusting {@link TestTokens}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {PlatformServersInitializer.class, TestTokens.Initializer.class})
public @interface ServiceIntegrationTest {}
