package vn.ocop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GtinTests {

    @ParameterizedTest
    @ValueSource(strings = {"09506000134352", "00012345600012", "08930000000019", "10614141000415"})
    void acceptsGtinsWithTheRightCheckDigit(String gtin) {
        assertThat(Gtin.isValid(gtin)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"09506000134353", "0950600013435", "095060001343521", "0950600013435A", ""})
    void refusesAWrongCheckDigitOrLength(String gtin) {
        assertThat(Gtin.isValid(gtin)).isFalse();
    }

    @Test
    void computesTheCheckDigitFromTheRight() {
        assertThat(Gtin.checkDigit("0950600013435")).isEqualTo(2);
        assertThatThrownBy(() -> new Gtin("09506000134353")).isInstanceOf(IllegalArgumentException.class);
    }
}
