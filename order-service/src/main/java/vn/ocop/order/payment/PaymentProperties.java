package vn.ocop.order.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where shoppers pay and how the bank proves its notifications. None has a default: a start that
 * leaves one unset fails and names the environment variable to set.
 *
 * @param bankBin the NAPAS BIN of the platform's collection bank (six digits)
 * @param accountNumber the collection account shoppers transfer to
 * @param accountName the account holder's name, shown to the shopper
 * @param notificationSecret the secret the bank signs transfer notifications with (HMAC-SHA256). It has
 *     anyone who knows it can mark orders paid, so a value that was ever published is refused too.
 */
@ConfigurationProperties("ocop.order.payment")
public record PaymentProperties(String bankBin, String accountNumber, String accountName, String notificationSecret) {

    public PaymentProperties {
        if (bankBin == null || !bankBin.matches("\\d{6}")) {
            throw new IllegalArgumentException(
                    "ocop.order.payment.bank-bin must be six digits: set OCOP_PAYMENT_BANK_BIN to the collection bank's NAPAS BIN");
        }
        if (accountNumber == null || !accountNumber.matches("[0-9A-Za-z]{1,19}")) {
            throw new IllegalArgumentException("ocop.order.payment.account-number must be 1-19 letters or digits:"
                    + " set OCOP_PAYMENT_ACCOUNT to the collection account");
        }
        if (accountName == null || accountName.isBlank()) {
            throw new IllegalArgumentException(
                    "ocop.order.payment.account-name is not set: set OCOP_PAYMENT_ACCOUNT_NAME"
                            + " to the account holder's name shoppers see");
        }
        if (notificationSecret == null || notificationSecret.isBlank()) {
            throw new IllegalArgumentException(
                    "ocop.order.payment.notification-secret is not set: set OCOP_PAYMENT_SECRET to the secret"
                            + " the collection bank signs its transfer notifications with");
        }
        if (notificationSecret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "ocop.order.payment.notification-secret must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (PUBLISHED_SECRETS.contains(notificationSecret)) {
            throw new IllegalArgumentException("ocop.order.payment.notification-secret is a value published in"
                    + " this platform's sources: anyone could sign notifications with it; use the bank's own secret");
        }
    }

    private static final int MIN_SECRET_LENGTH = 16;

    /** Values that once stood in the platform's configuration as defaults, and so are known to anyone. */
    private static final java.util.Set<String> PUBLISHED_SECRETS =
            java.util.Set.of("local-development-secret-not-for-production");
}
