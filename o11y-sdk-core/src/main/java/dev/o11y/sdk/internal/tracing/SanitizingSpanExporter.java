package dev.o11y.sdk.internal.tracing;

import dev.o11y.sdk.internal.Conventions;
import dev.o11y.sdk.internal.SecretMasker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Masks secrets/PII and removes denied keys right before export, on the exporter thread, so the
 * application thread pays nothing for it: in span names (other instrumentation may name a span after
 * a raw path), and in the attributes of spans, events and links, string arrays included (a captured
 * {@code http.request.header.authorization} is one).
 */
final class SanitizingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final Conventions conventions;

  SanitizingSpanExporter(SpanExporter delegate, Conventions conventions) {
    this.delegate = delegate;
    this.conventions = conventions;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    List<SpanData> sanitized = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      sanitized.add(sanitize(span));
    }
    return delegate.export(sanitized);
  }

  private SpanData sanitize(SpanData span) {
    String name = SecretMasker.mask(span.getName());
    Attributes attributes = sanitize(span.getAttributes());
    List<EventData> events = span.getEvents();
    List<EventData> sanitizedEvents = sanitizeEach(events, EventData::getAttributes, (event, sanitized) ->
        EventData.create(event.getEpochNanos(), event.getName(), sanitized, event.getTotalAttributeCount()));
    List<LinkData> links = span.getLinks();
    List<LinkData> sanitizedLinks = sanitizeEach(links, LinkData::getAttributes, (link, sanitized) ->
        LinkData.create(link.getSpanContext(), sanitized, link.getTotalAttributeCount()));
    if (name == span.getName() && attributes == span.getAttributes() && sanitizedEvents == events
        && sanitizedLinks == links) {
      return span;
    }
    List<EventData> finalEvents = sanitizedEvents;
    List<LinkData> finalLinks = sanitizedLinks;
    return new DelegatingSpanData(span) {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public List<EventData> getEvents() {
        return finalEvents;
      }

      @Override
      public List<LinkData> getLinks() {
        return finalLinks;
      }
    };
  }

  /** Events or links with their attributes sanitized; the same list when none changed. */
  private <T> List<T> sanitizeEach(List<T> items, Function<T, Attributes> attributesOf,
      BiFunction<T, Attributes, T> withAttributes) {
    List<T> sanitized = items;
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      Attributes original = attributesOf.apply(item);
      Attributes masked = sanitize(original);
      if (masked != original) {
        if (sanitized == items) {
          sanitized = new ArrayList<>(items);
        }
        sanitized.set(i, withAttributes.apply(item, masked));
      }
    }
    return sanitized;
  }

  /**
   * Returns the same instance when nothing needed masking or removing. Almost no span needs either,
   * so a first pass only looks, and a copy is built (masking again) only for the few that do.
   */
  Attributes sanitize(Attributes attributes) {
    boolean[] changes = {false};
    attributes.forEach((key, value) -> changes[0] |= changes(key, value));
    if (!changes[0]) {
      return attributes;
    }
    AttributesBuilder builder = Attributes.builder();
    attributes.forEach(
        (key, value) -> {
          String name = key.getKey();
          if (!conventions.allowsKey(name)) {
            return;
          }
          if (key.getType() == AttributeType.STRING) {
            builder.put(AttributeKey.stringKey(name), SecretMasker.mask(name, (String) value));
          } else if (key.getType() == AttributeType.STRING_ARRAY) {
            putUnchecked(builder, key, maskEach(name, (List<?>) value));
          } else {
            putUnchecked(builder, key, value);
          }
        });
    return builder.build();
  }

  private boolean changes(AttributeKey<?> key, Object value) {
    String name = key.getKey();
    return !conventions.allowsKey(name)
        || key.getType() == AttributeType.STRING && SecretMasker.mask(name, (String) value) != value
        || key.getType() == AttributeType.STRING_ARRAY && maskEach(name, (List<?>) value) != value;
  }

  /** The same list when masking changes no element. */
  private static List<?> maskEach(String key, List<?> values) {
    List<String> masked = null;
    for (int i = 0; i < values.size(); i++) {
      String value = (String) values.get(i);
      String published = SecretMasker.mask(key, value);
      if (published != value && masked == null) {
        masked = new ArrayList<>(values.size());
        for (int j = 0; j < i; j++) {
          masked.add((String) values.get(j));
        }
      }
      if (masked != null) {
        masked.add(published);
      }
    }
    return masked == null ? values : masked;
  }

  /** Copies an attribute whose key type is only known at run time. */
  @SuppressWarnings("unchecked")
  static void putUnchecked(AttributesBuilder builder, AttributeKey<?> key, Object value) {
    builder.put((AttributeKey<Object>) key, value);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "SanitizingSpanExporter{" + delegate + "}";
  }
}
