package io.kubicle.apiserver.api.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions.JSON;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaProps;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaPropsOrArray;
import io.kubernetes.client.proto.V1Apiextensions.JSONSchemaPropsOrBool;
import io.kubicle.apiserver.api.ProtobufBodies;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class KubeJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubeJson JSON_WRITER = new KubeJson(ProtobufBodies::decode);

    @Test
    void crdSchemaUsesJsonSchemaNamesAndShortForms() throws Exception {
        JSONSchemaProps schema = JSONSchemaProps.newBuilder().setType("object").setId("").setNullable(false)
            .putProperties("replicas", JSONSchemaProps.newBuilder().setType("integer").setMinimum(0)
                .setMaximum(2.5).setDefault(json("1")).build())
            .putProperties("mode", JSONSchemaProps.newBuilder().setType("string")
                .addEnum(json("\"a\"")).addEnum(json("\"b\"")).build())
            .putProperties("tags", JSONSchemaProps.newBuilder().setType("array")
                .setItems(JSONSchemaPropsOrArray.newBuilder()
                    .setSchema(JSONSchemaProps.newBuilder().setType("string")))
                .setXKubernetesListType("set").build())
            .putProperties("any", JSONSchemaProps.newBuilder().setXKubernetesPreserveUnknownFields(true)
                .setRef("#/x").build())
            .setAdditionalProperties(JSONSchemaPropsOrBool.newBuilder().setAllows(false))
            .build();
        assertEquals(MAPPER.readTree("""
            {"type":"object",
             "properties":{
               "any":{"$ref":"#/x","x-kubernetes-preserve-unknown-fields":true},
               "mode":{"type":"string","enum":["a","b"]},
               "replicas":{"type":"integer","default":1,"maximum":2.5,"minimum":0},
               "tags":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}},
             "additionalProperties":false}"""), JSON_WRITER.object(schema));
    }

    @Test
    void listItemsThatAreEnvelopesAreDecodedToo() throws Exception {
        V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setName("a"))
            .putData("k", "v").build();
        V1.List list = V1.List.newBuilder().setMetadata(Meta.ListMeta.newBuilder().setResourceVersion(""))
            .addItems(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(envelope("v1", "ConfigMap", cm))))
            .addItems(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("{\"kind\":\"Other\"}")))
            .build();
        assertEquals(MAPPER.readTree("""
            {"metadata":{},"items":[
              {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"v"}},
              {"kind":"Other"}]}"""), JSON_WRITER.object(list));
    }

    @Test
    void rawExtensionThatIsNotJsonIsRefused() {
        V1.List list = V1.List.newBuilder()
            .addItems(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFromUtf8("kind: Other"))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JSON_WRITER.object(list));
        assertTrue(e.getMessage().startsWith("field items[0] should hold JSON"), e.getMessage());
    }

    @Test
    void zeroTimesAreLeftOutLikeJsonNull() throws Exception {
        Meta.ObjectMeta meta = Meta.ObjectMeta.newBuilder().setName("x")
            .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(GoFormats.GO_ZERO_TIME_SECONDS))
            .setDeletionTimestamp(Meta.Time.getDefaultInstance()).build();
        JsonNode node = JSON_WRITER.object(meta);
        assertEquals(MAPPER.readTree("{\"name\":\"x\"}"), node);
    }

    private static JSON json(String text) {
        return JSON.newBuilder().setRaw(ByteString.copyFromUtf8(text)).build();
    }

    private static byte[] envelope(String apiVersion, String kind, com.google.protobuf.Message object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(Runtime.Unknown.newBuilder()
            .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
            .setRaw(object.toByteString()).build().toByteArray());
        return out.toByteArray();
    }
}
