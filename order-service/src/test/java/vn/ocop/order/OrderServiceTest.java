package vn.ocop.order;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import vn.ocop.testing.ServiceIntegrationTest;

/**
 * An order-service test on the real servers, with a clock a test can move forward and the unpaid
 * sweep left to the test. Every order-service test class shares this one application context: two
 * contexts alive at once would share the stock consumers' group, and an event for one context's order
 * could be handled by the other's listener, on the other's clock.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ServiceIntegrationTest
@TestPropertySource(properties = "ocop.order.sweep-interval=1h")
@Import(TestClock.Configuration.class)
public @interface OrderServiceTest {}
