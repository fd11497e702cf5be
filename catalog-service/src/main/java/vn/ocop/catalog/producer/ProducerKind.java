package vn.ocop.catalog.producer;

/** The legal forms an OCOP holder ("chủ thể OCOP") takes. */
public enum ProducerKind {
    /** Hợp tác xã (HTX): most OCOP producers. */
    COOPERATIVE,
    /** Doanh nghiệp. */
    ENTERPRISE,
    /** Hộ kinh doanh. */
    HOUSEHOLD_BUSINESS,
    /** Tổ hợp tác. */
    COOPERATIVE_GROUP
}
