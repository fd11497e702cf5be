package vn.ocop.order.payment;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

class PaymentPropertiesTests {

    private static PaymentProperties withSecret(String secret) {
        return new PaymentProperties("970436", "0011009999999", "SAN OCOP (SAMPLE)", secret);
    }

    @Test
    void aMissingSecretStopsTheStartAndSaysWhichVariableToSet() {
        for (var missing : new String[] {null, "", "   "}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> withSecret(missing))
                    .withMessageContaining("OCOP_PAYMENT_SECRET");
        }
    }

    @Test
    void aMissingAccountStopsTheStartAndSaysWhichVariableToSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PaymentProperties("", "0011009999999", "SAN OCOP (SAMPLE)", "s".repeat(32)))
                .withMessageContaining("OCOP_PAYMENT_BANK_BIN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PaymentProperties("970436", null, "SAN OCOP (SAMPLE)", "s".repeat(32)))
                .withMessageContaining("OCOP_PAYMENT_ACCOUNT");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PaymentProperties("970436", "0011009999999", " ", "s".repeat(32)))
                .withMessageContaining("OCOP_PAYMENT_ACCOUNT_NAME");
    }

    @Test
    void theServicesOwnConfigurationHasNoDefaultsSoAStartWithoutTheEnvironmentFails() throws Exception {
        // The service's application.yaml alone, with the environment's variables unset.
        var sources = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"));
        var environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .forEach(source -> environment.getPropertySources().remove(source.getName()));
        sources.forEach(environment.getPropertySources()::addLast);

        assertThatThrownBy(() -> Binder.get(environment).bind("ocop.order.payment", PaymentProperties.class))
                .rootCause()
                .hasMessageContaining("OCOP_PAYMENT_BANK_BIN");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withSecret("fifteen-chars-x"))
                .withMessageContaining("at least 16 characters");
    }

    @Test
    void theFormerlyPublishedDefaultIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withSecret("local-development-secret-not-for-production"))
                .withMessageContaining("published");
    }

    @Test
    void aSecretOfTheBanksOwnIsAccepted() {
        assertThatNoException().isThrownBy(() -> withSecret("c2b7e1f04a9d4e6b8f3a0d5c7e9b1a24"));
    }
}
