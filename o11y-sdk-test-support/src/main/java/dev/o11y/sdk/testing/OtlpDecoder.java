package dev.o11y.sdk.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Flattens an OTLP trace export into {@link ReceivedSpan}s, copying resource and scope onto each. */
final class OtlpDecoder {

  private static final HexFormat HEX = HexFormat.of();

  private OtlpDecoder() {}

  /** Fails with IllegalArgumentException on enum values this protocol version does not define. */
  static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scopeName = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(span(span, resource, scopeName));
        }
      }
    }
    return spans;
  }

  private static ReceivedSpan span(Span span, Map<String, Object> resource, String scopeName) {
    return new ReceivedSpan(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        span.getName(),
        kind(span.getKind()),
        statusCode(span.getStatus().getCode()),
        span.getStatus().getMessage(),
        attributes(span.getAttributesList()),
        span.getEventsList().stream()
            .map(event -> new ReceivedEvent(event.getName(), attributes(event.getAttributesList())))
            .toList(),
        span.getLinksList().stream()
            .map(link -> new ReceivedLink(
                hex(link.getTraceId()), hex(link.getSpanId()), attributes(link.getAttributesList())))
            .toList(),
        resource,
        scopeName,
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano());
  }

  private static ReceivedSpan.Kind kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_UNSPECIFIED -> ReceivedSpan.Kind.UNSPECIFIED;
      case SPAN_KIND_INTERNAL -> ReceivedSpan.Kind.INTERNAL;
      case SPAN_KIND_SERVER -> ReceivedSpan.Kind.SERVER;
      case SPAN_KIND_CLIENT -> ReceivedSpan.Kind.CLIENT;
      case SPAN_KIND_PRODUCER -> ReceivedSpan.Kind.PRODUCER;
      case SPAN_KIND_CONSUMER -> ReceivedSpan.Kind.CONSUMER;
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown span kind " + kind.getNumber());
    };
  }

  private static String statusCode(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_UNSET -> "UNSET";
      case STATUS_CODE_OK -> "OK";
      case STATUS_CODE_ERROR -> "ERROR";
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown status code " + code.getNumber());
    };
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  /**
   * OTLP lets an attribute carry no value at all; Java maps cannot hold that as null, and "absent"
   * is what such an attribute means to a reader, so it is left out.
   */
  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      Object value = value(keyValue.getValue());
      if (value != null) {
        map.put(keyValue.getKey(), value);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      // Stream.toList keeps a valueless element as null, so array positions stay meaningful.
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpDecoder::value).toList();
      case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList());
      case BYTES_VALUE -> hex(value.getBytesValue());
      case VALUE_NOT_SET -> null;
    };
  }
}
