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
    List<EventData> sanitizedEvents = events;
    for (int i = 0; i < events.size(); i++) {
      EventData event = events.get(i);
      Attributes eventAttributes = sanitize(event.getAttributes());
      if (eventAttributes != event.getAttributes()) {
        if (sanitizedEvents == events) {
          sanitizedEvents = new ArrayList<>(events);
        }
        sanitizedEvents.set(
            i,
            EventData.create(
                event.getEpochNanos(), event.getName(), eventAttributes, event.getTotalAttributeCount()));
      }
    }
    List<LinkData> links = span.getLinks();
    List<LinkData> sanitizedLinks = links;
    for (int i = 0; i < links.size(); i++) {
      LinkData link = links.get(i);
      Attributes linkAttributes = sanitize(link.getAttributes());
      if (linkAttributes != link.getAttributes()) {
        if (sanitizedLinks == links) {
          sanitizedLinks = new ArrayList<>(links);
        }
        sanitizedLinks.set(i, LinkData.create(link.getSpanContext(), linkAttributes, link.getTotalAttributeCount()));
      }
    }
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
