package vn.ocop.catalog.product;

/** The six OCOP product groups (Decision 148/QĐ-TTg). */
public enum OcopGroup {
    /** Thực phẩm. */
    FOOD,
    /** Đồ uống. */
    BEVERAGES,
    /** Thảo dược. */
    HERBAL,
    /** Vải và may mặc. */
    TEXTILES,
    /** Lưu niệm, nội thất, trang trí. */
    SOUVENIRS_DECORATION,
    /** Dịch vụ du lịch cộng đồng, du lịch nông thôn và điểm du lịch: booked, not shipped. */
    RURAL_TOURISM
}
