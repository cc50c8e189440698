package io.kubicle.apiserver.api.patch;

import static io.kubicle.apiserver.api.patch.TestJson.assertJson;
import static io.kubicle.apiserver.api.patch.TestJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example table of RFC 7386 appendix A, row by row. */
class MergePatchTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":\"b\"}               | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
        "{\"a\":\"b\"}               | {\"b\":\"c\"}                    | {\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"}               | {\"a\":null}                     | {}",
        "{\"a\":\"b\",\"b\":\"c\"}   | {\"a\":null}                     | {\"b\":\"c\"}",
        "{\"a\":[\"b\"]}             | {\"a\":\"c\"}                    | {\"a\":\"c\"}",
        "{\"a\":\"c\"}               | {\"a\":[\"b\"]}                  | {\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}}       | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]}     | {\"a\":[1]}                      | {\"a\":[1]}",
        "[\"a\",\"b\"]               | [\"c\",\"d\"]                    | [\"c\",\"d\"]",
        "{\"a\":\"b\"}               | [\"c\"]                          | [\"c\"]",
        "{\"a\":\"foo\"}             | null                             | null",
        "{\"a\":\"foo\"}             | \"bar\"                          | \"bar\"",
        "{\"e\":null}                | {\"a\":1}                        | {\"e\":null,\"a\":1}",
        "[1,2]                       | {\"a\":\"b\",\"c\":null}         | {\"a\":\"b\"}",
        "{}                          | {\"a\":{\"bb\":{\"ccc\":null}}}  | {\"a\":{\"bb\":{}}}",
    })
    void rfc7386Examples(String target, String patch, String expected) {
        JsonNode original = json(target);
        assertJson(expected, MergePatch.apply(original, json(patch)));
        assertJson(target, original);
    }
}
