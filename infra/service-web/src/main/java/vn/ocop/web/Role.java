package vn.ocop.web;

/** The platform's roles, carried in the token's {@code roles} claim. */
public enum Role {
    /** The provincial OCOP office. */
    ADMIN,
    /** A producer (cooperative, enterprise, household business); its token carries {@code producer_id}. */
    PRODUCER,
    SHOPPER,
    /** A monitoring system: it reads the services' metrics ({@code /actuator/prometheus}) and nothing else. */
    MONITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
