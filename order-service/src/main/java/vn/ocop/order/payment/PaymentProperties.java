package vn.ocop.order.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where shoppers pay and how the bank proves its notifications.
 *
 * @param bankBin the NAPAS BIN of the platform's collection bank (six digits)
 * @param accountNumber the collection account shoppers transfer to
 * @param accountName the account holder's name, shown to the shopper
 * @param notificationSecret the secret the bank signs transfer notifications with (HMAC-SHA256)
 */
@ConfigurationProperties("ocop.order.payment")
public record PaymentProperties(String bankBin, String accountNumber, String accountName, String notificationSecret) {

    public PaymentProperties {
        if (bankBin == null || !bankBin.matches("\\d{6}")) {
            throw new IllegalArgumentException("ocop.order.payment.bank-bin must be six digits");
        }
        if (accountNumber == null || !accountNumber.matches("[0-9A-Za-z]{1,19}")) {
            throw new IllegalArgumentException("ocop.order.payment.account-number must be 1-19 letters or digits");
        }
        if (notificationSecret == null || notificationSecret.length() < 16) {
            throw new IllegalArgumentException("ocop.order.payment.notification-secret must be at least 16 characters");
        }
    }
}
