package vn.ocop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VndTests {

    @Test
    void groupsThousandsWithDotsAndAppendsTheDongSign() {
        assertThat(new Vnd(125_000).display()).isEqualTo("125.000 ₫");
        assertThat(new Vnd(1_250_000).display()).isEqualTo("1.250.000 ₫");
        assertThat(new Vnd(500).display()).isEqualTo("500 ₫");
        assertThat(new Vnd(0).display()).isEqualTo("0 ₫");
    }
}
