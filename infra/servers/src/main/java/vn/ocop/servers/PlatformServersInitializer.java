package vn.ocop.servers;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring context at the platform's servers before it starts. The service's database name
 * comes from the property {@code ocop.servers.database}.
 *
 * <ul>
 *   <li>embedded: the JVM's shared {@link EmbeddedServers}, addresses as properties;
 *   <li>testcontainers: registers {@link TestcontainersServers}, whose containers reach Boot through
 *       {@code @ServiceConnection};
 *   <li>external: nothing; the environment already says where the servers are.
 * </ul>
 */
public class PlatformServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var database = context.getEnvironment().getRequiredProperty("ocop.servers.database");
        switch (ServersMode.current()) {
            case EMBEDDED -> {
                var servers = EmbeddedServers.shared();
                servers.createDatabase(database);
                context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "ocopEmbeddedServers", servers.addresses().serviceProperties(database)));
            }
            case TESTCONTAINERS -> ((GenericApplicationContext) context).registerBean(TestcontainersServers.class);
            case EXTERNAL -> {}
        }
    }
}
