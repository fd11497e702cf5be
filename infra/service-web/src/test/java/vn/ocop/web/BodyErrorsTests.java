package vn.ocop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class BodyErrorsTests {

    record Line(UUID productId, int quantity) {}

    enum Kind {
        COOPERATIVE,
        ENTERPRISE
    }

    record Checkout(String shopper, Kind kind, List<Line> lines) {}

    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(PlainText.module()).build();

    @Test
    void aNestedFieldIsNamedAsAPathWithWhatItMustBe() {
        assertThat(describe("{\"lines\": [{\"quantity\": 1}, {\"quantity\": 2}, {\"quantity\": \"many\"}]}"))
                .isEqualTo(Map.of("field", "lines[2].quantity", "reason", "must be a whole number"));
        assertThat(describe("{\"lines\": [{\"quantity\": 99999999999}]}"))
                .isEqualTo(Map.of("field", "lines[0].quantity", "reason", "is a number out of range"));
        assertThat(describe("{\"lines\": [{\"productId\": \"not-a-uuid\"}]}"))
                .isEqualTo(Map.of("field", "lines[0].productId", "reason", "must be a UUID"));
        assertThat(describe("{\"kind\": \"FARM\"}"))
                .isEqualTo(Map.of("field", "kind", "reason", "must be one of COOPERATIVE, ENTERPRISE"));
        assertThat(describe("{\"lines\": {}}")).isEqualTo(Map.of("field", "lines", "reason", "must be a list"));
        assertThat(describe("{\"shopper\": {}}")).isEqualTo(Map.of("field", "shopper", "reason", "must be text"));
    }

    @Test
    void textIsComposedAndControlCharactersAreNamedWithTheirField() throws Exception {
        var decomposed = "Ma\u0323\u0302t ong"; // "Mật ong" with combining marks
        var read = JSON.readValue(
                "{\"shopper\": \"" + decomposed + "\", \"lines\": [], \"kind\": \"ENTERPRISE\"}", Checkout.class);

        assertThat(read.shopper()).isEqualTo("Mật ong").hasSize(7);
        assertThat(JSON.readValue("{\"shopper\": \"dòng 1\\ndòng 2\\tcột\"}", Checkout.class)
                        .shopper())
                .isEqualTo("dòng 1\ndòng 2\tcột");
        assertThat(describe("{\"shopper\": \"Mật ong\\u001f\"}"))
                .isEqualTo(Map.of("field", "shopper", "reason", "must not hold control characters (found U+001F)"));
        assertThat(describe("{\"shopper\": \"a\\u0000b\"}"))
                .isEqualTo(Map.of("field", "shopper", "reason", "must not hold control characters (found U+0000)"));
        assertThat(describe("{\"shopper\": \"\\ud800\"}"))
                .isEqualTo(
                        Map.of("field", "shopper", "reason", "must be valid Unicode text (half of a surrogate pair)"));
        assertThat(JSON.readValue("{\"shopper\": \"\\ud83c\\udf6f\"}", Checkout.class)
                        .shopper())
                .as("a whole pair is fine")
                .isEqualTo("🍯");
    }

    @Test
    void brokenJsonSaysWhereOrThatItEndsTooSoon() {
        assertThat(describe("{\"shopper\" \"an\"}"))
                .isEqualTo(Map.of("field", "body", "reason", "is not valid JSON (line 1, column 12)"));
        assertThat(describe("{\"shopper\": \"an\","))
                .isEqualTo(Map.of("field", "body", "reason", "is not valid JSON: it ends too soon"));
        assertThat(describe("[]")).isEqualTo(Map.of("field", "body", "reason", "must be an object"));
    }

    @Test
    void noBodyAtAllIsAskedFor() {
        var missing = new HttpMessageNotReadableException(
                "Required request body is missing", new MockHttpInputMessage(new byte[0]));

        assertThat(BodyErrors.describe(missing))
                .isEqualTo(Map.of("field", "body", "reason", "is required and must be JSON"));
    }

    private static Map<String, String> describe(String body) {
        try {
            JSON.readValue(body, Checkout.class);
        } catch (JacksonException e) {
            return BodyErrors.describe(
                    new HttpMessageNotReadableException("unreadable", e, new MockHttpInputMessage(new byte[0])));
        }
        throw new AssertionError("read without complaint: " + body);
    }
}
