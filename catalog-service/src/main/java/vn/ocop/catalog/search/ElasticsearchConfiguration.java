package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.io.IOException;
import org.apache.hc.core5.http.HttpHost;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The official Elasticsearch Java client over the Rest5 transport. Boot 4.1 has no Elasticsearch
 * auto-configuration on this platform's registry, so the client is built here; its health comes
 * from {@code /_cluster/health} (the minimal distribution answers 405 to {@code GET /}).
 */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    Rest5Client elasticsearchRestClient(SearchProperties properties) {
        var hosts = properties.uris().stream()
                .map(uri -> new HttpHost(uri.getScheme(), uri.getHost(), uri.getPort()))
                .toArray(HttpHost[]::new);
        return Rest5Client.builder(hosts).build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(Rest5Client restClient) {
        return new ElasticsearchClient(new Rest5ClientTransport(restClient, new Jackson3JsonpMapper()));
    }

    @Bean("elasticsearch")
    AbstractHealthIndicator elasticsearchHealthIndicator(Rest5Client restClient) {
        return new AbstractHealthIndicator("Elasticsearch is not reachable") {
            @Override
            protected void doHealthCheck(Health.Builder builder) throws IOException {
                var response = restClient.performRequest(new Request("GET", "/_cluster/health"));
                var body = new String(response.getEntity().getContent().readAllBytes());
                if (body.contains("\"status\":\"red\"")) {
                    builder.down().withDetail("status", "red");
                } else {
                    builder.up().withDetail("status", body.contains("\"status\":\"green\"") ? "green" : "yellow");
                }
            }
        };
    }
}
