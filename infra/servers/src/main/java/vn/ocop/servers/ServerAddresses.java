package vn.ocop.servers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the running servers are, and the Spring properties that point a service at them.
 *
 * @param postgresHostPort {@code host:port} of PostgreSQL; each service has its own database there
 */
public record ServerAddresses(
        String kafkaBootstrapServers,
        String elasticsearchUri,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String postgresHostPort,
        String postgresUser,
        String postgresPassword) {

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + postgresHostPort + "/" + database;
    }

    /** The properties a service reads, for a service whose database is {@code database}. */
    public Map<String, Object> serviceProperties(String database) {
        var properties = new LinkedHashMap<String, Object>();
        properties.put("spring.datasource.url", jdbcUrl(database));
        properties.put("spring.datasource.username", postgresUser);
        properties.put("spring.datasource.password", postgresPassword);
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.put("ocop.elasticsearch.uris", elasticsearchUri);
        properties.put("ocop.s3.endpoint", s3Endpoint);
        properties.put("ocop.s3.access-key", s3AccessKey);
        properties.put("ocop.s3.secret-key", s3SecretKey);
        return properties;
    }

    /** The same settings as environment variables, for a service started as its own process. */
    public Map<String, String> serviceEnvironment(String database) {
        var environment = new LinkedHashMap<String, String>();
        serviceProperties(database)
                .forEach((key, value) ->
                        environment.put(key.toUpperCase().replace('.', '_').replace("-", ""), String.valueOf(value)));
        return environment;
    }
}
