package io.kubicle.apiserver.api.patch;

import static io.kubicle.apiserver.api.patch.TestJson.assertJson;
import static io.kubicle.apiserver.api.patch.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** RFC 6902 appendix A examples, plus the evanphx/json-patch messages kube users see. */
class JsonPatchTest {

    private static JsonNode patch(String target, String ops) {
        return JsonPatch.apply(json(target), json(ops));
    }

    private static PatchException fails(String target, String ops) {
        return assertThrows(PatchException.class, () -> patch(target, ops));
    }

    @Test
    void a1AddsAnObjectMember() {
        assertJson("{\"baz\":\"qux\",\"foo\":\"bar\"}",
                patch("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\"}]"));
    }

    @Test
    void a2AddsAnArrayElement() {
        assertJson("{\"foo\":[\"bar\",\"qux\",\"baz\"]}",
                patch("{\"foo\":[\"bar\",\"baz\"]}", "[{\"op\":\"add\",\"path\":\"/foo/1\",\"value\":\"qux\"}]"));
    }

    @Test
    void a3RemovesAnObjectMember() {
        assertJson("{\"foo\":\"bar\"}", patch("{\"baz\":\"qux\",\"foo\":\"bar\"}", "[{\"op\":\"remove\",\"path\":\"/baz\"}]"));
    }

    @Test
    void a4RemovesAnArrayElement() {
        assertJson("{\"foo\":[\"bar\",\"baz\"]}",
                patch("{\"foo\":[\"bar\",\"qux\",\"baz\"]}", "[{\"op\":\"remove\",\"path\":\"/foo/1\"}]"));
    }

    @Test
    void a5ReplacesAValue() {
        assertJson("{\"baz\":\"boo\",\"foo\":\"bar\"}",
                patch("{\"baz\":\"qux\",\"foo\":\"bar\"}", "[{\"op\":\"replace\",\"path\":\"/baz\",\"value\":\"boo\"}]"));
    }

    @Test
    void a6MovesAValue() {
        assertJson("{\"foo\":{\"bar\":\"baz\"},\"qux\":{\"corge\":\"grault\",\"thud\":\"fred\"}}",
                patch("{\"foo\":{\"bar\":\"baz\",\"waldo\":\"fred\"},\"qux\":{\"corge\":\"grault\"}}",
                        "[{\"op\":\"move\",\"from\":\"/foo/waldo\",\"path\":\"/qux/thud\"}]"));
    }

    @Test
    void a7MovesAnArrayElement() {
        assertJson("{\"foo\":[\"all\",\"cows\",\"eat\",\"grass\"]}",
                patch("{\"foo\":[\"all\",\"grass\",\"cows\",\"eat\"]}", "[{\"op\":\"move\",\"from\":\"/foo/1\",\"path\":\"/foo/3\"}]"));
    }

    @Test
    void a8TestsValuesSuccessfully() {
        String doc = "{\"baz\":\"qux\",\"foo\":[\"a\",2,\"c\"]}";
        assertJson(doc, patch(doc, "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"qux\"},"
                + "{\"op\":\"test\",\"path\":\"/foo/1\",\"value\":2}]"));
    }

    @Test
    void a9FailsATest() {
        assertEquals("testing value /baz failed: test failed",
                fails("{\"baz\":\"qux\"}", "[{\"op\":\"test\",\"path\":\"/baz\",\"value\":\"bar\"}]").getMessage());
    }

    @Test
    void a10AddsANestedMemberObject() {
        assertJson("{\"foo\":\"bar\",\"child\":{\"grandchild\":{}}}",
                patch("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/child\",\"value\":{\"grandchild\":{}}}]"));
    }

    @Test
    void a11IgnoresUnrecognizedMembers() {
        assertJson("{\"foo\":\"bar\",\"baz\":\"qux\"}",
                patch("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz\",\"value\":\"qux\",\"xyz\":123}]"));
    }

    @Test
    void a12RefusesToAddToANonexistentTarget() {
        assertEquals("add operation does not apply: doc is missing path: \"/baz/bat\": missing value",
                fails("{\"foo\":\"bar\"}", "[{\"op\":\"add\",\"path\":\"/baz/bat\",\"value\":\"qux\"}]").getMessage());
    }

    @Test
    void a14UnescapesTildeOneBeforeTildeZero() {
        String doc = "{\"/\":9,\"~1\":10}";
        assertJson(doc, patch(doc, "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":10}]"));
        assertJson("{\"/\":1,\"~1\":10}", patch(doc, "[{\"op\":\"replace\",\"path\":\"/~1\",\"value\":1}]"));
    }

    @Test
    void a15DoesNotEqualAStringAndANumber() {
        fails("{\"/\":9,\"~1\":10}", "[{\"op\":\"test\",\"path\":\"/~01\",\"value\":\"10\"}]");
    }

    @Test
    void a16AppendsAnArrayValueWithDash() {
        assertJson("{\"foo\":[\"bar\",[\"abc\",\"def\"]]}",
                patch("{\"foo\":[\"bar\"]}", "[{\"op\":\"add\",\"path\":\"/foo/-\",\"value\":[\"abc\",\"def\"]}]"));
    }

    @Test
    void copiesDeeplyAndComparesNumbersByValue() {
        JsonNode out = patch("{\"a\":{\"b\":1}}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/c\"},"
                + "{\"op\":\"replace\",\"path\":\"/c/b\",\"value\":2},{\"op\":\"test\",\"path\":\"/a/b\",\"value\":1.0}]");
        assertJson("{\"a\":{\"b\":1},\"c\":{\"b\":2}}", out);
    }

    @Test
    void negativeIndicesCountFromTheEndAsInKube() {
        assertJson("{\"a\":[1,2]}", patch("{\"a\":[1,2,3]}", "[{\"op\":\"remove\",\"path\":\"/a/-1\"}]"));
    }

    @Test
    void reportsKubeMessagesForMissingMembers() {
        assertEquals("error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value",
                fails("{\"spec\":{}}", "[{\"op\":\"remove\",\"path\":\"/spec/foo\"}]").getMessage());
        assertEquals("replace operation does not apply: doc is missing key: /spec/foo: missing value",
                fails("{\"spec\":{}}", "[{\"op\":\"replace\",\"path\":\"/spec/foo\",\"value\":1}]").getMessage());
        assertEquals("error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced",
                fails("{\"a\":[]}", "[{\"op\":\"add\",\"path\":\"/a/5\",\"value\":1}]").getMessage());
        assertEquals("Unexpected kind: frobnicate", fails("{}", "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]").getMessage());
        assertEquals("json: cannot unmarshal object into Go value of type jsonpatch.Patch", fails("{}", "{}").getMessage());
    }

    @Test
    void leavesTheTargetAloneAndAppliesNothingWhenAnOperationFails() {
        JsonNode target = json("{\"a\":1}");
        assertThrows(PatchException.class, () -> JsonPatch.apply(target,
                json("[{\"op\":\"add\",\"path\":\"/b\",\"value\":2},{\"op\":\"test\",\"path\":\"/a\",\"value\":9}]")));
        assertJson("{\"a\":1}", target);
    }
}
