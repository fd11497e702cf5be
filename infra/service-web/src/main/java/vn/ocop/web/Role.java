package vn.ocop.web;

/** The platform's roles, carried in the token's {@code roles} claim. */
public enum Role {
    /** The provincial OCOP office. */
    ADMIN,
    /** A producer (cooperative, enterprise, household business); its token carries {@code producer_id}. */
    PRODUCER,
    SHOPPER;

    public String authority() {
        return "ROLE_" + name();
    }
}
