package dev.o11y.sdk.kafka.internal.spring;

/**
 * Recorded on a record's span that Spring Kafka left open: neither success, failure nor afterRecord
 * came (the listener threw an {@code Error}, the container stopped), so how the record really ended
 * is unknown, and a span ended as a success would hide it. Never thrown; no stack trace, since where
 * the span is closed says nothing about why the record was abandoned.
 */
final class RecordAbandonedException extends RuntimeException {

  RecordAbandonedException(String when) {
    super("the record's listener never returned: no success, failure or afterRecord came before " + when, null,
        false, false);
  }
}
