package vn.ocop.servers;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring context at the platform's servers before it starts. The service's database is
 * named by {@code ocop.servers.database}, by default its application name ({@code catalog-service}
 * uses {@code catalog_service}).
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
        var environment = context.getEnvironment();
        var database = environment.getProperty("ocop.servers.database");
        if (database == null) {
            database =
                    environment.getRequiredProperty("spring.application.name").replace('-', '_');
        }
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
