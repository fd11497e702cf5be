package vn.ocop.platform.issuer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local platform's demo accounts: OAuth2 clients that get a token for one role with the
 * client-credentials grant. Not for production, where the services trust the province's own
 * identity provider. A producer account acts for the sample producer with its tax code, whose id
 * is known once the sample catalogue is loaded.
 */
public final class DemoAccounts {

    /** One demo account. {@code producerTaxCode} is set for producer accounts. */
    public record Account(String clientId, String secret, String role, String producerTaxCode) {}

    public static final List<Account> ACCOUNTS = List.of(
            new Account("ocop-admin", "admin-secret", "ADMIN", null),
            new Account("htx-tra-hoa-vang", "producer-secret", "PRODUCER", "5700100001"),
            new Account("shopper", "shopper-secret", "SHOPPER", null),
            new Account("ocop-monitoring", "monitoring-secret", "MONITOR", null));

    private final Map<String, UUID> producerIdsByTaxCode = new ConcurrentHashMap<>();

    /** Tells the issuer which producer a tax code belongs to (after the sample catalogue is loaded). */
    public void producerIdentified(String taxCode, UUID producerId) {
        producerIdsByTaxCode.put(taxCode, producerId);
    }

    Optional<UUID> producerId(Account account) {
        return Optional.ofNullable(account.producerTaxCode()).map(producerIdsByTaxCode::get);
    }

    static Optional<Account> account(String clientId) {
        return ACCOUNTS.stream().filter(a -> a.clientId().equals(clientId)).findFirst();
    }
}
