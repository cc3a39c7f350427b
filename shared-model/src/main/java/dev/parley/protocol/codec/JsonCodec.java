package dev.parley.protocol.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the protocol. Strict on input: wrong JSON types are not coerced ("12" is not
 * a number, 12 is not a string), duplicate keys and trailing data are refused. Unknown properties are
 * ignored so that newer clients and servers can add fields.
 */
public final class JsonCodec {
    private final ObjectMapper mapper;

    public JsonCodec() {
        // Jackson's default buffer pool is per thread; with a virtual thread per connection that kept
        // ~27 KiB of char and byte buffers alive for every idle socket. A shared pool keeps a few.
        JsonFactory factory = JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        JsonMapper built = builder.build();
        built.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        built.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        built.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.mapper = built;
    }

    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public byte[] encodeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a REST body or any protocol value; bad input becomes a {@link ProtocolException}. */
    public <T> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new ProtocolException("bad_json", "The request body is empty; a JSON object is expected");
        }
        T value;
        try {
            value = mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw toProtocolException(e);
        }
        if (value == null) {
            throw new ProtocolException("invalid_field", "The body must be a JSON object, not null");
        }
        return value;
    }

    /** Decodes a frame from a device, keeping its requestId (when readable) for the error answer. */
    public ClientFrameDecoding decodeClientFrame(String json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return new ClientFrameDecoding.Rejected(null, "bad_json", "The frame is not valid JSON: "
                    + e.getOriginalMessage());
        }
        String requestId = tree != null && tree.path("requestId").isTextual() ? tree.get("requestId").asText() : null;
        if (tree == null || !tree.isObject()) {
            return new ClientFrameDecoding.Rejected(requestId, "bad_json", "A frame is a JSON object");
        }
        try {
            return new ClientFrameDecoding.Decoded(mapper.treeToValue(tree, ClientFrame.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            ProtocolException problem = toProtocolException(e);
            return new ClientFrameDecoding.Rejected(requestId, problem.code(), problem.getMessage());
        }
    }

    public ServerFrame decodeServerFrame(String json) {
        return decode(json, ServerFrame.class);
    }

    public JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw toProtocolException(e);
        }
    }

    private static ProtocolException toProtocolException(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProtocolException p) {
                return p;
            }
        }
        if (e instanceof InvalidTypeIdException typeId) {
            if (typeId.getTypeId() == null) {
                return new ProtocolException("missing_field", "type is required");
            }
            return new ProtocolException("unknown_type", "Unknown frame type '" + typeId.getTypeId() + "'");
        }
        if (e instanceof JsonParseException parse) {
            return new ProtocolException("bad_json", "Not valid JSON: " + parse.getOriginalMessage());
        }
        if (e instanceof JsonMappingException mapping) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            Throwable cause = mapping.getCause();
            String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : "has the wrong type or value";
            if (cause instanceof NullPointerException || cause instanceof IllegalArgumentException) {
                return new ProtocolException("invalid_field", (path.isEmpty() ? "A field" : path) + ": " + reason);
            }
            return new ProtocolException("invalid_field", path.isEmpty()
                    ? "The JSON does not have the expected shape"
                    : "Field '" + path + "' has the wrong type or value");
        }
        return new ProtocolException("bad_json", "Not valid JSON");
    }
}
