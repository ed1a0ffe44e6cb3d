package dev.o11y.sdk.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The OTLP/HTTP paths the receiver serves. Only traces are kept; logs and metrics are still
 * decoded so a malformed export is rejected the way a real collector would reject it.
 */
enum OtlpSignal {
  TRACES("/v1/traces", ExportTraceServiceResponse.getDefaultInstance().toByteArray()) {
    @Override
    List<ReceivedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
      return OtlpDecoder.decode(ExportTraceServiceRequest.parseFrom(body));
    }
  },
  METRICS("/v1/metrics", ExportMetricsServiceResponse.getDefaultInstance().toByteArray()) {
    @Override
    List<ReceivedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
      ExportMetricsServiceRequest.parseFrom(body);
      return List.of();
    }
  },
  LOGS("/v1/logs", ExportLogsServiceResponse.getDefaultInstance().toByteArray()) {
    @Override
    List<ReceivedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
      ExportLogsServiceRequest.parseFrom(body);
      return List.of();
    }
  };

  private final String path;
  private final byte[] emptyResponse;

  OtlpSignal(String path, byte[] emptyResponse) {
    this.path = path;
    this.emptyResponse = emptyResponse;
  }

  static Optional<OtlpSignal> forPath(String path) {
    return Arrays.stream(values()).filter(signal -> signal.path.equals(path)).findFirst();
  }

  /** The spans carried by an export body; empty for signals other than traces. */
  abstract List<ReceivedSpan> decode(byte[] body) throws InvalidProtocolBufferException;

  /** The serialized empty Export*ServiceResponse: full success, nothing rejected. */
  byte[] successResponse() {
    return emptyResponse.clone();
  }
}
