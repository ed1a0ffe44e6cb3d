package dev.o11y.sdk.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns an OTLP trace export request into plain records a test can assert on. */
final class OtlpDecoder {

  private OtlpDecoder() {}

  static List<ReceivedSpan> decode(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(
              hex(span.getTraceId()),
              hex(span.getSpanId()),
              hex(span.getParentSpanId()),
              span.getName(),
              span.getKind().name().replace("SPAN_KIND_", ""),
              span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
              span.getStatus().getMessage(),
              attributes(span.getAttributesList()),
              span.getEventsList().stream()
                  .map(e -> new ReceivedSpan.ReceivedEvent(e.getName(), attributes(e.getAttributesList())))
                  .toList(),
              span.getLinksList().stream()
                  .map(l -> new ReceivedSpan.ReceivedLink(
                      hex(l.getTraceId()), hex(l.getSpanId()), attributes(l.getAttributesList())))
                  .toList(),
              resource,
              scope,
              span.getStartTimeUnixNano(),
              span.getEndTimeUnixNano()));
        }
      }
    }
    return spans;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return Map.copyOf(map);
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(OtlpDecoder::value).toList();
      case BYTES_VALUE -> hex(value.getBytesValue());
      default -> String.valueOf(value);
    };
  }
}
